import { useEffect, useState } from 'react';
import { useClient } from '../api/client-context';
import { translateError, useT } from '../i18n/i18n';
import type { ApiResult } from '../../../electron/shared/api/contract';
import { ImageAppearanceSearch } from './ImageAppearanceSearch';
import { AppearanceResults } from './AppearanceResults';
import './appearance.css';

type Track = ApiResult<'tracks.get'>;
type Search = ApiResult<'tracks.searchByAppearance'>;

const DAY = 86_400_000;

/**
 * An infraction's track as the history keeps it: the second-stage labels, and when an appearance
 * embedding was kept, "find where else this person / vehicle went": the search by appearance over
 * the same day or week, every camera, results ranked with their snapshots. Optional: a failure
 * or a track not finished yet only hides it.
 */
export function TrackAppearance({
  cameraId,
  trackId,
  at,
}: {
  cameraId: string;
  trackId: number;
  at: number;
}) {
  const client = useClient();
  const t = useT();
  const [track, setTrack] = useState<Track>();
  const [range, setRange] = useState<'day' | 'week'>('day');
  const [search, setSearch] = useState<Search>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    client.call('tracks.get', { cameraId, trackId, at: Math.round(at) }).then(
      (r) => live && setTrack(r),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, cameraId, trackId, at]);

  // Loading; a track the history does not hold (yet) still offers the search from a picture.
  if (track === undefined) return null;
  const span = range === 'day' ? DAY : 7 * DAY;
  const from = Math.max(0, Math.round(at - span / 2));
  const to = Math.round(at + span / 2);

  const find = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      setSearch(
        await client.call('tracks.searchByAppearance', {
          from,
          to,
          query: { cameraId, trackId, at: Math.round(at) },
        }),
      );
    } catch (e) {
      setError(translateError(t, e as { code: string; message: string }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {track?.labels?.length ? (
        <>
          <dt>{t('tracks.labels')}</dt>
          <dd data-testid="track-labels">{track.labels.join(' · ')}</dd>
        </>
      ) : null}
      <dt>{t('tracks.search.title')}</dt>
      <dd>
        {track?.searchable ? (
          <div className="appearance-search" data-testid="appearance-search">
            <label>
              {t('tracks.search.range')}{' '}
              <select
                value={range}
                onChange={(e) => setRange(e.target.value as 'day' | 'week')}
                data-testid="appearance-range"
              >
                <option value="day">{t('tracks.search.range.day')}</option>
                <option value="week">{t('tracks.search.range.week')}</option>
              </select>
            </label>{' '}
            <button
              type="button"
              onClick={() => void find()}
              disabled={busy}
              data-testid="appearance-find"
            >
              {busy ? t('tracks.search.searching') : t('tracks.search.find')}
            </button>
            {error ? <p className="error">{error}</p> : null}
            {search ? <AppearanceResults result={search} /> : null}
          </div>
        ) : (
          <span className="muted">{t('tracks.notSearchable')}</span>
        )}
        <ImageAppearanceSearch from={from} to={to} />
      </dd>
    </>
  );
}
