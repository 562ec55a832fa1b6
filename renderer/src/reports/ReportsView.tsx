import { useEffect, useState } from 'react';
import { useClient } from '../api/client-context';
import { errorCode, isUnavailable } from '../api/optional';
import { useLiveStore } from '../state/live-store';
import {
  formatDateTime,
  formatNumber,
  formatSpeed,
  translateError,
  translateOr,
  useI18n,
  useT,
} from '../i18n/i18n';
import type { PeriodReport } from '../../../electron/shared/api/methods/report-schemas';
import { HourChart } from './HourChart';
import { ExportButtons } from './ExportButtons';
import { RepeatPlatesTable } from './RepeatPlatesTable';
import { localDay } from './download';
import { useCameraZones } from './use-camera-zones';
import './reports.css';
import { LocaleDateInput } from '../app/LocaleDateInput';

/** The open report reloads this often, and shortly after new infractions arrive. */
const REFRESH_MS = 30_000;
const LIVE_REFRESH_DEBOUNCE_MS = 2_000;

/** Minutes east of UTC on a local calendar date (daylight saving differs between dates). */
const tzOf = (date: string) => localDay(new Date(`${date}T12:00`)).tzOffsetMinutes;

/**
 * Reports of one day or a range of days, for all cameras or one: totals by type and status, by
 * hour (and by day for a range), mean speed excess, per camera, per zone, per line and direction,
 * and the repeat plates with their repeat-offender score; each exportable as CSV, XLSX or PDF.
 */
