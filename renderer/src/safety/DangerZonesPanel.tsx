import { useEffect, useState } from 'react';
import { useClient } from '../api/client-context';
import { translateCode, useT } from '../i18n/i18n';
import type { DangerZone } from '../../../electron/shared/api/methods/safety';
import { PPE_SEVERITIES, type PpeSeverity } from '../../../electron/shared/config/ppe';

type Danger = NonNullable<DangerZone['danger']>;

const defaultDanger = (): Danger => ({
  intrusionClasses: [],
  loiterClasses: ['person'],
  loiterSec: 60,
  severity: 'high',
});

const splitList = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** The person-down rule a zone gets when the operator ticks it: box shape, 5 s down. */
const defaultPersonDown = (): NonNullable<Danger['personDown']> => ({
  personClasses: ['person'],
  downClasses: [],
  boxHeuristic: true,
  minDurationSec: 5,
  lyingAspect: 1.3,
});

/**
 * Danger-zone rules per zone of a camera: intrusion, loitering, people near machines and a person
 * down.
 */
export function DangerZonesPanel({ cameraId }: { cameraId: string }) {
  const client = useClient();
  const t = useT();
  const [version, setVersion] = useState<number | null>(null);
  const [zones, setZones] = useState<DangerZone[]>([]);
  const [message, setMessage] = useState<string>();
  const fail = (e: { code?: string; params?: Record<string, string | number> }) =>
    setMessage(translateCode(t, e.code ?? 'api.internal', e.params));
  const load = () =>
    void client
      .call('safety.danger.get', { cameraId })
      .then((r) => {
        setVersion(r.version);
        setZones(r.zones);
      })
      .catch(fail);
  useEffect(() => {
    load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cameraId, client]);

  const setZone = (zoneId: string, danger: Danger | null) =>
    setZones((zs) => zs.map((z) => (z.zoneId === zoneId ? { ...z, danger } : z)));
  const save = () => {
    if (!version) return;
    setMessage(undefined);
    void client
      .call('safety.danger.save', {
        cameraId,
        baseVersion: version,
        zones: zones.map((z) => ({ zoneId: z.zoneId, danger: z.danger })),
      })
      .then((r) => {
        setMessage(t('safety.ppe.saved', { version: r.version }));
        load();
      })
      .catch(fail);
  };
  if (zones.length === 0) return null;
  const text = (
    z: DangerZone,
    key: 'intrusionClasses' | 'loiterClasses',
  ): React.JSX.Element | null =>
    z.danger ? (
      <input
        aria-label={`${t(`safety.danger.${key}`)} ${z.name}`}
        defaultValue={z.danger[key].join(', ')}
        onBlur={(e) => setZone(z.zoneId, { ...z.danger!, [key]: splitList(e.target.value) })}
      />
    ) : null;
  const num = (
    z: DangerZone,
    label: string,
    value: number | undefined,
    set: (v: number) => Danger,
  ): React.JSX.Element | null =>
    z.danger ? (
      <input
        type="number"
        min={0}
        step={0.5}
        aria-label={`${label} ${z.name}`}
        value={value ?? ''}
        onChange={(e) => setZone(z.zoneId, set(Number(e.target.value) || 0))}
      />
    ) : null;
  return (
    <div data-testid="safety-danger">
      <h3>{t('safety.danger.title')}</h3>
      <p className="muted">{t('safety.danger.help')}</p>
      <p className="muted">{t('safety.danger.personDownHelp')}</p>
      <table className="simple wide">
        <thead>
          <tr>
            <th scope="col">{t('safety.ppe.zone')}</th>
            <th scope="col">{t('safety.danger.enabled')}</th>
            <th scope="col">{t('safety.danger.intrusionClasses')}</th>
            <th scope="col">{t('safety.danger.loiterClasses')}</th>
            <th scope="col">{t('safety.danger.loiterSec')}</th>
            <th scope="col">{t('safety.danger.machineClasses')}</th>
            <th scope="col">{t('safety.danger.withinM')}</th>
            <th scope="col">{t('safety.danger.personDown')}</th>
            <th scope="col">{t('safety.danger.downMinDuration')}</th>
            <th scope="col">{t('safety.danger.downClasses')}</th>
            <th scope="col">{t('safety.ppe.severity')}</th>
          </tr>
        </thead>
        <tbody>
          {zones.map((z) => {
            const d = z.danger;
            const near = d?.proximity;
            const down = d?.personDown;
            return (
              <tr key={z.zoneId} data-testid={`safety-danger-${z.zoneId}`}>
                <th scope="row">{z.name || z.zoneId}</th>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${t('safety.danger.enabled')} ${z.name}`}
                    checked={d !== null}
                    onChange={(e) => setZone(z.zoneId, e.target.checked ? defaultDanger() : null)}
                  />
                </td>
                <td>{text(z, 'intrusionClasses')}</td>
                <td>{text(z, 'loiterClasses')}</td>
                <td>
                  {num(z, t('safety.danger.loiterSec'), d?.loiterSec, (v) => ({
                    ...d!,
                    loiterSec: v > 0 ? v : undefined,
                  }))}
                </td>
                <td>
                  {d ? (
                    <input
                      aria-label={`${t('safety.danger.machineClasses')} ${z.name}`}
                      defaultValue={near?.machineClasses.join(', ') ?? ''}
                      onBlur={(e) => {
                        const machineClasses = splitList(e.target.value);
                        setZone(z.zoneId, {
                          ...d,
                          proximity: machineClasses.length
                            ? {
                                personClasses: near?.personClasses ?? ['person'],
                                machineClasses,
                                withinM: near?.withinM ?? 3,
                                minDurationSec: near?.minDurationSec ?? 1,
                              }
                            : undefined,
                        });
                      }}
                    />
                  ) : null}
                </td>
                <td>
                  {near
                    ? num(z, t('safety.danger.withinM'), near.withinM, (v) => ({
                        ...d!,
                        proximity: { ...near, withinM: v > 0 ? v : near.withinM },
                      }))
                    : null}
                </td>
                <td>
                  {d ? (
                    <input
                      type="checkbox"
                      aria-label={`${t('safety.danger.personDown')} ${z.name}`}
                      checked={!!down}
                      onChange={(e) =>
                        setZone(z.zoneId, {
                          ...d,
                          personDown: e.target.checked ? defaultPersonDown() : undefined,
                        })
                      }
                    />
                  ) : null}
                </td>
                <td>
                  {down
                    ? num(z, t('safety.danger.downMinDuration'), down.minDurationSec, (v) => ({
                        ...d!,
                        personDown: { ...down, minDurationSec: v },
                      }))
                    : null}
                </td>
                <td>
                  {down ? (
                    <input
                      aria-label={`${t('safety.danger.downClasses')} ${z.name}`}
                      defaultValue={down.downClasses.join(', ')}
                      onBlur={(e) =>
                        setZone(z.zoneId, {
                          ...d!,
                          personDown: { ...down, downClasses: splitList(e.target.value) },
                        })
                      }
                    />
                  ) : null}
                </td>
                <td>
                  {d ? (
                    <select
                      aria-label={`${t('safety.ppe.severity')} ${z.name}`}
                      value={d.severity}
                      onChange={(e) =>
                        setZone(z.zoneId, { ...d, severity: e.target.value as PpeSeverity })
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
            );
          })}
        </tbody>
      </table>
      <button type="button" onClick={save} disabled={!version} data-testid="safety-danger-save">
        {t('safety.danger.save')}
      </button>
      {message ? <p role="status">{message}</p> : null}
    </div>
  );
}
