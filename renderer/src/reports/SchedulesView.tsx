import { useCallback, useEffect, useMemo, useState } from 'react';
import { useClient } from '../api/client-context';
import { errorCode, isUnavailable } from '../api/optional';
import { formatDateTime, translateError, translateOr, useI18n, useT } from '../i18n/i18n';
import { useLiveStore } from '../state/live-store';
import { TextField } from '../settings/TextField';
import { SettingsMessage, type Msg } from '../settings/SettingsMessage';
import type {
  ReportSchedule,
  ScheduleRun,
} from '../../../electron/shared/api/methods/report-schedules';
import type { Channel } from '../../../electron/shared/api/methods/notifications';
import type { ReportFormat } from '../../../electron/shared/api/methods/report-schemas';
import type { MessageKey } from '../../../electron/shared/i18n';
import {
  blankScheduleForm,
  buildSchedule,
  describeWhen,
  runStateKey,
  scheduleFormOf,
  splitRunError,
  toggleZone,
  withCameras,
  zoneChoices,
  type ScheduleForm,
} from './schedule-form';
import { useCameraZones } from './use-camera-zones';
import { LocaleDateInput } from '../app/LocaleDateInput';

type Listed = ReportSchedule & { nextRunAt?: number };
const FORMATS: ReportFormat[] = ['pdf', 'xlsx', 'csv'];
const TIME_ZONES: string[] = (() => {
  try {
    return (
      (Intl as { supportedValuesOf?(k: string): string[] }).supportedValuesOf?.('timeZone') ?? []
    );
  } catch {
    return [];
  }
})();

