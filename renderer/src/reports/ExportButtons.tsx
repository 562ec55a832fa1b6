import { useState } from 'react';
import { useClient } from '../api/client-context';
import { errorCode } from '../api/optional';
import { translateError, useI18n, useT } from '../i18n/i18n';
import { useSession } from '../state/session-store';
import type { ApiParams } from '../../../electron/common/api/contract';
import { downloadBase64 } from './download';

type ExportParams = Omit<ApiParams<'ui.reports.export'>, 'format' | 'locale' | 'operator'>;

/** CSV / XLSX / PDF buttons; the host builds the file, the browser saves it. */
export function ExportButtons({ params, disabled }: { params: ExportParams; disabled?: boolean }) {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const user = useSession((s) => s.user);
  const [busy, setBusy] = useState<string>();
  const [result, setResult] = useState<{ kind: 'ok' | 'error'; text: string }>();

  const run = (format: 'csv' | 'xlsx' | 'pdf') => {
    setBusy(format);
    setResult(undefined);
    client
      .call('ui.reports.export', {
        ...params,
        format,
        locale,
        ...(user ? { operator: user.displayName } : {}),
      })
      .then((r) => {
        downloadBase64(r.filename, r.mime, r.base64);
        setResult({ kind: 'ok', text: t('reports.exported', { file: r.filename }) });
      })
      .catch((e: unknown) => setResult({ kind: 'error', text: translateError(t, errorCode(e)) }))
      .finally(() => setBusy(undefined));
  };

  return (
    <div className="exports" role="group" aria-label={t('reports.export')}>
      <span>{t('reports.export')}</span>
      {(['csv', 'xlsx', 'pdf'] as const).map((f) => (
        <button
          key={f}
          type="button"
          onClick={() => run(f)}
          disabled={disabled || !!busy}
          data-testid={`export-${params.kind}-${f}`}
        >
          {f.toUpperCase()}
        </button>
      ))}
      {busy ? (
        <progress aria-label={t('reports.exporting', { format: busy.toUpperCase() })} />
      ) : null}
      {result ? (
        <span role={result.kind === 'error' ? 'alert' : 'status'} className={result.kind}>
          {result.text}
        </span>
      ) : null}
    </div>
  );
}
