import { useEffect, useState } from 'react';
import { useClient } from '../api/client-context';
import { useLiveStore } from '../state/live-store';
import { DangerZonesPanel } from './DangerZonesPanel';
import { translateCode, useT } from '../i18n/i18n';
import type { ApiResult } from '../../../electron/shared/api/contract';
import type { PpeZone } from '../../../electron/shared/api/methods/safety';
import {
  PPE_ITEMS,
  PPE_SEVERITIES,
  type PpeItem,
  type PpeLabelMap,
  type PpeSeverity,
} from '../../../electron/shared/config/ppe';

type ZonePpe = NonNullable<PpeZone['ppe']>;

const defaultPpe = (): ZonePpe => ({
  items: ['hard-hat', 'vest'],
  minDurationSec: 2,
  severity: 'high',
  personClasses: ['person'],
});

const splitList = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** PPE required per zone, the PPE model's label mapping, and the anomaly baselines' state. */
export function SafetyView() {
  const client = useClient();
  const t = useT();
  const cameras = useLiveStore((s) => s.cameras);
  const [cameraId, setCameraId] = useState<string>();
  const [data, setData] = useState<ApiResult<'safety.ppe.get'>>();
  const [zones, setZones] = useState<PpeZone[]>([]);
  const [labels, setLabels] = useState<PpeLabelMap>({});
  const [message, setMessage] = useState<string>();
  const [baselines, setBaselines] = useState<ApiResult<'anomaly.baselines'>['series']>([]);
  const cam = cameraId ?? cameras[0]?.id;

  const load = (id: string) => {
    void client
      .call('safety.ppe.get', { cameraId: id })
      .then((r) => {
        setData(r);
        setZones(r.zones);
        setLabels(r.labels);
      })
      .catch((e: { code?: string; params?: Record<string, string | number> }) =>
        setMessage(translateCode(t, e.code ?? 'api.internal', e.params)),
      );
    void client
      .call('anomaly.baselines', { cameraId: id })
      .then((r) => setBaselines(r.series))
      .catch(() => setBaselines([]));
  };
  useEffect(() => {
    if (cam) load(cam);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cam, client]);

  const setZone = (zoneId: string, ppe: ZonePpe | null) =>
    setZones((zs) => zs.map((z) => (z.zoneId === zoneId ? { ...z, ppe } : z)));
  const used = [...new Set(zones.flatMap((z) => z.ppe?.items ?? []))];
  const setLabel = (item: PpeItem, key: 'present' | 'absent', text: string) =>
    setLabels((l) => ({
      ...l,
      [item]: {
        present: l[item]?.present ?? [],
        absent: l[item]?.absent ?? [],
        [key]: splitList(text),
      },
    }));

  const save = () => {
    if (!cam || !data?.version) return;
    setMessage(undefined);
    void client
      .call('safety.ppe.save', {
        cameraId: cam,
        baseVersion: data.version,
        zones: zones.map((z) => ({ zoneId: z.zoneId, ppe: z.ppe })),
        labels,
      })
      .then((r) => {
        setMessage(t('safety.ppe.saved', { version: r.version }));
        load(cam);
      })
      .catch((e: { code?: string; params?: Record<string, string | number> }) =>
        setMessage(translateCode(t, e.code ?? 'api.internal', e.params)),
      );
  };

  if (cameras.length === 0)
    return (
      <section className="card">
        <h2>{t('safety.title')}</h2>
        <p className="muted">{t('safety.noCameras')}</p>
      </section>
    );

  return (
    <section className="card" aria-labelledby="safety-title" data-testid="safety-view">
      <h2 id="safety-title">{t('safety.title')}</h2>
      <label>
        {t('safety.camera')}{' '}
        <select
          value={cam}
          onChange={(e) => setCameraId(e.target.value)}
          data-testid="safety-camera"
        >
          {cameras.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name || c.id}
            </option>
          ))}
        </select>
      </label>
      <h3>{t('safety.ppe.title')}</h3>
      <p className="muted">{t('safety.ppe.help')}</p>
      {data && zones.length === 0 ? <p className="muted">{t('safety.noZones')}</p> : null}
      {zones.length > 0 ? (
        <table className="simple wide" data-testid="safety-ppe-zones">
          <thead>
            <tr>
              <th scope="col">{t('safety.ppe.zone')}</th>
              <th scope="col">{t('safety.ppe.required')}</th>
              <th scope="col">{t('safety.ppe.items')}</th>
              <th scope="col">{t('safety.ppe.minDuration')}</th>
              <th scope="col">{t('safety.ppe.severity')}</th>
            </tr>
          </thead>
          <tbody>
            {zones.map((z) => (
              <tr key={z.zoneId} data-testid={`safety-zone-${z.zoneId}`}>
                <th scope="row">{z.name || z.zoneId}</th>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${t('safety.ppe.required')} ${z.name}`}
                    checked={z.ppe !== null}
                    onChange={(e) => setZone(z.zoneId, e.target.checked ? defaultPpe() : null)}
                  />
                </td>
                <td>
                  {z.ppe
                    ? PPE_ITEMS.map((item) => (
                        <label key={item} className="inline">
                          <input
                            type="checkbox"
                            checked={z.ppe!.items.includes(item)}
                            onChange={(e) => {
                              const items = e.target.checked
                                ? [...z.ppe!.items, item]
                                : z.ppe!.items.filter((i) => i !== item);
                              if (items.length) setZone(z.zoneId, { ...z.ppe!, items });
                            }}
                          />{' '}
                          {t(`safety.ppe.item.${item}`)}
                        </label>
                      ))
                    : null}
                </td>
                <td>
                  {z.ppe ? (
                    <input
                      type="number"
                      min={0}
                      max={600}
                      step={0.5}
                      aria-label={`${t('safety.ppe.minDuration')} ${z.name}`}
                      value={z.ppe.minDurationSec}
                      onChange={(e) =>
                        setZone(z.zoneId, {
                          ...z.ppe!,
                          minDurationSec: Number(e.target.value) || 0,
                        })
                      }
                    />
                  ) : null}
                </td>
                <td>
                  {z.ppe ? (
                    <select
                      aria-label={`${t('safety.ppe.severity')} ${z.name}`}
                      value={z.ppe.severity}
                      onChange={(e) =>
                        setZone(z.zoneId, { ...z.ppe!, severity: e.target.value as PpeSeverity })
                      }
                    >
                      {PPE_SEVERITIES.map((s) => (
                        <option key={s} value={s}>
                          {t(`safety.severity.${s}`)}
                        </option>
                      ))}
                    </select>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {used.length > 0 ? (
        <>
          <h3>{t('safety.ppe.labels.title')}</h3>
          <p className="muted">{t('safety.ppe.labels.help')}</p>
          <table className="simple" data-testid="safety-ppe-labels">
            <thead>
              <tr>
                <th scope="col">{t('safety.ppe.items')}</th>
                <th scope="col">{t('safety.ppe.labels.present')}</th>
                <th scope="col">{t('safety.ppe.labels.absent')}</th>
              </tr>
            </thead>
            <tbody>
              {used.map((item) => (
                <tr key={item}>
                  <th scope="row">{t(`safety.ppe.item.${item}`)}</th>
                  <td>
                    <input
                      aria-label={`${t(`safety.ppe.item.${item}`)}: ${t('safety.ppe.labels.present')}`}
                      value={(labels[item]?.present ?? []).join(', ')}
                      onChange={(e) => setLabel(item, 'present', e.target.value)}
                    />
                  </td>
                  <td>
                    <input
                      aria-label={`${t(`safety.ppe.item.${item}`)}: ${t('safety.ppe.labels.absent')}`}
                      value={(labels[item]?.absent ?? []).join(', ')}
                      onChange={(e) => setLabel(item, 'absent', e.target.value)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {zones.length > 0 ? (
        <p>
          <button type="button" onClick={save} data-testid="safety-ppe-save">
            {t('safety.ppe.save')}
          </button>
        </p>
      ) : null}
      {message ? (
        <p role="status" data-testid="safety-message">
          {message}
        </p>
      ) : null}
      {cam ? <DangerZonesPanel cameraId={cam} /> : null}
      <h3>{t('safety.anomaly.title')}</h3>
      <p className="muted">{t('safety.anomaly.help')}</p>
      {baselines.length === 0 ? (
        <p className="muted">{t('safety.anomaly.none')}</p>
      ) : (
        <table className="simple" data-testid="safety-baselines">
          <thead>
            <tr>
              <th scope="col">{t('safety.anomaly.target')}</th>
              <th scope="col">{t('safety.anomaly.class')}</th>
              <th scope="col">{t('safety.anomaly.status')}</th>
            </tr>
          </thead>
          <tbody>
            {baselines.map((b) => (
              <tr key={`${b.target}|${b.classLabel}`}>
                <td>{b.target === '*' ? t('safety.anomaly.all') : b.target}</td>
                <td>{b.classLabel === '*' ? t('safety.anomaly.all') : b.classLabel}</td>
                <td>
                  {b.status === 'ready'
                    ? t('safety.anomaly.ready', { seen: b.weeksSeen })
                    : t('safety.anomaly.learning', { seen: b.weeksSeen, needed: b.weeksNeeded })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
