import { formatDateTime, useI18n, useT } from '../i18n/i18n';
import type { VersionInfo } from './use-saved-versions';

/** "Version n by … at …" of the latest saved version, or that none was saved yet. */
export function VersionNote({ version, testId }: { version?: VersionInfo; testId: string }) {
  const t = useT();
  const locale = useI18n((s) => s.locale);
  return (
    <p className="muted small" data-testid={testId}>
      {version
        ? t('calib.version', {
            version: version.version,
            by: version.createdBy,
            at: formatDateTime(locale, version.createdAt),
          })
        : t('calib.noVersion')}
    </p>
  );
}
