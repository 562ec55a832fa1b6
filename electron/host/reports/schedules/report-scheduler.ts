import { CodedError } from '../../../shared/coded-error';
import type { ReportSchedule, ScheduleRun } from '../../../shared/api/methods/report-schedules';
import { executeRun, type ScheduleRunDeps } from './schedule-runner';
import { dueSlot, nextRunAt, previousRunAt } from './schedule-time';

export interface ReportSchedulerOptions extends ScheduleRunDeps {
  /** Longest wait between two looks at the clock (a changed system clock is noticed by then). */
  maxSleepMs?: number;
  log?: (msg: string, fields: Record<string, unknown>) => void;
}

/**
 * Runs report schedules at their slots, one run at a time. On start it fails runs a stopped host
 * left half-done and runs each schedule's latest missed slot once (marked late). `tick()` is the
 * whole decision, so tests drive it with their own clock; `start()` only calls it on a timer.
 */
export class ReportScheduler {
  private queue: Promise<unknown> = Promise.resolve();
  private timer?: ReturnType<typeof setTimeout>;
  private stopped = true;
  /** Schedules with a run queued or running, so one slot is never queued twice. */
  private readonly busy = new Set<string>();

  constructor(private readonly o: ReportSchedulerOptions) {}

  get store() {
    return this.o.store;
  }

  start(): this {
    this.stopped = false;
    const n = this.o.store.failInterrupted();
    if (n) this.o.log?.('scheduled report runs interrupted by a stop were marked failed', { n });
    void this.loop();
    return this;
  }

  /** Stops the timer and waits for the run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.queue.catch(() => undefined);
  }

  /** The next slot of an enabled schedule. */
  nextRun(s: ReportSchedule, now = this.o.now()): number | undefined {
    return s.enabled ? nextRunAt(s, now) : undefined;
  }

  /**
   * The slot a new or edited schedule counts as already handled: the latest one before now, so
   * saving a schedule never fires it at once for a slot that passed before it existed.
   */
  baseline(s: ReportSchedule, now = this.o.now()): number {
    return previousRunAt(s, now);
  }

  /** Queues every schedule whose latest slot has not been handled; resolves when they ran. */
  async tick(): Promise<ScheduleRun[]> {
    const now = this.o.now();
    const queued: Array<Promise<ScheduleRun>> = [];
    for (const { schedule, lastDueAt } of this.o.store.list()) {
      if (!schedule.enabled || this.busy.has(schedule.id)) continue;
      const due = dueSlot(schedule, lastDueAt, now);
      if (!due) continue;
      // Handled from now on, even if the run fails: a failing run is not retried every tick.
      this.o.store.setLastDue(schedule.id, due.dueAt);
      queued.push(this.enqueue(schedule, { ...due, manual: false }));
    }
    return Promise.all(queued);
  }

  /** Runs a schedule now, outside its slot, after any run in progress. */
  runNow(id: string): Promise<ScheduleRun> {
    const stored = this.o.store.get(id);
    if (!stored) throw new CodedError('schedules.error.notFound', `no schedule ${id}`, { id });
    return this.enqueue(stored.schedule, { dueAt: this.o.now(), late: false, manual: true });
  }

  private enqueue(
    schedule: ReportSchedule,
    slot: { dueAt: number; late: boolean; manual: boolean },
  ): Promise<ScheduleRun> {
    this.busy.add(schedule.id);
    const run = this.queue.then(() => executeRun(this.o, schedule, slot));
    const settled = run.finally(() => this.busy.delete(schedule.id));
    this.queue = settled.catch(() => undefined);
    return settled.then((r) => {
      if (r.state === 'failed')
        this.o.log?.('scheduled report failed', { scheduleId: schedule.id, error: r.error });
      return r;
    });
  }

  private async loop(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.tick();
    } catch (err) {
      this.o.log?.('scheduled report tick failed', { error: String(err) });
    }
    if (this.stopped) return;
    const now = this.o.now();
    const next = Math.min(
      ...this.o.store
        .list()
        .filter((s) => s.schedule.enabled)
        .map((s) => nextRunAt(s.schedule, now)),
    );
    const wait = Math.max(1000, Math.min(this.o.maxSleepMs ?? 60_000, next - now + 50));
    this.timer = setTimeout(() => void this.loop(), wait);
    this.timer.unref?.();
  }
}
