import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  reportScheduleSchema,
  type ReportSchedule,
  type ScheduleRun,
} from '../../../shared/api/methods/report-schedules';

type Db = Pick<Database.Database, 'prepare'>;

export interface StoredSchedule {
  schedule: ReportSchedule;
  /** The latest slot already handled (run or skipped as too old); runs only after it. */
  lastDueAt?: number;
}

interface ScheduleRow {
  id: string;
  data_json: string;
  last_due_at: number | null;
}

interface RunRow {
  id: string;
  schedule_id: string;
  due_at: number;
  started_at: number;
  finished_at: number | null;
  state: ScheduleRun['state'];
  late: number;
  files_json: string;
  error: string | null;
}

const toRun = (r: RunRow): ScheduleRun => ({
  id: r.id,
  scheduleId: r.schedule_id,
  dueAt: r.due_at,
  startedAt: r.started_at,
  ...(r.finished_at !== null ? { finishedAt: r.finished_at } : {}),
  state: r.state,
  late: r.late === 1,
  files: JSON.parse(r.files_json) as ScheduleRun['files'],
  ...(r.error !== null ? { error: r.error } : {}),
});

/** Report schedules and their run history in the host's SQLite store. */
export class ScheduleStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  list(): StoredSchedule[] {
    const rows = this.db
      .prepare('SELECT id, data_json, last_due_at FROM report_schedules ORDER BY id')
      .all() as ScheduleRow[];
    return rows.flatMap((r) => {
      const parsed = reportScheduleSchema.safeParse(JSON.parse(r.data_json));
      return parsed.success
        ? [
            {
              schedule: parsed.data,
              ...(r.last_due_at !== null ? { lastDueAt: r.last_due_at } : {}),
            },
          ]
        : [];
    });
  }

  get(id: string): StoredSchedule | undefined {
    return this.list().find((s) => s.schedule.id === id);
  }

  save(schedule: ReportSchedule, actor: string, lastDueAt: number | undefined): void {
    const now = this.now();
    this.db
      .prepare(
        `INSERT INTO report_schedules (id, data_json, last_due_at, created_at, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET data_json = excluded.data_json, last_due_at = excluded.last_due_at,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(schedule.id, JSON.stringify(schedule), lastDueAt ?? null, now, now, actor);
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM report_schedules WHERE id = ?').run(id).changes > 0;
  }

  setLastDue(id: string, dueAt: number): void {
    this.db
      .prepare(
        'UPDATE report_schedules SET last_due_at = ? WHERE id = ? AND (last_due_at IS NULL OR last_due_at < ?)',
      )
      .run(dueAt, id, dueAt);
  }

  startRun(scheduleId: string, dueAt: number, late: boolean, manual: boolean): ScheduleRun {
    const run: ScheduleRun = {
      id: randomUUID(),
      scheduleId,
      dueAt,
      startedAt: this.now(),
      state: 'running',
      late,
      files: [],
    };
    this.db
      .prepare(
        `INSERT INTO report_schedule_runs (id, schedule_id, due_at, started_at, state, late, manual, files_json)
         VALUES (?, ?, ?, ?, 'running', ?, ?, '[]')`,
      )
      .run(run.id, scheduleId, dueAt, run.startedAt, late ? 1 : 0, manual ? 1 : 0);
    return run;
  }

  finishRun(
    id: string,
    outcome: { state: 'done' | 'failed'; files: ScheduleRun['files']; error?: string },
  ): ScheduleRun {
    this.db
      .prepare(
        'UPDATE report_schedule_runs SET state = ?, finished_at = ?, files_json = ?, error = ? WHERE id = ?',
      )
      .run(outcome.state, this.now(), JSON.stringify(outcome.files), outcome.error ?? null, id);
    return this.run(id)!;
  }

  run(id: string): ScheduleRun | undefined {
    const r = this.db.prepare('SELECT * FROM report_schedule_runs WHERE id = ?').get(id) as
      RunRow | undefined;
    return r && toRun(r);
  }

  runs(q: { scheduleId?: string; limit: number }): ScheduleRun[] {
    const rows = (
      q.scheduleId
        ? this.db
            .prepare(
              'SELECT * FROM report_schedule_runs WHERE schedule_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ?',
            )
            .all(q.scheduleId, q.limit)
        : this.db
            .prepare(
              'SELECT * FROM report_schedule_runs ORDER BY started_at DESC, rowid DESC LIMIT ?',
            )
            .all(q.limit)
    ) as RunRow[];
    return rows.map(toRun);
  }

  /** Runs left `running` by a host that stopped mid-run are failed, with the reason. */
  failInterrupted(): number {
    return this.db
      .prepare(
        `UPDATE report_schedule_runs SET state = 'failed', finished_at = ?,
           error = 'schedules.error.interrupted: the host stopped during the run' WHERE state = 'running'`,
      )
      .run(this.now()).changes;
  }
}
