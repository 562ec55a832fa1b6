import { useEffect, useState } from 'react';
import { useClient } from '../api/client-context';
import { callStore } from '../api/optional';
import { useLiveStore } from '../state/live-store';
import { formatDateTime, formatNumber, translateCode, useI18n, useT } from '../i18n/i18n';
import type { ApiResult } from '../../../electron/shared/api/contract';
import type { SyncStatus } from '../../../electron/shared/api/methods/sync';
import { ExportButtons } from './ExportButtons';
import { MetricsHistory } from './MetricsHistory';
import { ProviderFallback } from '../providers/ProviderBadge';
import { FleetSection } from './FleetSection';

/** Per camera fps, latency, reconnects and provider; workers; sync state. Refreshes every 2 s. */
export function SystemView() {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const cameras = useLiveStore((s) => s.cameras);
  const statuses = useLiveStore((s) => s.statuses);
  const [info, setInfo] = useState<ApiResult<'system.info'>>();
  const [sync, setSync] = useState<SyncStatus | null>();

  useEffect(() => {
    const tick = () => {
      void client
        .call('system.info', {})
        .then(setInfo)
        .catch(() => undefined);
      void callStore(client, 'sync.status', {})
        .then(setSync)
        .catch(() => setSync(null));
    };
    tick();
    const timer = setInterval(tick, 2000);
    return () => clearInterval(timer);
  }, [client]);

  return (
    <section className="card" aria-labelledby="system-title">
      <h2 id="system-title">{t('system.title')}</h2>
      <ExportButtons params={{ kind: 'system' }} />
      <table className="simple wide" data-testid="system-cameras">
        <caption>{t('reports.doc.cameras')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('reports.doc.name')}</th>
            <th scope="col">{t('reports.doc.state')}</th>
            <th scope="col">fps</th>
            <th scope="col">{t('reports.doc.latencyMs')}</th>
            <th scope="col">{t('reports.doc.frames')}</th>
            <th scope="col">{t('system.lost')}</th>
            <th scope="col">{t('reports.doc.reconnects')}</th>
            <th scope="col">{t('reports.doc.provider')}</th>
            <th scope="col">{t('providers.system.fallback')}</th>
          </tr>
        </thead>
        <tbody>
          {cameras.map((c) => {
            const s = statuses[c.id];
            return (
              <tr key={c.id}>
                <th scope="row">{c.name}</th>
                <td className={`tile__state--${s?.state ?? 'connecting'}`}>
                  {t(`camera.state.${s?.state ?? 'connecting'}`)}
                </td>
                <td>{formatNumber(locale, s?.fps ?? 0)}</td>
                <td>
                  {s?.inferenceMs === undefined ? '—' : formatNumber(locale, s.inferenceMs, 0)}
                </td>
                <td>{formatNumber(locale, s?.frames ?? 0, 0)}</td>
                <td>{formatNumber(locale, s?.lost ?? 0, 0)}</td>
                <td>{formatNumber(locale, s?.reconnects ?? 0, 0)}</td>
                <td>{s?.provider ?? '—'}</td>
                <td data-testid={`system-provider-fallback-${c.id}`}>
                  <ProviderFallback status={s} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <MetricsHistory cameras={cameras} />
      {info ? (
        <>
          <p className="muted">
            {t('system.version', {
              version: info.version,
              runtime: info.runtime,
              uptime: formatNumber(locale, info.uptimeSec / 60, 0),
            })}{' '}
            ·{' '}
            <span data-testid="system-ffmpeg">
              {t('system.ffmpeg', {
                release: info.ffmpeg.release ?? '?',
                version: info.ffmpeg.version,
                year: info.ffmpeg.year ?? '?',
                source: info.ffmpeg.source,
              })}
            </span>
          </p>
          {info.ffmpeg.outdated ? (
            <p role="alert" className="error" data-testid="system-ffmpeg-outdated">
              {t('system.ffmpegOutdated', { year: info.ffmpeg.year ?? '?' })}
            </p>
          ) : null}
          <table className="simple wide" data-testid="system-evidence">
            <caption>{t('system.evidence.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reports.doc.name')}</th>
                <th scope="col">{t('system.evidence.used')}</th>
                <th scope="col">{t('system.evidence.budget')}</th>
                <th scope="col">{t('system.evidence.protected')}</th>
                <th scope="col">{t('reports.doc.state')}</th>
              </tr>
            </thead>
            <tbody>
              {info.evidence.map((u) => (
                <tr key={u.cameraId} className={`evidence-usage--${u.level}`}>
                  <th scope="row">
                    {cameras.find((c) => c.id === u.cameraId)?.name ?? u.cameraId}
                  </th>
                  <td>
                    <meter
                      min={0}
                      max={u.budgetBytes}
                      low={(u.budgetBytes * u.warnAtPercent) / 100}
                      high={(u.budgetBytes * u.warnAtPercent) / 100}
                      optimum={0}
                      value={Math.min(u.usedBytes, u.budgetBytes)}
                      aria-label={t('system.evidence.used')}
                    />{' '}
                    {formatNumber(locale, u.usedBytes / 1048576, 0)} MB (
                    {formatNumber(locale, (100 * u.usedBytes) / Math.max(1, u.budgetBytes), 0)} %)
                  </td>
                  <td>{formatNumber(locale, u.budgetBytes / 1048576, 0)} MB</td>
                  <td>{formatNumber(locale, u.protectedBytes / 1048576, 0)} MB</td>
                  <td role={u.level === 'ok' ? undefined : 'status'}>
                    {t(`system.evidence.level.${u.level}`, { pct: u.warnAtPercent })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="simple wide">
            <caption>{t('reports.doc.workers')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reports.doc.worker')}</th>
                <th scope="col">{t('reports.doc.state')}</th>
                <th scope="col">{t('reports.doc.restarts')}</th>
                <th scope="col">{t('reports.doc.memoryMb')}</th>
                <th scope="col">{t('system.cameras')}</th>
              </tr>
            </thead>
            <tbody>
              {info.workers.map((w) => (
                <tr key={w.workerId}>
                  <th scope="row">{w.workerId}</th>
                  <td>{t(`system.workerState.${w.state}`)}</td>
                  <td>{w.restarts}</td>
                  <td>
                    {w.rssBytes === undefined ? '—' : formatNumber(locale, w.rssBytes / 1e6, 0)}
                  </td>
                  <td>{w.cameras.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <h3>{t('system.sync')}</h3>
      {sync === null || sync === undefined ? (
        <p className="muted">{t('system.syncUnavailable')}</p>
      ) : (
        <p>
          {t(`system.syncState.${sync.state}`)} · {t('system.syncBehind', { n: sync.behind })}
          {sync.lastSyncAt ? ` · ${formatDateTime(locale, sync.lastSyncAt)}` : ''}
          {sync.errorCode ? ` · ${translateCode(t, sync.errorCode)}` : ''}
        </p>
      )}
      <FleetSection />
    </section>
  );
}
