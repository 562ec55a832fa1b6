import { CodedError } from '../../shared/coded-error';
import { tileUrl, type TileCoord } from '../../shared/config/map-settings';
import { WATCHER_VERSION } from '../../shared/version';

/** Largest tile accepted from a tile server (a 256 px PNG is ~5–50 KB). */
export const MAX_TILE_BYTES = 1024 * 1024;
const CACHE_TILES = 512;
/** After a failure, tiles of the same server are not asked for again for this long. */
const FAILURE_HOLD_MS = 30_000;

export interface Tile {
  contentType: string;
  base64: string;
}

/**
 * Map tiles fetched by the host for the UI. The renderer's Content-Security-Policy allows images
 * from itself, `data:` and `blob:` only, and stays so: a tile server is reached by the host (one
 * place, one User-Agent, a cache, limits), never by the page. An unreachable server is remembered
 * briefly so an offline room does not wait for every tile.
 */
export class TileProxy {
  private readonly cache = new Map<string, Tile>();
  private failure?: { template: string; until: number; error: CodedError };

  constructor(
    private readonly opts: {
      fetch?: typeof fetch;
      timeoutMs?: number;
      now?: () => number;
    } = {},
  ) {}

  async tile(template: string, t: TileCoord): Promise<Tile> {
    const n = 2 ** t.z;
    if (t.x < 0 || t.y < 0 || t.x >= n || t.y >= n)
      throw new CodedError('map.error.badTile', `no tile ${t.z}/${t.x}/${t.y}`);
    const url = tileUrl(template, t);
    const hit = this.cache.get(url);
    if (hit) {
      this.cache.delete(url);
      this.cache.set(url, hit);
      return hit;
    }
    const now = (this.opts.now ?? Date.now)();
    if (this.failure && this.failure.template === template && this.failure.until > now)
      throw this.failure.error;
    try {
      const tile = await this.download(url);
      this.failure = undefined;
      this.cache.set(url, tile);
      if (this.cache.size > CACHE_TILES) this.cache.delete(this.cache.keys().next().value!);
      return tile;
    } catch (e) {
      const error =
        e instanceof CodedError
          ? e
          : new CodedError('map.error.tilesUnreachable', `tile server: ${(e as Error).message}`);
      this.failure = { template, until: now + FAILURE_HOLD_MS, error };
      throw error;
    }
  }

  private async download(url: string): Promise<Tile> {
    const host = new URL(url).host;
    let res: Response;
    try {
      res = await (this.opts.fetch ?? fetch)(url, {
        headers: { 'user-agent': `Watcher/${WATCHER_VERSION} (control room map)` },
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
      throw new CodedError('map.error.tilesUnreachable', `${host}: ${cause}`, { host });
    }
    const type = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (!res.ok || !/^image\/(png|jpeg|webp)$/.test(type)) {
      await res.body?.cancel();
      throw new CodedError(
        'map.error.tileNotImage',
        `${host}: HTTP ${res.status} ${type || 'no content type'}`,
        { host, status: res.status },
      );
    }
    if (Number(res.headers.get('content-length') ?? 0) > MAX_TILE_BYTES) {
      await res.body?.cancel();
      throw new CodedError('map.error.tileNotImage', `${host}: tile over ${MAX_TILE_BYTES} bytes`);
    }
    const buf = Buffer.from(await res.arrayBuffer());
    if (buf.byteLength > MAX_TILE_BYTES)
      throw new CodedError('map.error.tileNotImage', `${host}: tile over ${MAX_TILE_BYTES} bytes`);
    return { contentType: type, base64: buf.toString('base64') };
  }
}
