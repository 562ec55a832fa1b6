import { useState } from 'react';
import { useClient } from '../api/client-context';
import { translateError, translateOr, useT } from '../i18n/i18n';
import type { ApiResult } from '../../../electron/shared/api/contract';
import { AppearanceResults } from './AppearanceResults';

type Search = ApiResult<'tracks.searchByAppearance'>;

const DAY = 86_400_000;

/**
 * The menu of a tracked object clicked on a live wall tile: "find where else this person /
 * vehicle went", from the appearance the track history holds for that track id (the stored track
 * nearest now). A track still in view has none until it ends: that is said, not an empty list.
 */
export function WallTrackSearch({
  cameraId,
  trackId,
  label,
  at,
  onClose,
}: {
  cameraId: string;
  trackId: number;
  label: string;
  at: number;
  onClose(): void;
}) {
  const client = useClient();
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [search, setSearch] = useState<Search>();

  const find = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      setSearch(
        await client.call('tracks.searchByAppearance', {
          from: Math.max(0, Math.round(at - DAY)),
          to: Math.round(at + 60_000),
          query: { cameraId, trackId, at: Math.round(at) },
        }),
      );
    } catch (e) {
      const err = e as { code: string; message: string };
      setError(
        err.code === 'tracks.search.notFound'
          ? t('tracks.wall.noAppearance')
          : translateError(t, err),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      className="wall-track-search"
      role="dialog"
      aria-label={t('tracks.search.title')}
      data-testid="wall-track-search"
      onClick={(e) => e.stopPropagation()}
      onDoubleClick={(e) => e.stopPropagation()}
    >
      <strong>
        {translateOr(t, `class.${label}`, label)} #{trackId}
      </strong>
      <button
        type="button"
        onClick={() => void find()}
        disabled={busy}
        data-testid="wall-track-find"
      >
        {busy ? t('tracks.search.searching') : t('tracks.wall.find')}
      </button>
      <button type="button" onClick={onClose} data-testid="wall-track-close">
        {t('tracks.search.close')}
      </button>
      {error ? (
        <p className="error" data-testid="wall-track-error">
          {error}
        </p>
      ) : null}
      {search ? <AppearanceResults result={search} /> : null}
    </div>
  );
}
