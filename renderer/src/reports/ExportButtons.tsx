import { useEffect, useRef, useState } from 'react';
import { useClient } from '../api/client-context';
import { errorCode } from '../api/optional';
import { formatNumber, translateError, useI18n, useT } from '../i18n/i18n';
import { useSession } from '../state/session-store';
import type { ApiParams } from '../../../electron/shared/api/contract';
import type {
  ExportJobStatus,
  ReportFormat,
} from '../../../electron/shared/api/methods/report-schemas';
import { downloadBase64 } from './download';

type ExportParams = Omit<
  ApiParams<'reports.exportStart'>,
  'format' | 'locale' | 'operator' | 'includeList'
>;

/** How often a running export is asked where it is. */
const POLL_MS = 200;

/**
 * CSV / XLSX / PDF buttons. The host builds the file as a job; this polls its stage and percent
 * (a determinate bar), can cancel it, and saves the file when it is ready.
 */
export function ExportButtons({
  params,
  disabled,
  withList,
}: {
  params: ExportParams;
  disabled?: boolean;
  /** Offer "include the list of infractions" (period reports). */
  withList?: boolean;
}) {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const user = useSession((s) => s.user);
  const [includeList, setIncludeList] = useState(false);
  const [job, setJob] = useState<{ id?: string; format: ReportFormat; status?: ExportJobStatus }>();
  const [result, setResult] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  const fail = (e: unknown) => {
    if (!alive.current) return;
    setJob(undefined);
    setResult({ kind: 'error', text: translateError(t, errorCode(e)) });
  };

  const poll = (id: string, format: ReportFormat) => {
    client
      .call('reports.exportStatus', { jobId: id })
      .then((s) => {
        if (!alive.current) return;
        if (s.state === 'running') {
          setJob({ id, format, status: s });
          setTimeout(() => poll(id, format), POLL_MS);
          return;
        }
        if (s.state === 'done' && s.file) {
          setJob({ id, format, status: s });
          downloadBase64(s.file.filename, s.file.mime, s.file.base64);
          setResult({ kind: 'ok', text: t('reports.exported', { file: s.file.filename }) });
          // The full bar stays a moment so the operator sees it finish.
          setTimeout(() => alive.current && setJob(undefined), 800);
          return;
        }
        setJob(undefined);
        setResult(
          s.state === 'cancelled'
            ? { kind: 'ok', text: t('reports.cancelled') }
            : {
                kind: 'error',
                text: translateError(t, s.error ?? { code: 'ui.reports.failed', message: '' }),
              },
        );
      })
      .catch(fail);
  };

  const run = (format: ReportFormat) => {
    setJob({ format });
    setResult(undefined);
    client
      .call('reports.exportStart', {
        ...params,
        format,
        locale,
        ...(withList ? { includeList } : {}),
        ...(user ? { operator: user.displayName } : {}),
      })
      .then(({ jobId }) => {
        if (!alive.current) return;
        setJob({ id: jobId, format });
        poll(jobId, format);
      })
      .catch(fail);
  };

  const cancel = () => {
    if (job?.id) client.call('reports.exportCancel', { jobId: job.id }).catch(fail);
  };

  const status = job?.status;
  const percent = status?.percent ?? 0;
  const stage = t(`reports.stage.${status?.stage ?? 'queued'}`);
  return (
    <div className="exports" role="group" aria-label={t('reports.export')}>
      <span>{t('reports.export')}</span>
      {(['csv', 'xlsx', 'pdf'] as const).map((f) => (
        <button
          key={f}
          type="button"
          onClick={() => run(f)}
          disabled={disabled || !!job}
          data-testid={`export-${params.kind}-${f}`}
        >
          {f.toUpperCase()}
        </button>
      ))}
      {withList ? (
        <label className="exports__option">
          <input
            type="checkbox"
            checked={includeList}
            onChange={(e) => setIncludeList(e.target.checked)}
            disabled={!!job}
            data-testid="export-include-list"
          />
          {t('reports.includeList')}
        </label>
      ) : null}
      {job ? (
        <span className="exports__progress" data-testid="export-job">
          <progress
            max={100}
            value={percent}
            aria-label={t('reports.exporting', { format: job.format.toUpperCase() })}
            aria-valuetext={`${formatNumber(locale, percent, 0)} %`}
            data-testid="export-progress"
          />
          <span role="status" className="exports__stage">
            {t('reports.progress', {
              format: job.format.toUpperCase(),
              stage,
              percent: formatNumber(locale, percent, 0),
            })}
            {status?.total !== undefined && status.done !== undefined && status.stage !== 'done'
              ? ` (${t('reports.progressRows', {
                  done: formatNumber(locale, status.done, 0),
                  total: formatNumber(locale, status.total, 0),
                })})`
              : ''}
          </span>
          {status?.state !== 'done' ? (
            <button type="button" onClick={cancel} disabled={!job.id} data-testid="export-cancel">
              {t('reports.cancel')}
            </button>
          ) : null}
        </span>
      ) : null}
      {result ? (
        <span role={result.kind === 'error' ? 'alert' : 'status'} className={result.kind}>
          {result.text}
        </span>
      ) : null}
    </div>
  );
}