/** Reports → Schedules: the scheduled reports with their next run, a form, run now and history. */
export function SchedulesView() {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const [items, setItems] = useState<Listed[] | null>();
  const [runs, setRuns] = useState<ScheduleRun[]>([]);
  const [channels, setChannels] = useState<Channel[]>();
  const [form, setForm] = useState<ScheduleForm>();
  const [editing, setEditing] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const [msg, setMsg] = useState<Msg>();
  const fail = useCallback(
    (e: unknown) => setMsg({ kind: 'error', text: translateError(t, errorCode(e)) }),
    [t],
  );

  const load = useCallback(() => {
    client
      .call('schedules.list', {})
      .then((r) => setItems(r.items))
      .catch((e: unknown) => (isUnavailable(e) ? setItems(null) : fail(e)));
    client
      .call('schedules.runs', { limit: 50 })
      .then((r) => setRuns(r.items))
      .catch(() => setRuns([]));
  }, [client, fail]);
  useEffect(() => {
    load();
    // Email channels are listed for administrators; others type the channel ids.
    client
      .call('notify.channels', {})
      .then((r) => setChannels(r.items.filter((c) => c.settings.kind === 'email')))
      .catch(() => setChannels(undefined));
  }, [client, load]);

  const save = () => {
    if (!form) return;
    const built = buildSchedule(form);
    if (!built.ok) {
      setMsg({
        kind: 'error',
        text: (t as (k: MessageKey, p?: Record<string, string>) => string)(
          built.problem.key,
          built.problem.params,
        ),
      });
      return;
    }
    client
      .call('schedules.save', built.schedule)
      .then((r) => {
        setMsg({ kind: 'ok', text: t('schedules.saved', { name: r.schedule.name }) });
        setForm(undefined);
        setEditing(undefined);
        load();
      })
      .catch(fail);
  };

  const runNow = (id: string) => {
    setBusy(id);
    client
      .call('schedules.runNow', { id })
      .then(() => load())
      .catch(fail)
      .finally(() => setBusy(undefined));
  };

  const remove = (s: Listed) => {
    if (!window.confirm(t('schedules.deleteConfirm', { name: s.name }))) return;
    client
      .call('schedules.delete', { id: s.id })
      .then(() => load())
      .catch(fail);
  };

  if (items === null)
    return (
      <section className="card" aria-labelledby="schedules-title">
        <h2 id="schedules-title">{t('schedules.title')}</h2>
        <p className="muted">{t('schedules.unavailable')}</p>
      </section>
    );

  const names = new Map((items ?? []).map((s) => [s.id, s.name]));
  return (
    <section className="card schedules" aria-labelledby="schedules-title">
      <h2 id="schedules-title">{t('schedules.title')}</h2>
      <p className="muted">{t('schedules.intro')}</p>
      {items && !items.length ? <p className="muted">{t('schedules.empty')}</p> : null}
      {items?.length ? (
        <table className="simple wide" data-testid="schedules-table">
          <thead>
            <tr>
              <th>{t('schedules.col.name')}</th>
              <th>{t('schedules.col.when')}</th>
              <th>{t('schedules.col.next')}</th>
              <th>{t('schedules.col.delivery')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.name}</th>
                <td>
                  {describeWhen(t, s)} ({s.timeZone})
                </td>
                <td>
                  {s.enabled && s.nextRunAt !== undefined
                    ? formatDateTime(locale, s.nextRunAt)
                    : t('schedules.disabled')}
                </td>
                <td>
                  {[
                    s.saveToFolder ? t('schedules.delivery.folder') : '',
                    s.emailChannelIds.length
                      ? t('schedules.delivery.email', {
                          n: s.emailChannelIds.length + (s.recipients.length ? 1 : 0),
                        })
                      : '',
                  ]
                    .filter(Boolean)
                    .join(' · ')}{' '}
                  {s.formats.map((f) => f.toUpperCase()).join(', ')}
                </td>
                <td>
                  <button type="button" disabled={busy !== undefined} onClick={() => runNow(s.id)}>
                    {busy === s.id ? t('schedules.running') : t('schedules.runNow')}
                  </button>{' '}
                  <button
                    type="button"
                    onClick={() => {
                      setEditing(s.id);
                      setForm(scheduleFormOf(s));
                    }}
                  >
                    {t('schedules.edit')}
                  </button>{' '}
                  <button type="button" onClick={() => remove(s)}>
                    {t('schedules.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <SettingsMessage msg={msg} />
      {form ? (
        <ScheduleEditor
          form={form}
          setForm={setForm}
          isNew={editing === undefined}
          channels={channels}
          onSave={save}
          onCancel={() => {
            setForm(undefined);
            setEditing(undefined);
          }}
        />
      ) : (
        <button type="button" onClick={() => setForm(blankScheduleForm())}>
          {t('schedules.new')}
        </button>
      )}
      <h3>{t('schedules.history')}</h3>
      {runs.length ? (
        <table className="simple wide" data-testid="schedule-runs">
          <thead>
            <tr>
              <th>{t('schedules.col.name')}</th>
              <th>{t('schedules.col.started')}</th>
              <th>{t('schedules.col.slot')}</th>
              <th>{t('schedules.col.state')}</th>
              <th>{t('schedules.col.files')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => {
              const err = splitRunError(r.error);
              return (
                <tr key={r.id} className={r.state}>
                  <td>{names.get(r.scheduleId) ?? r.scheduleId}</td>
                  <td>{formatDateTime(locale, r.startedAt)}</td>
                  <td>
                    {formatDateTime(locale, r.dueAt)}
                    {r.late ? ` · ${t('schedules.late')}` : ''}
                  </td>
                  <td>
                    {t(runStateKey(r))}
                    {r.error ? (
                      <div role="note" className="error">
                        {translateOr(t, err.code, err.code)} — {err.message}
                      </div>
                    ) : null}
                  </td>
                  <td>{r.files.map((f) => f.name).join(', ')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('schedules.historyEmpty')}</p>
      )}
    </section>
  );
}

function ScheduleEditor({
  form,
  setForm,
  isNew,
  channels,
  onSave,
  onCancel,
}: {
  form: ScheduleForm;
  setForm(f: ScheduleForm): void;
  isNew: boolean;
  channels?: Channel[];
  onSave(): void;
  onCancel(): void;
}) {
  const t = useT();
  const cameras = useLiveStore((s) => s.cameras);
  const set = <K extends keyof ScheduleForm>(k: K, v: ScheduleForm[K]) =>
    setForm({ ...form, [k]: v });
  const toggle = <T,>(list: T[], v: T, on: boolean) =>
    on ? [...list.filter((x) => x !== v), v] : list.filter((x) => x !== v);
  const weekdays = useMemo(() => [1, 2, 3, 4, 5, 6, 0], []);
  const zonesOf = useCameraZones(form.cameraIds.length ? form.cameraIds : cameras.map((c) => c.id));
  const zones = zoneChoices(cameras, form.cameraIds, zonesOf, (zone, camera) =>
    t('schedules.zoneOf', { zone, camera }),
  );
  return (
    <form
      className="schedule-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
    >
      <h3>{isNew ? t('schedules.new') : t('schedules.edit')}</h3>
      <TextField
        label={t('schedules.field.name')}
        value={form.name}
        onChange={(v) => set('name', v)}
      />
      {isNew ? (
        <TextField
          label={t('schedules.field.id')}
          value={form.id}
          placeholder="diario-operaciones"
          onChange={(v) => set('id', v)}
        />
      ) : null}
      <label>
        <input
          type="checkbox"
          checked={form.enabled}
          onChange={(e) => set('enabled', e.target.checked)}
        />
        {t('schedules.field.enabled')}
      </label>
      <label>
        {t('analyticsExport.schedule.report')}
        <select
          value={form.report}
          onChange={(e) => set('report', e.target.value as ScheduleForm['report'])}
          data-testid="schedule-report"
        >
          <option value="infractions">{t('analyticsExport.schedule.infractions')}</option>
          <option value="analytics">{t('analyticsExport.schedule.analytics')}</option>
        </select>
      </label>
      <label>
        {t('schedules.field.frequency')}
        <select
          value={form.frequency}
          onChange={(e) => set('frequency', e.target.value as ScheduleForm['frequency'])}
        >
          <option value="daily">{t('schedules.frequency.daily')}</option>
          <option value="weekly">{t('schedules.frequency.weekly')}</option>
          <option value="monthly">{t('schedules.frequency.monthly')}</option>
        </select>
      </label>
      <label>
        {t('schedules.field.at')}
        <LocaleDateInput kind="time" value={form.at} onChange={(v) => set('at', v)} />
      </label>
      {form.frequency === 'weekly' ? (
        <label>
          {t('schedules.field.weekday')}
          <select value={form.weekday} onChange={(e) => set('weekday', Number(e.target.value))}>
            {weekdays.map((d) => (
              <option key={d} value={d}>
                {t(`schedules.weekday.${d}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {form.frequency === 'monthly' ? (
        <TextField
          label={t('schedules.field.monthDay')}
          hint={t('schedules.field.monthDayHint')}
          type="number"
          min={1}
          max={31}
          value={String(form.monthDay)}
          onChange={(v) => set('monthDay', Math.max(1, Math.min(31, Number(v) || 1)))}
        />
      ) : null}
      <label>
        {t('schedules.field.timeZone')}
        <input
          list="schedule-zones"
          value={form.timeZone}
          onChange={(e) => set('timeZone', e.target.value)}
        />
        <datalist id="schedule-zones">
          {TIME_ZONES.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </label>
      <fieldset>
        <legend>{t('schedules.field.formats')}</legend>
        {FORMATS.map((f) => (
          <label key={f}>
            <input
              type="checkbox"
              checked={form.formats.includes(f)}
              onChange={(e) => set('formats', toggle(form.formats, f, e.target.checked))}
            />
            {f.toUpperCase()}
          </label>
        ))}
      </fieldset>
      <label>
        {t('schedules.field.locale')}
        <select value={form.locale} onChange={(e) => set('locale', e.target.value as 'es' | 'en')}>
          <option value="es">Español</option>
          <option value="en">English</option>
        </select>
      </label>
      <fieldset>
        <legend>{t('schedules.field.cameras')}</legend>
        <label>
          <input
            type="checkbox"
            checked={!form.cameraIds.length}
            onChange={(e) => e.target.checked && setForm(withCameras(form, []))}
          />
          {t('schedules.field.allCameras')}
        </label>
        {cameras.map((c) => (
          <label key={c.id}>
            <input
              type="checkbox"
              checked={form.cameraIds.includes(c.id)}
              onChange={(e) =>
                setForm(withCameras(form, toggle(form.cameraIds, c.id, e.target.checked)))
              }
            />
            {c.name}
          </label>
        ))}
      </fieldset>
      <fieldset data-testid="schedule-zones">
        <legend title={t('schedules.field.zonesHint')}>{t('schedules.field.zones')}</legend>
        {zones.length ? (
          zones.map((z) => (
            <label key={`${z.cameraId}/${z.zoneId}`}>
              <input
                type="checkbox"
                checked={form.zones.some((x) => x.cameraId === z.cameraId && x.zoneId === z.zoneId)}
                onChange={(e) => set('zones', toggleZone(form.zones, z, e.target.checked))}
              />
              {z.label}
            </label>
          ))
        ) : (
          <p className="muted">{t('schedules.field.noZones')}</p>
        )}
      </fieldset>
      <fieldset>
        <legend>{t('schedules.field.channels')}</legend>
        {channels === undefined ? (
          <TextField
            label={t('schedules.field.channels')}
            value={form.emailChannelIds.join(', ')}
            onChange={(v) =>
              set(
                'emailChannelIds',
                v
                  .split(/[,\s]+/)
                  .map((x) => x.trim())
                  .filter(Boolean),
              )
            }
          />
        ) : channels.length ? (
          channels.map((c) => (
            <label key={c.id}>
              <input
                type="checkbox"
                checked={form.emailChannelIds.includes(c.id)}
                onChange={(e) =>
                  set('emailChannelIds', toggle(form.emailChannelIds, c.id, e.target.checked))
                }
              />
              {c.name}
            </label>
          ))
        ) : (
          <p className="muted">{t('schedules.field.noChannels')}</p>
        )}
        <TextField
          label={t('schedules.field.recipients')}
          value={form.recipients}
          onChange={(v) => set('recipients', v)}
        />
      </fieldset>
      <TextField
        label={t('schedules.field.folder')}
        value={form.saveToFolder}
        onChange={(v) => set('saveToFolder', v)}
      />
      <div className="toolbar">
        <button type="submit">{t('schedules.save')}</button>
        <button type="button" onClick={onCancel}>
          {t('schedules.cancel')}
        </button>
      </div>
    </form>
  );
}
