import { useEffect, useState } from 'react';
import type { ApiClient } from '../../../electron/shared/api/client';
import { errorCode } from '../api/optional';

export interface TileKey {
  z: number;
  x: number;
  y: number;
}

/** Tiles as `data:` URLs, kept across renders (the host caches them too). */
const cache = new Map<string, string>();
/** The settings generation the cache holds tiles of (a new layer starts empty). */
let cacheGeneration = 0;
const keyOf = (t: TileKey) => `${t.z}/${t.x}/${t.y}`;

export interface TileFailure {
  code: string;
  message: string;
}

/**
 * Loads the visible tiles through the host (`map.tile`). The first failure stops every further
 * request until `generation` changes (settings saved, retry): an offline room then shows the
 * schematic view at once instead of waiting on each tile.
 */
export function useTiles(
  client: ApiClient,
  tiles: readonly TileKey[],
  enabled: boolean,
  generation: number,
): { images: Map<string, string>; failure?: TileFailure } {
  // A failure belongs to the layer it happened on: saving the settings again retries.
  const [failed, setFailed] = useState<{ generation: number; failure: TileFailure }>();
  const failure = failed?.generation === generation ? failed.failure : undefined;
  const [, setLoaded] = useState(0);
  const wanted = tiles.map(keyOf).join(',');

  useEffect(() => {
    if (cacheGeneration !== generation) {
      cache.clear();
      cacheGeneration = generation;
    }
    if (!enabled || failure) return;
    let stop = false;
    for (const t of tiles) {
      const k = keyOf(t);
      if (cache.has(k)) continue;
      client
        .call('map.tile', { z: t.z, x: t.x, y: t.y })
        .then((r) => {
          cache.set(k, `data:${r.contentType};base64,${r.base64}`);
          if (!stop) setLoaded((n) => n + 1);
        })
        .catch((e: unknown) => {
          if (!stop) setFailed({ generation, failure: errorCode(e) });
          stop = true;
        });
    }
    return () => {
      stop = true;
    };
    // `wanted` stands for the tile list.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, wanted, enabled, failure, generation]);

  return { images: cache, failure };
}

export { keyOf as tileKey };
