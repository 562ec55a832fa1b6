import type { EvidenceUsage } from '../../shared/api/methods/system';
import type { BudgetResult, CameraBudget, RetentionJob } from './retention';

export interface BudgetMonitorOptions {
  retention: Pick<RetentionJob, 'budgetStep'>;
  /** Every camera's budget (its config's `evidence` block). */
  cameras(): CameraBudget[];
  /** Clips on or off for a camera in whichever worker runs it. */
  setClipsEnabled(cameraId: string, enabled: boolean): void;
  /** False once the store is closed (shutdown): checks stop quietly. */
  isOpen(): boolean;
  log: {
    info(msg: string, fields?: Record<string, unknown>): void;
    warn(msg: string, fields?: Record<string, unknown>): void;
    error(msg: string, fields?: Record<string, unknown>): void;
  };
}

/**
 * Keeps every camera's evidence within its disk budget: checks on a timer and shortly after new
 * evidence, logs when a camera passes its warning level or fills up with protected evidence,
 * stops that camera's clips while it is full (stills go on) and resumes them once there is room.
 * The last usage per camera is what System shows.
 */
export class EvidenceBudgetMonitor {
  private readonly usage = new Map<string, EvidenceUsage>();
  private running: Promise<BudgetResult[]> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private soonTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly o: BudgetMonitorOptions) {}

  list(): EvidenceUsage[] {
    return [...this.usage.values()].sort((a, b) => a.cameraId.localeCompare(b.cameraId));
  }

  get(cameraId: string): EvidenceUsage | undefined {
    return this.usage.get(cameraId);
  }

  /** One check of every camera (serialised: a call during a check runs once more after it). */
  async check(): Promise<BudgetResult[]> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.check().catch(() => undefined);
      }
    }
  }

  /** A check shortly (new evidence arrived); several calls in a row make one check. */
  soon(delayMs = 2000): void {
    if (this.stopped || this.soonTimer) return;
    this.soonTimer = setTimeout(() => {
      this.soonTimer = undefined;
      void this.check().catch((e: unknown) =>
        this.o.log.warn('evidence budget check failed', { error: String(e) }),
      );
    }, delayMs);
    this.soonTimer.unref?.();
  }

  start(intervalMs = 30_000): this {
    this.timer ??= setInterval(() => this.soon(0), intervalMs);
    this.timer.unref?.();
    this.soon(0);
    return this;
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.soonTimer);
    this.timer = this.soonTimer = undefined;
  }

  private async run(): Promise<BudgetResult[]> {
    if (this.stopped || !this.o.isOpen()) return [];
    const cameras = this.o.cameras();
    const results = await this.o.retention.budgetStep(cameras);
    const ids = new Set(cameras.map((c) => c.cameraId));
    for (const id of this.usage.keys()) if (!ids.has(id)) this.usage.delete(id);
    for (const r of results) {
      const prev = this.usage.get(r.cameraId);
      const { prunedInfractions: pruned, deletedFiles: _d, freedBytes, ...usage }: BudgetResult = r;
      this.usage.set(r.cameraId, usage);
      const fields = {
        cameraId: r.cameraId,
        usedMB: Math.round(r.usedBytes / 1048576),
        budgetMB: Math.round(r.budgetBytes / 1048576),
        protectedMB: Math.round(r.protectedBytes / 1048576),
      };
      if (pruned.length)
        this.o.log.info('evidence budget: deleted the oldest rejected evidence', {
          ...fields,
          infractions: pruned.length,
          freedMB: Math.round(freedBytes / 1048576),
        });
      if (prev?.level !== r.level) {
        if (r.level === 'full')
          this.o.log.error(
            'evidence budget full of protected evidence (pending, validated or locked): clips stopped, stills go on',
            fields,
          );
        else if (r.level === 'warn')
          this.o.log.warn(`evidence disk use passed ${r.warnAtPercent} % of the budget`, fields);
        else if (prev) this.o.log.info('evidence disk use back under the warning level', fields);
      }
      if ((prev?.clipsAllowed ?? true) !== r.clipsAllowed || !prev)
        this.o.setClipsEnabled(r.cameraId, r.clipsAllowed);
    }
    return results;
  }
}
