import { compactPlate } from '../../../inference/vision/plates/formats';
import { redactSecrets } from '../../shared/util/redact';
import { RateLimiter } from './rate-limiter';
import { TtlCache } from './ttl-cache';
import {
  httpRegistryConfigSchema,
  vehicleInfoSchema,
  type HttpRegistryConfig,
  type RegistryFailure,
  type RegistryLookup,
  type VehicleInfo,
  type VehicleRegistryProvider,
} from './types';

const MAX_BODY_CHARS = 1_000_000;

/** Value at a dotted path ("vehicle.colour", "items.0.make") of parsed JSON. */
export function pickPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Origin and path only: query strings carry API keys and must not reach a log. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return redactSecrets(`${u.protocol}//${u.host}${u.pathname}`);
  } catch {
    return '(invalid URL)';
  }
}

class Failure extends Error {
  constructor(
    readonly reason: RegistryFailure,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

type Cached = { status: 'found'; vehicle: VehicleInfo } | { status: 'not-found' };

/**
 * Vehicle registry over an HTTP JSON API: URL template, field mapping, TTL cache, retries with
 * exponential backoff, rate limit. It never throws: a slow, failing or nonsensical service gives
 * `{ status: 'failed', reason }` and the caller's infraction stays as it was.
 */
export class HttpVehicleRegistry implements VehicleRegistryProvider {
  readonly name: string;
  private readonly cfg: ReturnType<typeof httpRegistryConfigSchema.parse>;
  private readonly cache: TtlCache<Cached>;
  private readonly limiter: RateLimiter;

  constructor(config: HttpRegistryConfig) {
    this.cfg = httpRegistryConfigSchema.parse(config);
    this.name = this.cfg.name;
    this.cache = new TtlCache(this.cfg.cacheTtlMs, this.cfg.cacheMaxEntries);
    this.limiter = new RateLimiter(this.cfg.ratePerSecond);
  }

  async lookup(plateText: string, options: { country?: string } = {}): Promise<RegistryLookup> {
    const plate = compactPlate(plateText);
    if (plate.length < 2 || plate.length > 10) {
      return {
        status: 'failed',
        plate,
        reason: 'plates.registry.badPlate',
        message: `"${plateText}" is not a plate that can be looked up`,
        attempts: 0,
      };
    }
    const key = `${options.country ?? ''}|${plate}`;
    const hit = this.cache.get(key);
    if (hit) return { ...hit, plate, cached: true };

    const url = this.cfg.urlTemplate
      .replaceAll('{plate}', encodeURIComponent(plate))
      .replaceAll('{country}', encodeURIComponent(options.country ?? ''));
    let attempts = 0;
    for (;;) {
      attempts++;
      try {
        const result = await this.fetchOnce(url);
        this.cache.set(key, result);
        return { ...result, plate, cached: false };
      } catch (err) {
        const f =
          err instanceof Failure
            ? err
            : new Failure(
                'plates.registry.network',
                `request failed: ${(err as Error).message}`,
                true,
              );
        if (!f.retryable || attempts > this.cfg.retries) {
          return {
            status: 'failed',
            plate,
            reason: f.reason,
            message: redactSecrets(f.message),
            attempts,
          };
        }
        await new Promise((r) => setTimeout(r, this.cfg.backoffMs * 2 ** (attempts - 1)));
      }
    }
  }

  private async fetchOnce(url: string): Promise<Cached> {
    await this.limiter.acquire();
    let res: Response;
    try {
      res = await fetch(url, {
        headers: { accept: 'application/json', ...this.cfg.headers },
        signal: AbortSignal.timeout(this.cfg.timeoutMs),
      });
    } catch (err) {
      const e = err as Error;
      if (e.name === 'TimeoutError' || e.name === 'AbortError') {
        throw new Failure(
          'plates.registry.timeout',
          `no answer from ${describeUrl(url)} in ${this.cfg.timeoutMs} ms`,
          true,
        );
      }
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new Failure(
        'plates.registry.network',
        `cannot reach ${describeUrl(url)}: ${cause?.code ?? cause?.message ?? e.message}`,
        true,
      );
    }
    if (this.cfg.notFoundStatuses.includes(res.status)) {
      await res.body?.cancel();
      return { status: 'not-found' };
    }
    if (!res.ok) {
      await res.body?.cancel();
      const retryable = res.status === 429 || res.status >= 500;
      throw new Failure(
        'plates.registry.http',
        `${describeUrl(url)} answered HTTP ${res.status}`,
        retryable,
      );
    }
    let body: string;
    try {
      body = await res.text();
    } catch (err) {
      const e = err as Error;
      const timeout = e.name === 'TimeoutError' || e.name === 'AbortError';
      throw new Failure(
        timeout ? 'plates.registry.timeout' : 'plates.registry.network',
        `reading the answer of ${describeUrl(url)} failed: ${e.message}`,
        true,
      );
    }
    if (body.length > MAX_BODY_CHARS) {
      throw new Failure(
        'plates.registry.garbage',
        `answer of ${describeUrl(url)} is too large`,
        false,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new Failure(
        'plates.registry.garbage',
        `answer of ${describeUrl(url)} is not JSON`,
        false,
      );
    }
    return { status: 'found', vehicle: this.mapFields(json, url) };
  }

  private mapFields(json: unknown, url: string): VehicleInfo {
    const raw: Record<string, unknown> = {};
    for (const [field, path] of Object.entries(this.cfg.fieldMap)) {
      if (!path) continue;
      let v = pickPath(json, path);
      if (v === null || v === undefined || v === '') continue;
      if (field === 'year' && typeof v === 'string' && /^\d{4}$/.test(v.trim()))
        v = Number(v.trim());
      if (field !== 'year' && typeof v === 'number') v = String(v);
      if (typeof v === 'string') v = v.trim();
      raw[field] = v;
    }
    const parsed = vehicleInfoSchema.safeParse(raw);
    if (!parsed.success || Object.keys(parsed.data).length === 0) {
      const why = parsed.success
        ? 'none of the mapped fields is present'
        : parsed.error.issues[0]?.message;
      throw new Failure(
        'plates.registry.garbage',
        `answer of ${describeUrl(url)} does not fit the field map: ${why}`,
        false,
      );
    }
    return parsed.data;
  }
}
