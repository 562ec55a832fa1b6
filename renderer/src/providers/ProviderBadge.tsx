import { translateCode, useT } from '../i18n/i18n';
import type { CameraStatus } from '../../../electron/shared/config/camera';

/**
 * Where a camera's model actually runs (cuda, tensorrt, webgpu, cpu), and when that is not what
 * was asked for, why (the exact reason in the tooltip); while TensorRT builds its first engine,
 * says so instead.
 */
export function ProviderBadge({ status }: { status: CameraStatus | undefined }) {
  const t = useT();
  if (!status) return null;
  if (status.phase === 'building-trt-engine')
    return (
      <span className="tile__fps tile__provider" role="status" data-testid="tile-provider-phase">
        {t('providers.phase.buildingTrtEngine')}
      </span>
    );
  if (!status.provider || status.provider === 'motion') return null;
  const reason = status.providerReasonCode
    ? translateCode(t, status.providerReasonCode)
    : undefined;
  return (
    <span
      className="tile__fps tile__provider"
      title={status.providerNote}
      data-testid="tile-provider"
      data-provider={status.provider}
    >
      {reason
        ? t('providers.tile.fallback', {
            requested: status.providerRequested ?? '?',
            provider: status.provider,
            reason,
          })
        : t('providers.tile.runsOn', { provider: status.provider })}
    </span>
  );
}

/** The fallback reason of a camera for tables: translated, with the exact cause as tooltip. */
export function ProviderFallback({ status }: { status: CameraStatus | undefined }) {
  const t = useT();
  if (status?.phase === 'building-trt-engine') return <>{t('providers.phase.buildingTrtEngine')}</>;
  if (!status?.providerReasonCode) return <>—</>;
  return (
    <span title={status.providerNote}>
      {status.providerRequested ? `${status.providerRequested} → ${status.provider ?? '?'}: ` : ''}
      {translateCode(t, status.providerReasonCode)}
    </span>
  );
}
