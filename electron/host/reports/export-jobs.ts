import { CodedError } from '../../shared/coded-error';
import { randomUUID } from 'node:crypto';
import type {
  ExportJobStatus,
  ExportStage,
  ReportFile,
  ReportFormat,
} from '../../shared/api/methods/report-schemas';

type WorkStage = Exclude<ExportStage, 'queued' | 'done'>;

/**
 * Share of the whole job each stage stands for. Writing rows dominates (rows are compressed as
 * they are written); querying and scoring are a few database reads; packaging is the last bytes
 * of the file (one step, no inner progress). A job only counts the stages it goes through.
 */
export const STAGE_WEIGHTS: Record<WorkStage, number> = {
  query: 5,
  plates: 10,
  list: 15,
  write: 65,
  package: 5,
};

/**
 * Determinate progress of one export: which stage it is in, how far inside it, and an overall
 * percent that never goes backwards.
 */
export class ExportProgress {
  stage: ExportStage = 'queued';
  done?: number;
  total?: number;
  private readonly plan: WorkStage[];
  private best = 0;

  constructor(plan: readonly WorkStage[]) {
    this.plan = [...plan];
  }

  /** Moves to `stage` (every stage before it in the plan counts as complete). */
  enter(stage: WorkStage, total?: number): void {
    this.stage = stage;
    this.done = total === undefined ? undefined : 0;
    this.total = total;
    this.bump();
  }

  update(done: number, total: number): void {
    this.done = Math.max(0, Math.min(done, total));
    this.total = total;
    this.bump();
  }

  finish(): void {
    this.stage = 'done';
    this.done = undefined;
    this.total = undefined;
    this.best = 100;
  }

  /** 0–100 with one decimal. */
  get percent(): number {
    return Math.round(this.best * 10) / 10;
  }

  private bump(): void {
    const sum = this.plan.reduce((n, s) => n + STAGE_WEIGHTS[s], 0) || 1;
    const at = this.plan.indexOf(this.stage as WorkStage);
    if (at < 0) return;
    const before = this.plan.slice(0, at).reduce((n, s) => n + STAGE_WEIGHTS[s], 0);
    const frac = this.total ? (this.done ?? 0) / this.total : 0;
    const pct = (100 * (before + STAGE_WEIGHTS[this.stage as WorkStage] * frac)) / sum;
    // Never 100 before the file exists.
    this.best = Math.max(this.best, Math.min(99.9, pct));
  }
}

interface Job {
  id: string;
  owner: string;
  format: ReportFormat;
  startedAt: number;
  finishedAt?: number;
  state: ExportJobStatus['state'];
  progress: ExportProgress;
  controller: AbortController;
  error?: { code: string; message: string };
  file?: ReportFile;
}

export interface ExportJobsOptions {
  /** Exports built at once on this host; more are refused with `ui.reports.busy`. */
  maxRunning?: number;
  /** A finished job nobody asked about is forgotten after this long (its file with it). */
  keepMs?: number;
  now?: () => number;
}

export type ExportRun = (progress: ExportProgress, signal: AbortSignal) => Promise<ReportFile>;

/** What a failed run says to the operator: an i18n code and the English detail. */
function failure(err: unknown): { code: string; message: string } {
  if (err instanceof CodedError) return { code: err.code, message: err.message };
  const coded = err as { code?: unknown; message?: unknown } | null;
  if (coded && typeof coded.code === 'string' && /^[a-z]+\.[\w.]+$/.test(coded.code))
    return { code: coded.code, message: String(coded.message ?? coded.code) };
  return {
    code: 'ui.reports.failed',
    message: err instanceof Error ? err.message : String(err),
  };
}

/**
 * Report exports as background jobs on the host: started, polled for their stage and percent,
 * cancelled, and collected once. Each job belongs to the user who started it.
 */
export class ExportJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly now: () => number;

  constructor(private readonly o: ExportJobsOptions = {}) {
    this.now = o.now ?? Date.now;
  }

  start(owner: string, format: ReportFormat, plan: readonly WorkStage[], run: ExportRun): string {
    this.sweep();
    const running = [...this.jobs.values()].filter((j) => j.state === 'running').length;
    if (running >= (this.o.maxRunning ?? 3))
      throw new CodedError('ui.reports.busy', `${running} exports are already being built`);
    const job: Job = {
      id: randomUUID(),
      owner,
      format,
      startedAt: this.now(),
      state: 'running',
      progress: new ExportProgress(plan),
      controller: new AbortController(),
    };
    this.jobs.set(job.id, job);
    // Started on the next turn so the caller gets the id before any work blocks the loop.
    setImmediate(() => {
      run(job.progress, job.controller.signal).then(
        (file) => {
          if (job.state !== 'running') return;
          job.progress.finish();
          job.file = file;
          job.state = 'done';
          job.finishedAt = this.now();
        },
        (err: unknown) => {
          if (job.state !== 'running') return;
          job.finishedAt = this.now();
          if (job.controller.signal.aborted) {
            job.state = 'cancelled';
            return;
          }
          job.state = 'failed';
          job.error = failure(err);
        },
      );
    });
    return job.id;
  }

  /** Where a job is; the status that reports `done` carries the file and ends the job. */
  status(id: string, owner: string): ExportJobStatus {
    const job = this.own(id, owner);
    const status: ExportJobStatus = {
      jobId: job.id,
      state: job.state,
      stage: job.progress.stage,
      percent: job.state === 'done' ? 100 : job.progress.percent,
      ...(job.progress.done !== undefined ? { done: job.progress.done } : {}),
      ...(job.progress.total !== undefined ? { total: job.progress.total } : {}),
      format: job.format,
      startedAt: job.startedAt,
      elapsedMs: (job.finishedAt ?? this.now()) - job.startedAt,
      ...(job.error ? { error: job.error } : {}),
      ...(job.file ? { file: job.file } : {}),
    };
    if (job.state !== 'running') this.jobs.delete(id);
    return status;
  }

  /** Stops a running job within one batch of rows; false when it had already finished. */
  cancel(id: string, owner: string): boolean {
    const job = this.own(id, owner);
    if (job.state !== 'running') return false;
    job.controller.abort();
    job.state = 'cancelled';
    job.finishedAt = this.now();
    return true;
  }

  /** Waits for a job to finish and returns its file (the one-shot `reports.export`). */
  async wait(id: string, owner: string, pollMs = 20): Promise<ReportFile> {
    for (;;) {
      const job = this.own(id, owner);
      if (job.state !== 'running') {
        const s = this.status(id, owner);
        if (s.file) return s.file;
        if (s.state === 'cancelled') throw new CodedError('ui.reports.cancelled', 'cancelled');
        throw new CodedError(s.error?.code ?? 'ui.reports.failed', s.error?.message ?? 'failed');
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  /** Cancels every running job (host shutdown). */
  stopAll(): void {
    for (const j of this.jobs.values()) if (j.state === 'running') j.controller.abort();
    this.jobs.clear();
  }

  private own(id: string, owner: string): Job {
    const job = this.jobs.get(id);
    // Someone else's job is as unknown as a finished one: ids are not a way to read others' files.
    if (!job || job.owner !== owner)
      throw new CodedError('ui.reports.jobNotFound', `no export job ${id}`, { id });
    return job;
  }

  private sweep(): void {
    const keep = this.o.keepMs ?? 10 * 60_000;
    for (const [id, j] of this.jobs)
      if (j.finishedAt !== undefined && this.now() - j.finishedAt > keep) this.jobs.delete(id);
  }
}
