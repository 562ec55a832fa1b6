import type { AuditLog } from '../../store/audit';

export interface RestCall {
  /** The key that made the call; undefined when none was valid. */
  keyId?: string;
  httpMethod: string;
  /** The route's template (`/api/v1/infractions/{id}`), never the request's path. */
  path: string;
  status: number;
}

/** Most distinct (key, route, status) groups held before a flush is forced. */
const MAX_GROUPS = 5_000;

/**
 * The audit of REST calls, cheap under thousands of requests a second: calls are counted in
 * memory per (key, method, route template, status) and written once a second, one audit entry per
 * group with its count and first/last time, in one transaction. Nothing is written per request.
 */
export class RestAuditBatcher {
  private groups = new Map<string, RestCall & { count: number; firstAt: number; lastAt: number }>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly o: {
      audit: Pick<AuditLog, 'append'>;
      /** Runs the flush in one transaction. */
      transaction(fn: () => void): void;
      now?: () => number;
      intervalMs?: number;
      onError?(err: unknown): void;
    },
  ) {
    this.timer = setInterval(() => this.flush(), o.intervalMs ?? 1000);
    this.timer.unref();
  }

  record(call: RestCall): void {
    const at = (this.o.now ?? Date.now)();
    const k = `${call.keyId ?? ''}\n${call.httpMethod}\n${call.path}\n${call.status}`;
    const g = this.groups.get(k);
    if (g) {
      g.count++;
      g.lastAt = at;
      return;
    }
    this.groups.set(k, { ...call, count: 1, firstAt: at, lastAt: at });
    if (this.groups.size >= MAX_GROUPS) this.flush();
  }

  /** Writes what was counted so far. */
  flush(): void {
    if (this.groups.size === 0) return;
    const groups = [...this.groups.values()];
    this.groups = new Map();
    try {
      this.o.transaction(() => {
        for (const g of groups)
          this.o.audit.append(
            g.keyId ? `apikey:${g.keyId}` : 'apikey:none',
            'api.rest',
            g.keyId ? `apikey:${g.keyId}` : undefined,
            {
              method: g.httpMethod,
              path: g.path,
              status: g.status,
              count: g.count,
              firstAt: g.firstAt,
              lastAt: g.lastAt,
            },
          );
      });
    } catch (err) {
      this.o.onError?.(err);
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
  }
}
