import { useEffect, useState } from 'react';
import { useClient } from '../api/client-context';
import { translateError, useT } from '../i18n/i18n';
import type { ApiResult } from '../../../electron/shared/api/contract';

type Score = ApiResult<'plates.repeatOffender'>;
type Enrichment = ApiResult<'plates.enrichment'>;

/**
 * What the plate says beyond its text: the repeat-offender score with its formula shown (never a
 * black box) and what the vehicle registry answered. Both are optional extras: a failure only
 * hides the line.
 */
export function PlateInsights({ infractionId, plate }: { infractionId: string; plate?: string }) {
  const client = useClient();
  const t = useT();
  const [score, setScore] = useState<Score>();
  const [vehicle, setVehicle] = useState<Enrichment>();

  useEffect(() => {
    // Mounted with key={infractionId}: state starts empty for each infraction.
    let live = true;
    if (plate)
      client.call('plates.repeatOffender', { plate }).then(
        (s) => live && setScore(s),
        () => undefined,
      );
    client.call('plates.enrichment', { infractionId }).then(
      (e) => live && setVehicle(e),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, infractionId, plate]);

  return (
    <>
      {score ? (
        <>
          <dt>{t('review.repeatOffender')}</dt>
          <dd data-testid="repeat-offender" title={score.explanation}>
            {t('review.repeatOffender.value', {
              score: score.score,
              level: t(`review.repeatOffender.level.${score.level}`),
            })}
            <span className="muted">
              {' '}
              {t('review.repeatOffender.factors', {
                d30: score.factors.count30,
                d90: score.factors.count90,
                d365: score.factors.count365,
              })}
            </span>
          </dd>
        </>
      ) : null}
      {vehicle && vehicle.status !== 'disabled' && vehicle.status !== 'no-plate' ? (
        <>
          <dt>{t('review.vehicle')}</dt>
          <dd data-testid="vehicle-registry">
            {vehicle.status === 'found' && vehicle.vehicle
              ? [
                  vehicle.vehicle.make,
                  vehicle.vehicle.model,
                  vehicle.vehicle.colour,
                  vehicle.vehicle.ownerRef,
                ]
                  .filter(Boolean)
                  .join(' · ')
              : vehicle.status === 'failed'
                ? t('review.vehicle.failed', {
                    reason: vehicle.reason
                      ? translateError(t, { code: vehicle.reason, message: vehicle.message ?? '' })
                      : (vehicle.message ?? ''),
                  })
                : t(`review.vehicle.${vehicle.status}`)}
          </dd>
        </>
      ) : null}
    </>
  );
}
