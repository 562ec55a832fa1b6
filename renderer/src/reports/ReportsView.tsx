import { useEffect, useState } from 'react';
import { useClient } from '../api/client-context';
import { callStore, errorCode, isUnavailable } from '../api/optional';
import { useLiveStore } from '../state/live-store';
import { formatNumber, formatSpeed, translateError, useI18n, useT } from '../i18n/i18n';
import type { DailyReport } from '../../../electron/common/api/methods/store';
import { HourChart } from './HourChart';
import { ExportButtons } from './ExportButtons';
import { localDay } from './download';

/** Daily report per camera: totals by type and status, by hour (chart), repeat plates, lines. */
export function ReportsView() {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const cameras = useLiveStore((s) => s.cameras);
  const [day, setDay] = useState(localDay());
  const [cameraId, setCameraId] = useState('');
  const [report, setReport] = useState<DailyReport>();
  const [state, setState] = useState<'loading' | 'ready' | 'unavailable' | 'error'>('loading');
  const [error, setError] = useState<string>();

  useEffect(() => {
    callStore(client, 'reports.daily', {
      date: day.date,
      tzOffsetMinutes: day.tzOffsetMinutes,
      ...(cameraId ? { cameraId } : {}),
    })
      .then((r) => (setReport(r), setState('ready')))
      .catch((e: unknown) => {
        setState(isUnavailable(e) ? 'unavailable' : 'error');
        setError(translateError(t, errorCode(e)));
      });
  }, [client, day, cameraId, t]);

  return (
    <section className="card reports" aria-labelledby="reports-title">
      <h2 id="reports-title">{t('reports.daily')}</h2>
      <div className="toolbar">
        <label>
          {t('reports.date')}
          <input
            type="date"
            value={day.date}
            onChange={(e) =>
              e.target.value &&
              setDay({
                date: e.target.value,
                tzOffsetMinutes: localDay(new Date(`${e.target.value}T12:00`)).tzOffsetMinutes,
              })
            }
          />
        </label>
        <label>
          {t('review.filter.camera')}
          <select value={cameraId} onChange={(e) => setCameraId(e.target.value)}>
            <option value="">{t('reports.doc.allCameras')}</option>
            {cameras.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <ExportButtons
          params={{
            kind: 'daily',
            date: day.date,
            tzOffsetMinutes: day.tzOffsetMinutes,
            ...(cameraId ? { cameraId } : {}),
          }}
          disabled={state !== 'ready'}
        />
      </div>
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
              <span className="kpi">{formatNumber(locale, report.total, 0)}</span>
              {t('reports.doc.total')}
            </div>
            <div>
              <span className="kpi">
                {report.avgSpeedExcessKmh === undefined
                  ? '—'
                  : formatSpeed(locale, report.avgSpeedExcessKmh)}
              </span>
              {t('reports.doc.avgExcess')}
            </div>
          </div>
          <HourChart values={report.byHour} label={t('reports.doc.byHour')} />
          <div className="tables">
            <Table
              title={t('reports.doc.byType')}
              rows={Object.entries(report.byType).map(([k, v]) => [
                t(`infraction.type.${k}`),
                formatNumber(locale, v, 0),
              ])}
            />
            <Table
              title={t('reports.doc.byStatus')}
              rows={Object.entries(report.byStatus).map(([k, v]) => [
                t(`review.status.${k}`),
                formatNumber(locale, v, 0),
              ])}
            />
            <Table
              title={t('reports.doc.topPlates')}
              rows={report.topPlates.map((p) => [p.plate, formatNumber(locale, p.count, 0)])}
            />
            <Table
              title={t('reports.doc.lines')}
              rows={report.lines.map((l) => [
                `${l.lineId} ${l.direction}`,
                formatNumber(locale, l.count, 0),
              ])}
            />
          </div>
        </>
      ) : null}
    </section>
  );
}

function Table({ title, rows }: { title: string; rows: string[][] }) {
  const t = useT();
  return (
    <table className="simple">
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
