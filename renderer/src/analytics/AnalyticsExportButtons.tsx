import { useState } from 'react';
import { useClient } from '../api/client-context';
import { translateCode, useI18n, useT } from '../i18n/i18n';
import { useSession } from '../state/session-store';
import { downloadBase64 } from '../reports/download';
import type { ApiParams } from '../../../electron/shared/api/contract';
import type { ReportFormat } from '../../../electron/shared/api/methods/report-schemas';

type Filters = Omit<
  ApiParams<'analyticsExports.export'>,
  'format' | 'locale' | 'operator' | 'tzOffsetMinutes'
>;

const FORMATS: ReportFormat[] = ['csv', 'xlsx', 'pdf'];

/**
 * CSV / XLSX / PDF of what the Analytics view shows: the host builds the file from the same
 * filters and the browser saves it.
 */
export function AnalyticsExportButtons({
  filters,
  disabled,
}: {
  filters: Filters;
  disabled?: boolean;
}) {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const user = useSession((s) => s.user);
  const [busy, setBusy] = useState<ReportFormat>();
  const [error, setError] = useState<string>();

  const run = (format: ReportFormat) => {
    setBusy(format);
    setError(undefined);
    client
      .call('analyticsExports.export', {
        ...filters,
        format,
        locale,
        // The file's times in this browser's offset at the start of the period.
        tzOffsetMinutes: -new Date(filters.from).getTimezoneOffset(),
        ...(user ? { operator: user.displayName } : {}),
      })
      .then(
        (file) => downloadBase64(file.filename, file.mime, file.base64),
        (err: unknown) => {
          const code = (err as { code?: string }).code;
          setError(code ? translateCode(t, code) : t('analyticsExport.failed'));
        },
      )
      .finally(() => setBusy(undefined));
  };

  return (
    <div className="analytics__export" role="group" aria-label={t('analyticsExport.export')}>
      <span>{busy ? t('analyticsExport.exporting') : t('analyticsExport.export')}</span>
      {FORMATS.map((f) => (
        <button
          key={f}
          type="button"
          disabled={disabled || busy !== undefined}
          onClick={() => run(f)}
          data-testid={`analytics-export-${f}`}
        >
          {t(`analyticsExport.${f}`)}
        </button>
      ))}
      {error && <span role="alert">{error}</span>}
    </div>
  );
}
