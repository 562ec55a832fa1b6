import { useRef, useState } from 'react';
import { useClient } from '../api/client-context';
import { translateError, useT } from '../i18n/i18n';
import type { ApiResult } from '../../../electron/shared/api/contract';
import {
  APPEARANCE_IMAGE_MAX_BYTES,
  APPEARANCE_IMAGE_MAX_PIXELS,
} from '../../../electron/shared/api/methods/tracks';
import { AppearanceResults } from './AppearanceResults';

type Search = ApiResult<'tracks.searchByImage'>;

/** The file as base64 (what the API takes), without reading it twice. */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(file);
  });
}

/**
 * "Search with an image…": a picture the user brings (a crop of one person or vehicle) is read by
 * the cameras' embedding model on the host (in a model probe process), and the stored tracks of
 * the range are ranked against it like a search from a track.
 */
export function ImageAppearanceSearch({ from, to }: { from: number; to: number }) {
  const client = useClient();
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [search, setSearch] = useState<Search>();

  const run = async (file: File): Promise<void> => {
    setError(undefined);
    setSearch(undefined);
    // Refused here already, so a huge file is never read nor sent.
    if (file.size > APPEARANCE_IMAGE_MAX_BYTES) {
      setError(
        t('tracks.searchImage.tooLarge', {
          maxMB: APPEARANCE_IMAGE_MAX_BYTES / 1024 / 1024,
          maxMegapixels: APPEARANCE_IMAGE_MAX_PIXELS / 1e6,
        }),
      );
      return;
    }
    setBusy(true);
    try {
      const image = await readBase64(file);
      setSearch(
        await client.call('tracks.searchByImage', {
          from: Math.max(0, Math.round(from)),
          to: Math.round(to),
          image,
        }),
      );
    } catch (e) {
      setError(translateError(t, e as { code: string; message: string }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="appearance-search" data-testid="appearance-image-search">
      <input
        ref={input}
        type="file"
        accept="image/jpeg,image/png"
        hidden
        data-testid="appearance-image-input"
        aria-label={t('tracks.searchImage.title')}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void run(file);
        }}
      />
      <button
        type="button"
        disabled={busy}
        onClick={() => input.current?.click()}
        data-testid="appearance-image-button"
        title={t('tracks.searchImage.title')}
      >
        {busy ? t('tracks.searchImage.reading') : t('tracks.searchImage.button')}
      </button>
      {error ? (
        <p className="error" data-testid="appearance-image-error">
          {error}
        </p>
      ) : null}
      {search ? <AppearanceResults result={search} /> : null}
    </div>
  );
}