export function ReportsView() {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const cameras = useLiveStore((s) => s.cameras);
  const today = localDay().date;
  const [mode, setMode] = useState<'day' | 'range'>('day');
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [cameraId, setCameraId] = useState('');
  /** A zone of the chosen camera (zone ids are per camera); cleared with the camera. */
  const [zoneId, setZoneId] = useState('');
  const zonesOf = useCameraZones(cameraId ? [cameraId] : []);
  const zones = cameraId ? (zonesOf(cameraId) ?? []) : [];
  const scope = {
    ...(cameraId ? { cameraId } : {}),
    ...(cameraId && zoneId ? { zoneId } : {}),
  };
  const [report, setReport] = useState<PeriodReport>();
  const [state, setState] = useState<'loading' | 'ready' | 'unavailable' | 'error'>('loading');
  const [error, setError] = useState<string>();

  const end = mode === 'day' ? from : to;
  /** Bumped when infractions arrive (at most every few seconds) and on a timer, to reload. */
  const [tick, setTick] = useState(0);
  const [updatedAt, setUpdatedAt] = useState<number>();
  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      pending ??= setTimeout(() => {
        pending = undefined;
        setTick((n) => n + 1);
      }, LIVE_REFRESH_DEBOUNCE_MS);
    };
    const off = client.on('infraction.created', soon);
    // Reviews change the status counts without an infraction event: refresh on a timer too.
    const timer = setInterval(() => setTick((n) => n + 1), REFRESH_MS);
    return () => {
      off();
      clearInterval(timer);
      if (pending) clearTimeout(pending);
    };
  }, [client]);

  useEffect(() => {
    let live = true;
    client
      .call('reports.get', {
        from,
        to: end,
        tzOffsetMinutes: tzOf(from),
        ...(cameraId ? { cameraId } : {}),
        ...(cameraId && zoneId ? { zoneId } : {}),
      })
      .then((r) => {
        if (!live) return;
        setReport(r);
        setUpdatedAt(Date.now());
        setState('ready');
      })
      .catch((e: unknown) => {
        if (!live) return;
        const err = errorCode(e);
        setState(isUnavailable(e) || err.code === 'ui.reports.noStore' ? 'unavailable' : 'error');
        setError(translateError(t, err));
      });
    return () => {
      live = false;
    };
  }, [client, from, end, cameraId, zoneId, t, tick]);

  const n = (v: number) => formatNumber(locale, v, 0);
  const typeList = (byType: Record<string, number>) =>
    Object.entries(byType)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${translateOr(t, `infraction.type.${k}`, k)} ${n(v)}`)
      .join(' · ');

  return (
    <section className="card reports" aria-labelledby="reports-title">
      <h2 id="reports-title">{t(mode === 'day' ? 'reports.daily' : 'reports.range')}</h2>
      <div className="toolbar">
        <label>
          {t('reports.mode')}
          <select
            value={mode}
            onChange={(e) => setMode(e.target.value as 'day' | 'range')}
            data-testid="report-mode"
          >
            <option value="day">{t('reports.mode.day')}</option>
            <option value="range">{t('reports.mode.range')}</option>
          </select>
        </label>
        <label>
          {t(mode === 'day' ? 'reports.date' : 'reports.from')}
          <LocaleDateInput
            kind="date"
            required
            value={from}
            max={mode === 'range' ? to : undefined}
            onChange={(v) => v && setFrom(v)}
          />
        </label>
        {mode === 'range' ? (
          <label>
            {t('reports.to')}
            <LocaleDateInput
              kind="date"
              required
              value={to}
              min={from}
              onChange={(v) => v && setTo(v)}
            />
          </label>
        ) : null}
        <label>
          {t('review.filter.camera')}
          <select
            value={cameraId}
            onChange={(e) => {
              setCameraId(e.target.value);
              setZoneId('');
            }}
          >
            <option value="">{t('reports.doc.allCameras')}</option>
            {cameras.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        {cameraId ? (
          <label>
            {t('reports.zone.select')}
            <select
              value={zoneId}
              onChange={(e) => setZoneId(e.target.value)}
              data-testid="report-zone"
            >
              <option value="">{t('reports.zone.all')}</option>
              {zones.map((z) => (
                <option key={z.id} value={z.id}>
                  {z.name || z.id}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      <ExportButtons
        params={
          mode === 'day'
            ? {
                kind: 'daily',
                date: from,
                tzOffsetMinutes: tzOf(from),
                ...scope,
              }
            : {
                kind: 'range',
                from,
                to,
                tzOffsetMinutes: tzOf(from),
                ...scope,
              }
        }
        withList
        disabled={state !== 'ready'}
      />
      {state === 'ready' && updatedAt ? (
        <p className="muted small" data-testid="report-updated" aria-live="polite">
          {t('reports.updatedAt', { time: formatDateTime(locale, updatedAt, 'time') })}
        </p>
      ) : null}
      {state === 'unavailable' ? <p className="muted">{t('reports.unavailable')}</p> : null}
      {state === 'error' ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {state === 'ready' && report ? (
        <>
          <div className="kpis">
            <div>
              <span className="kpi">{n(report.total)}</span>
              {t('reports.doc.total')}
            </div>
            <div>
              <span className="kpi">
                {/* The label carries the unit (km/h): the figure is shown bare, the unit once. */}
                {report.avgSpeedExcessKmh === undefined
                  ? '—'
                  : formatNumber(locale, report.avgSpeedExcessKmh, 1)}
              </span>
              {t('reports.doc.avgExcess')}
            </div>
            <div>
              <span className="kpi">{n(report.speedInfractions)}</span>
              {t('reports.doc.speedInfractions')}
            </div>
            {report.days > 1 ? (
              <div>
                <span className="kpi">{n(report.days)}</span>
                {t('reports.doc.days')}
              </div>
            ) : null}
          </div>
          <div className="charts">
            <HourChart
              values={report.byHour}
              label={t('reports.doc.byHour')}
              xTitle={t('reports.doc.hour')}
              yTitle={t('reports.axis.infractions')}
            />
            {report.days > 1 ? (
              <HourChart
                values={report.byDay.map((d) => d.count)}
                labels={report.byDay.map((d) => d.date.slice(5))}
                label={t('reports.doc.byDay')}
                xTitle={t('reports.doc.day')}
                yTitle={t('reports.axis.infractions')}
              />
            ) : null}
          </div>
          <RepeatPlatesTable plates={report.repeatPlates} scoredAt={report.scoredAt} />
          <div className="tables">
            <Table
              title={t('reports.doc.byType')}
              rows={Object.entries(report.byType).map(([k, v]) => [
                translateOr(t, `infraction.type.${k}`, k),
                n(v),
              ])}
            />
            <Table
              title={t('reports.doc.byStatus')}
              rows={Object.entries(report.byStatus).map(([k, v]) => [
                translateOr(t, `review.status.${k}`, k),
                n(v),
              ])}
            />
            <Table
              title={t('reports.doc.byCamera')}
              testId="report-cameras"
              rows={report.byCamera.map((c) => [
                c.name ?? c.cameraId,
                n(c.total),
                c.avgSpeedExcessKmh === undefined ? '—' : formatSpeed(locale, c.avgSpeedExcessKmh),
              ])}
            />
            <Table
              title={t('reports.doc.byZone')}
              testId="report-zones"
              wide
              rows={report.byZone.map((z) => [
                `${z.name ?? z.zoneId} · ${cameras.find((c) => c.id === z.cameraId)?.name ?? z.cameraId}`,
                n(z.total),
                typeList(z.byType),
              ])}
            />
            <Table
              title={t('reports.doc.lines')}
              testId="report-lines"
              rows={report.lines.map((l) => [
                `${l.name ?? l.lineId} · ${cameras.find((c) => c.id === l.cameraId)?.name ?? l.cameraId}`,
                l.direction,
                n(l.count),
              ])}
            />
          </div>
        </>
      ) : null}
    </section>
  );
}

function Table({
  title,
  rows,
  testId,
  wide,
}: {
  title: string;
  rows: string[][];
  testId?: string;
  /** Takes two columns of the grid (rows with a breakdown). */
  wide?: boolean;
}) {
  const t = useT();
  return (
    <table className={wide ? 'simple span-2' : 'simple'} data-testid={testId}>
      <caption>{title}</caption>
      <tbody>
        {rows.length ? (
          rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) =>
                j === 0 ? (
                  <th key={j} scope="row">
                    {c}
                  </th>
                ) : (
                  <td key={j}>{c}</td>
                ),
              )}
            </tr>
          ))
        ) : (
          <tr>
            <td className="muted">{t('reports.none')}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
