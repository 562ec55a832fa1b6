import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { ControlRoomStore } from './store';
import type { ReviewStatus } from '../../shared/domain/infraction';
import type { EvidenceUsage } from '../../shared/api/methods/system';
import { planEvidenceBudget, type BudgetCase } from './evidence-budget';

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

/** A camera's evidence budget (its config's `evidence` block). */
export interface CameraBudget {
  cameraId: string;
  diskBudgetMB: number;
  warnAtPercent: number;
}

/** What one budget check did for a camera: its usage and what it deleted. */
export interface BudgetResult extends EvidenceUsage {
  prunedInfractions: string[];
  deletedFiles: number;
  freedBytes: number;
}

/**
 * Incremental pruning. Only raw events, metrics and the evidence of rejected, unlocked
 * infractions are ever deleted automatically: evidence of validated, appealed, closed, pending or
 * locked infractions is kept, and a file shared with such a case (a clip segment) stays on disk.
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
         WHERE i.status = 'rejected' AND i.locked_at IS NULL AND i.decided_at < ? AND e.pruned_at IS NULL LIMIT ?`,
      )
      .all(t - this.policy.rejectedEvidenceDays * DAY, n) as Array<{
      infraction_id: string;
      path: string;
    }>;
    const root = this.store.evidenceRoot;
    const pruned: typeof files = [];
    const sharedElsewhere = db.prepare(
      'SELECT 1 FROM evidence_files WHERE path = ? AND infraction_id != ? AND pruned_at IS NULL LIMIT 1',
    );
    for (const f of files) {
      if (root) {
        const full = path.resolve(root, f.path);
        // A stored path must never point outside the evidence root.
        if (!full.startsWith(path.resolve(root) + path.sep)) continue;
        // A segment another case still uses stays; only this case's reference goes.
        if (!sharedElsewhere.get(f.path, f.infraction_id)) await rm(full, { force: true });
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

  /**
   * The per-camera disk budget: measures each camera's evidence (shared files once), and over
   * budget deletes the oldest evidence of rejected, unlocked cases until it fits. Protected
   * evidence is never deleted; when only it is left the camera is reported `full`.
   */
  async budgetStep(cameras: readonly CameraBudget[]): Promise<BudgetResult[]> {
    const { db, now } = this.store;
    const rowsOf = db.prepare(
      `SELECT i.id, i.status, i.locked_at, i.occurred_at, e.path, e.bytes
         FROM infractions i JOIN evidence_files e ON e.infraction_id = i.id
        WHERE i.camera_id = ? AND e.pruned_at IS NULL AND e.present = 1
        ORDER BY i.occurred_at, i.id`,
    );
    const root = this.store.evidenceRoot;
    const out: BudgetResult[] = [];
    for (const cam of cameras) {
      const rows = rowsOf.all(cam.cameraId) as Array<{
        id: string;
        status: ReviewStatus;
        locked_at: number | null;
        occurred_at: number;
        path: string;
        bytes: number;
      }>;
      const byId = new Map<
        string,
        BudgetCase & { files: Array<{ path: string; bytes: number }> }
      >();
      for (const r of rows) {
        let c = byId.get(r.id);
        if (!c) {
          c = {
            infractionId: r.id,
            status: r.status,
            locked: r.locked_at !== null,
            occurredAt: r.occurred_at,
            files: [],
          };
          byId.set(r.id, c);
        }
        c.files.push({ path: r.path, bytes: r.bytes });
      }
      const plan = planEvidenceBudget([...byId.values()], {
        budgetBytes: cam.diskBudgetMB * 1024 * 1024,
        warnAtPercent: cam.warnAtPercent,
      });
      let deleted = 0;
      if (root) {
        const base = path.resolve(root);
        for (const rel of plan.deleteFiles) {
          const full = path.resolve(base, rel);
          if (!full.startsWith(base + path.sep)) continue;
          await rm(full, { force: true });
          deleted++;
        }
      }
      if (plan.deleteEvidenceOf.length) {
        const t = now();
        this.store.tx(() => {
          const mark = db.prepare(
            'UPDATE evidence_files SET pruned_at = ?, present = 0 WHERE infraction_id = ? AND pruned_at IS NULL',
          );
          for (const id of plan.deleteEvidenceOf) mark.run(t, id);
          this.store.audit.append('system', 'retention.budgetPruned', `camera:${cam.cameraId}`, {
            infractions: plan.deleteEvidenceOf,
            files: deleted,
            freedBytes: plan.usedBytes - plan.afterBytes,
            budgetBytes: plan.budgetBytes,
          });
        });
      }
      out.push({
        cameraId: cam.cameraId,
        usedBytes: plan.afterBytes,
        budgetBytes: plan.budgetBytes,
        protectedBytes: plan.protectedBytes,
        warnAtPercent: cam.warnAtPercent,
        level: plan.level,
        clipsAllowed: plan.clipsAllowed,
        checkedAt: now(),
        prunedInfractions: plan.deleteEvidenceOf,
        deletedFiles: deleted,
        freedBytes: plan.usedBytes - plan.afterBytes,
      });
    }
    return out;
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
