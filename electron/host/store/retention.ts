import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { ControlRoomStore } from './store';

const DAY = 86_400_000;

export interface RetentionPolicy {
  /** Detection/track events older than this are deleted. Default 90. */
  eventsDays?: number;
  /** Camera health and inference metrics older than this are deleted. Default 90. */
  metricsDays?: number;
  /** Evidence bytes of infractions rejected longer ago than this are deleted. Default 30. */
  rejectedEvidenceDays?: number;
  /** Rows deleted per step, so a big backlog never blocks the host for long. Default 5000. */
  batchSize?: number;
}

export interface RetentionResult {
  events: number;
  metrics: number;
  evidenceFiles: number;
  /** True when a step hit batchSize: more is left for the next step. */
  more: boolean;
}

/**
 * Incremental pruning. Only raw events, metrics and the evidence of rejected infractions are ever
 * deleted automatically: evidence of validated, appealed, closed or pending infractions is kept.
 */
export class RetentionJob {
  private readonly policy: Required<RetentionPolicy>;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: ControlRoomStore,
    policy: RetentionPolicy = {},
  ) {
    this.policy = {
      eventsDays: 90,
      metricsDays: 90,
      rejectedEvidenceDays: 30,
      batchSize: 5000,
      ...policy,
    };
  }

  /** One bounded step: at most batchSize events, batchSize metrics and batchSize evidence files. */
  async step(): Promise<RetentionResult> {
    const { db, now } = this.store;
    const t = now();
    const n = this.policy.batchSize;
    const events = db
      .prepare(
        'DELETE FROM events WHERE id IN (SELECT id FROM events WHERE ts < ? ORDER BY ts LIMIT ?)',
      )
      .run(t - this.policy.eventsDays * DAY, n).changes;
    const metrics = db
      .prepare(
        'DELETE FROM metrics WHERE id IN (SELECT id FROM metrics WHERE ts < ? ORDER BY ts LIMIT ?)',
      )
      .run(t - this.policy.metricsDays * DAY, n).changes;
    const files = db
      .prepare(
        `SELECT e.infraction_id, e.path FROM evidence_files e JOIN infractions i ON i.id = e.infraction_id
         WHERE i.status = 'rejected' AND i.decided_at < ? AND e.pruned_at IS NULL LIMIT ?`,
      )
      .all(t - this.policy.rejectedEvidenceDays * DAY, n) as Array<{
      infraction_id: string;
      path: string;
    }>;
    const root = this.store.evidenceRoot;
    const pruned: typeof files = [];
    for (const f of files) {
      if (root) {
        const full = path.resolve(root, f.path);
        // A stored path must never point outside the evidence root.
        if (!full.startsWith(path.resolve(root) + path.sep)) continue;
        await rm(full, { force: true });
      }
      pruned.push(f);
    }
    if (pruned.length) {
      this.store.tx(() => {
        const mark = db.prepare(
          'UPDATE evidence_files SET pruned_at = ?, present = 0 WHERE infraction_id = ? AND path = ?',
        );
        for (const f of pruned) mark.run(t, f.infraction_id, f.path);
        this.store.audit.append('system', 'retention.evidencePruned', undefined, {
          files: pruned.length,
          infractions: [...new Set(pruned.map((f) => f.infraction_id))],
        });
      });
    }
    return {
      events,
      metrics,
      evidenceFiles: pruned.length,
      more: events === n || metrics === n || files.length === n,
    };
  }

  /** Steps until nothing is left, yielding to the event loop between steps. */
  async runToCompletion(): Promise<RetentionResult> {
    const total: RetentionResult = { events: 0, metrics: 0, evidenceFiles: 0, more: false };
    for (;;) {
      const r = await this.step();
      total.events += r.events;
      total.metrics += r.metrics;
      total.evidenceFiles += r.evidenceFiles;
      if (!r.more) return total;
      await new Promise((res) => setImmediate(res));
    }
  }

  /** Runs a pass every intervalMs (default hourly). */
  start(intervalMs = 3_600_000, onError?: (e: unknown) => void): this {
    this.timer ??= setInterval(() => void this.runToCompletion().catch(onError), intervalMs);
    this.timer.unref?.();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
