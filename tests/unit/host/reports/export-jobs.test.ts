import { CodedError } from '../../../../electron/shared/coded-error';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ExportJobs,
  ExportProgress,
  STAGE_WEIGHTS,
} from '../../../../electron/host/reports/export-jobs';
import {
  buildReportFile,
  exportPlan,
  LIST_MAX,
  type ReportSources,
} from '../../../../electron/host/reports/report-exports';
import { reportExportParamsSchema } from '../../../../electron/shared/api/methods/report-schemas';
import { mulberry32, syntheticInfraction } from '../../../../tools/synth/synthetic-infractions';
import { openTestStore, type TestStore } from '../store/helpers';

let t: TestStore | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

const file = { filename: 'r.csv', mime: 'text/csv', base64: 'YQ==', bytes: 1 };
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
};
/** Polls like the UI does; the first status that is not `running` is the last one there is. */
const settled = async (jobs: ExportJobs, id: string, owner: string) => {
  for (;;) {
    const s = jobs.status(id, owner);
    if (s.state !== 'running') return s;
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('export progress', () => {
  it('weights the stages a job goes through and never goes backwards', () => {
    const W = STAGE_WEIGHTS;
    const sum = W.query + W.write + W.package;
    const p = new ExportProgress(['query', 'write', 'package']);
    expect(p.percent).toBe(0);
    p.enter('query');
    expect(p.percent).toBe(0);
    p.enter('write', 100);
    expect(p.percent).toBeCloseTo((100 * W.query) / sum, 1);
    p.update(50, 100);
    const half = (100 * (W.query + W.write / 2)) / sum;
    expect(p.percent).toBeCloseTo(half, 1);
    p.update(10, 100); // a smaller number never lowers the percent
    expect(p.percent).toBeCloseTo(half, 1);
    p.update(100, 100);
    p.enter('package');
    expect(p.percent).toBeCloseTo((100 * (W.query + W.write)) / sum, 1);
    expect(p.percent).toBeLessThan(100);
    p.finish();
    expect([p.stage, p.percent]).toEqual(['done', 100]);
  });

  it('plans the list stage only when the list is asked for', () => {
    expect(exportPlan({ kind: 'system', includeList: true })).toEqual([
      'query',
      'write',
      'package',
    ]);
    expect(exportPlan({ kind: 'range', includeList: false })).toEqual([
      'query',
      'plates',
      'write',
      'package',
    ]);
    expect(exportPlan({ kind: 'daily', includeList: true })).toContain('list');
  });
});

describe('export jobs', () => {
  it('runs in the background, reports its stage, and hands the file over once', async () => {
    const jobs = new ExportJobs();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const id = jobs.start('ana', 'csv', ['query', 'write', 'package'], async (p) => {
      p.enter('write', 4);
      p.update(2, 4);
      await gate;
      return file;
    });
    await until(() => jobs.status(id, 'ana').stage === 'write');
    const running = jobs.status(id, 'ana');
    expect(running).toMatchObject({ state: 'running', stage: 'write', done: 2, total: 4 });
    expect(running.percent).toBeGreaterThan(0);
    expect(running.percent).toBeLessThan(100);
    expect(running.file).toBeUndefined();
    // Another user cannot see it, nor cancel it.
    expect(() => jobs.status(id, 'bob')).toThrow(
      expect.objectContaining({ code: 'ui.reports.jobNotFound' }),
    );
    expect(() => jobs.cancel(id, 'bob')).toThrow(CodedError);
    release();
    const done = await settled(jobs, id, 'ana');
    expect(done).toMatchObject({ state: 'done', stage: 'done', percent: 100, file });
    expect(() => jobs.status(id, 'ana')).toThrow(
      expect.objectContaining({ code: 'ui.reports.jobNotFound' }),
    );
  });

  it('cancels, reports failures with their code, and limits how many run at once', async () => {
    const jobs = new ExportJobs({ maxRunning: 2 });
    const never = (_p: ExportProgress, signal: AbortSignal) =>
      new Promise<typeof file>((_r, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason)),
      );
    const a = jobs.start('ana', 'pdf', ['write'], never);
    jobs.start('ana', 'pdf', ['write'], never);
    expect(() => jobs.start('ana', 'pdf', ['write'], never)).toThrow(
      expect.objectContaining({ code: 'ui.reports.busy' }),
    );
    expect(jobs.cancel(a, 'ana')).toBe(true);
    expect(jobs.status(a, 'ana')).toMatchObject({ state: 'cancelled' });

    const failing = jobs.start('ana', 'xlsx', ['query'], async () => {
      throw new CodedError('ui.reports.noDate', 'a daily report needs a date');
    });
    expect(await settled(jobs, failing, 'ana')).toMatchObject({
      state: 'failed',
      error: { code: 'ui.reports.noDate' },
    });
    jobs.stopAll();
  });

  it('builds a real report with the infraction list, percent rising through every stage', async () => {
    t = openTestStore();
    const rng = mulberry32(5);
    const day0 = Date.UTC(2026, 0, 15, 5);
    t.store.infractions.insert(
      Array.from({ length: 3000 }, (_, i) =>
        syntheticInfraction(rng, { occurredAt: day0 + i * 60_000, plates: 200 }),
      ),
    );
    const sources: ReportSources = {
      db: t.store.db,
      system: () => ({ cameras: [], workers: [] }),
    };
    for (const format of ['csv', 'pdf'] as const) {
      const params = reportExportParamsSchema.parse({
        kind: 'range',
        format,
        from: '2026-01-15',
        to: '2026-01-17',
        tzOffsetMinutes: -300,
        includeList: true,
        locale: 'en',
      });
      const progress = new ExportProgress(exportPlan(params));
      const seen: Array<{ stage: string; percent: number }> = [];
      const orig = progress.update.bind(progress);
      progress.update = (d, n) => {
        orig(d, n);
        seen.push({ stage: progress.stage, percent: progress.percent });
      };
      const out = await buildReportFile(
        params,
        { operator: 'Ana', now: day0 + 3 * 86_400_000 },
        sources,
        progress,
        new AbortController().signal,
      );
      expect(out.filename).toBe(`watcher-report-2026-01-15_2026-01-17.${format}`);
      const stages = [...new Set(seen.map((s) => s.stage))];
      expect(stages).toEqual(['plates', 'list', 'write']);
      const pct = seen.map((s) => s.percent);
      expect([...pct].sort((a, b) => a - b)).toEqual(pct);
      expect(pct.filter((p) => p > 0 && p < 100).length).toBeGreaterThan(5);
      const bytes = Buffer.from(out.base64, 'base64');
      if (format === 'csv') {
        const text = bytes.toString('utf8');
        expect(text).toContain('Generated by Ana');
        expect(text).toContain('Infraction list');
        expect(text.match(/^2026-01-1\d \d\d:\d\d:00,/gm)).toHaveLength(3000);
      } else {
        expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
        expect(LIST_MAX.pdf).toBeLessThan(3000);
      }
    }

    // Cancelled while writing: stops with an abort.
    const controller = new AbortController();
    const params = reportExportParamsSchema.parse({
      kind: 'daily',
      format: 'xlsx',
      date: '2026-01-15',
      tzOffsetMinutes: -300,
      includeList: true,
    });
    const progress = new ExportProgress(exportPlan(params));
    const orig = progress.update.bind(progress);
    progress.update = (d, n) => {
      orig(d, n);
      if (progress.stage === 'write' && d > 200) controller.abort();
    };
    await expect(
      buildReportFile(params, { now: day0 }, sources, progress, controller.signal),
    ).rejects.toThrow(/abort/i);
  });
});
