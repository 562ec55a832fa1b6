import { formatDateTime, formatNumber, useI18n, useT } from '../i18n/i18n';
import type { ApiResult } from '../../../electron/shared/api/contract';

type Search = Pick<ApiResult<'tracks.searchByAppearance'>, 'scanned' | 'hits'>;

/** Ranked results, best first, each with its snapshot, camera, time and similarity. */
export function AppearanceResults({ result }: { result: Search }) {
  const t = useT();
  const locale = useI18n((s) => s.locale);
  return (
    <div className="appearance-results" data-testid="appearance-results">
      <p className="muted">{t('tracks.search.scanned', { count: result.scanned })}</p>
      {result.hits.length === 0 ? <p>{t('tracks.search.none')}</p> : null}
      <ol>
        {result.hits.map((h) => (
          <li key={h.embeddingId} data-testid="appearance-hit">
            {h.snapshot ? (
              <img
                src={`data:image/jpeg;base64,${h.snapshot}`}
                alt={`${h.classLabel} #${h.trackId}`}
              />
            ) : null}
            <div>
              <strong>{h.cameraName ?? h.cameraId}</strong>
              <div>{formatDateTime(locale, h.firstSeen)}</div>
              <div>
                {t('tracks.search.similarity', {
                  value: formatNumber(locale, h.similarity * 100, 0),
                })}
              </div>
              {h.labels?.length ? <div className="muted">{h.labels.join(' · ')}</div> : null}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
