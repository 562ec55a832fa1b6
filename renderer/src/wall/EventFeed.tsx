import { useLiveStore } from '../state/live-store';
import { formatDateTime, formatNumber, useI18n, useT } from '../i18n/i18n';
import { navigate } from '../state/router';

/** Newest infractions and alerts as they arrive; clicking one opens it in review. */
export function EventFeed() {
  const feed = useLiveStore((s) => s.feed);
  const cameras = useLiveStore((s) => s.cameras);
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const name = (id: string) => cameras.find((c) => c.id === id)?.name ?? id;
  return (
    <aside className="feed" aria-label={t('feed.title')}>
      <h2>{t('feed.title')}</h2>
      {!feed.length ? <p className="muted">{t('feed.empty')}</p> : null}
      <ol className="feed__list">
        {feed.map((e) => (
          <li key={e.id}>
            <button
              type="button"
              className={`feed__item feed__item--${e.category}`}
              onClick={() => navigate('review', e.id)}
            >
              <span className="feed__type">{t(`infraction.type.${e.type}`)}</span>
              <span className="feed__cam">{name(e.cameraId)}</span>
              <time className="feed__time">{formatDateTime(locale, e.occurredAt, 'time')}</time>
              {e.measured.speedKmh !== undefined ? (
                <span>{formatNumber(locale, e.measured.speedKmh, 0)} km/h</span>
              ) : null}
              {e.plate ? <span className="plate">{e.plate.text}</span> : null}
            </button>
          </li>
        ))}
      </ol>
    </aside>
  );
}
