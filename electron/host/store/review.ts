import { CodedError } from '../../shared/coded-error';
import { randomUUID } from 'node:crypto';
import type {
  InfractionFilter,
  InfractionRecord,
  ReviewAction,
} from '../../shared/api/methods/infractions';
import type { ReviewStatus } from '../../shared/domain/infraction';
import type { AuditEntry } from './audit';
import type { InfractionRow } from './infractions';
import type { ControlRoomStore } from './store';
import { decodePageCursor, encodePageCursor } from './page-cursor';
import {
  appealOutcomeOf,
  FINE_TRANSITIONS,
  REASON_REQUIRED,
  selectLegalCode,
  type FineSnapshot,
  type LifecycleEntry,
} from '../../shared/domain/fine-lifecycle';

/** Which statuses each review action may start from, and where it leads (the fine lifecycle). */
export const TRANSITIONS = FINE_TRANSITIONS;

export interface QueuePage {
  items: InfractionRecord[];
  nextCursor?: string;
}

export interface QueueQuery extends InfractionFilter {
  limit?: number;
  cursor?: string;
}

/**
 * The review queue's SQL: newest first, keyset-paginated on (occurred_at, id) so page N costs
 * the same as page 1. Exported so a benchmark can run the same query on another connection.
 */
export function buildQueueQuery(q: QueueQuery): { sql: string; params: unknown[]; limit: number } {
  const where: string[] = [];
  const params: unknown[] = [];
  const limit = Math.max(1, Math.min(q.limit ?? 50, 200));
  // Each list is a set of enum values: deduplicated, it never needs more than a few variables,
  // however long the list a caller passes.
  const status = [...new Set(q.status ?? [])];
  const type = [...new Set(q.type ?? [])];
  if (q.cameraId) {
    where.push('camera_id = ?');
    params.push(q.cameraId);
  }
  if (q.zoneId) {
    where.push('zone_id = ?');
    params.push(q.zoneId);
  }
  if (q.from !== undefined) {
    where.push('occurred_at >= ?');
    params.push(q.from);
  }
  if (q.to !== undefined) {
    where.push('occurred_at < ?');
    params.push(q.to);
  }
  if (q.plate) {
    const p = q.plate.trim().toUpperCase();
    if (p.endsWith('*')) {
      // Range instead of LIKE so the plate index is used.
      const prefix = p.slice(0, -1);
      where.push('plate_text >= ? AND plate_text < ?');
      params.push(prefix, prefix + '\uffff');
    } else {
      where.push('plate_text = ?');
      params.push(p);
    }
  }
  if (q.code) {
    const c = q.code.trim().toUpperCase();
    if (c.endsWith('*')) {
      const prefix = c.slice(0, -1);
      where.push('code >= ? AND code < ?');
      params.push(prefix, prefix + '\uffff');
    } else {
      where.push('code = ?');
      params.push(c);
    }
  }
  if (q.minPlateConfidence !== undefined) {
    where.push('plate_confidence >= ?');
    params.push(q.minPlateConfidence);
  }
  if (q.maxPlateConfidence !== undefined) {
    where.push('plate_confidence < ?');
    params.push(q.maxPlateConfidence);
  }
  if (q.plateState) {
    where.push('plate_state = ?');
    params.push(q.plateState);
  }
  if (q.cursor) {
    const c = decodePageCursor(q.cursor);
    where.push('(occurred_at < ? OR (occurred_at = ? AND id < ?))');
    params.push(c.at, c.at, c.id);
  }
  const order = `ORDER BY occurred_at DESC, id DESC LIMIT ${limit + 1}`;
  const branch = (extra: string[]): string => {
    const all = [...extra, ...where];
    return `SELECT * FROM infractions ${all.length ? 'WHERE ' + all.join(' AND ') : ''} ${order}`;
  };
  // One value per list is one ordered index range. Several values (`type IN (a, b)`) would make
  // SQLite read every matching row and sort them (seconds at a million rows, on the host's event
  // loop), so each combination is its own ordered, limited range and the ranges are merged:
  // at most (statuses × types) × (limit + 1) rows are read whatever the table's size.
  const statusValues: (string | undefined)[] = status.length ? status : [undefined];
  const typeValues: (string | undefined)[] = type.length ? type : [undefined];
  const branches: string[] = [];
  const branchParams: unknown[] = [];
  for (const st of statusValues)
    for (const ty of typeValues) {
      const extra: string[] = [];
      if (st !== undefined) {
        extra.push('status = ?');
        branchParams.push(st);
      }
      if (ty !== undefined) {
        extra.push('type = ?');
        branchParams.push(ty);
      }
      branchParams.push(...params);
      branches.push(branch(extra));
    }
  if (branches.length === 1) return { sql: branches[0], params: branchParams, limit };
  const sql = `SELECT * FROM (${branches.map((b) => `SELECT * FROM (${b})`).join(' UNION ALL ')}) ${order}`;
  return { sql, params: branchParams, limit };
}

export interface Actor {
  /** Shown to others ("already decided by X"). */
  name: string;
}

/** Review workflow: the queue, decisions with optimistic versioning, plate corrections. */
export class ReviewService {
  constructor(private readonly store: ControlRoomStore) {}

  list(q: QueueQuery = {}): QueuePage {
    const { sql, params, limit } = buildQueueQuery(q);
    const rows = this.store.db.prepare(sql).all(...params) as InfractionRow[];
    const page = rows.slice(0, limit);
    const items = page.map((r) => this.store.infractions.toRecord(r));
    const last = page[page.length - 1];
    return {
      items,
      nextCursor:
        rows.length > limit && last ? encodePageCursor(last.occurred_at, last.id) : undefined,
    };
  }

  get(id: string): { infraction: InfractionRecord; history: AuditEntry[] } {
    const infraction = this.store.infractions.get(id);
    if (!infraction)
      throw new CodedError('store.error.notFound', `infraction ${id} not found`, { id });
    const history = this.store.audit.list({ target: `infraction:${id}`, limit: 200 }).reverse();
    return { infraction, history };
  }

  decide(
    id: string,
    d: { action: ReviewAction; reason?: string; expectedVersion: number },
    actor: Actor,
  ): InfractionRecord {
    const rule = TRANSITIONS[d.action];
    const reason = d.reason?.trim() || undefined;
    if (REASON_REQUIRED.includes(d.action) && !reason) {
      throw new CodedError(
        'store.error.reasonRequired',
        'a reason is required to reject an infraction',
      );
    }
    return this.store.tx(() => {
      const row = this.currentRow(id, d.expectedVersion);
      if (!rule.from.includes(row.status as ReviewStatus)) {
        throw new CodedError(
          'store.error.invalidTransition',
          `cannot ${d.action} an infraction that is ${row.status}`,
          { action: d.action, status: row.status },
        );
      }
      const at = this.store.now();
      const changeId = randomUUID();
      const outcome = appealOutcomeOf(d.action, row.status as ReviewStatus);
      // The legal code and amount are fixed when the case is validated; an appeal that is
      // dismissed keeps the fine it had.
      let fine = row.fine_json ? (JSON.parse(row.fine_json) as FineSnapshot) : undefined;
      if (d.action === 'validate' && !fine) fine = this.fixFine(row, actor.name, at);
      const step: LifecycleEntry = {
        action: d.action,
        from: row.status,
        to: rule.to,
        by: actor.name,
        at,
        ...(reason ? { reason } : {}),
        ...(outcome ? { outcome } : {}),
      };
      const lifecycle = [
        ...(row.lifecycle_json ? (JSON.parse(row.lifecycle_json) as LifecycleEntry[]) : []),
        step,
      ];
      this.store.db
        .prepare(
          `UPDATE infractions SET status = ?, reason = ?, decided_by = ?, decided_at = ?, version = version + 1,
             change_id = ?, updated_at = ?, fine_json = ?, lifecycle_json = ?,
             appeal_outcome = COALESCE(?, appeal_outcome) WHERE id = ?`,
        )
        .run(
          rule.to,
          reason ?? null,
          actor.name,
          at,
          changeId,
          at,
          fine ? JSON.stringify(fine) : null,
          JSON.stringify(lifecycle),
          outcome ?? null,
          id,
        );
      this.store.infractions.recordChange(id, row.version + 1, changeId);
      this.store.audit.append(actor.name, `infraction.${d.action}`, `infraction:${id}`, {
        from: row.status,
        to: rule.to,
        reason,
        version: row.version + 1,
        ...(row.code ? { code: row.code } : {}),
        ...(outcome ? { outcome } : {}),
        ...(fine && d.action === 'validate'
          ? { legalCode: fine.code, amount: fine.amount, currency: fine.currency }
          : {}),
      });
      this.store.enqueue('infraction', id);
      return this.store.infractions.get(id)!;
    });
  }

  /** Corrects the plate text; the OCR's own reading stays in plateOriginalText and plate.rawText. */
  editPlate(id: string, text: string, expectedVersion: number, actor: Actor): InfractionRecord {
    const normalised = text.trim().toUpperCase();
    if (!normalised || normalised.length > 32) {
      throw new CodedError('store.error.invalidInput', 'plate text must be 1 to 32 characters', {
        field: 'text',
      });
    }
    return this.store.tx(() => {
      const row = this.currentRow(id, expectedVersion);
      const at = this.store.now();
      const changeId = randomUUID();
      this.store.db
        .prepare(
          `UPDATE infractions SET plate_original = COALESCE(plate_original, plate_text, ''),
             plate_raw = COALESCE(plate_raw, ''), plate_confidence = COALESCE(plate_confidence, 0),
             plate_text = ?, plate_edited_by = ?, plate_edited_at = ?, version = version + 1, change_id = ?,
             updated_at = ? WHERE id = ?`,
        )
        .run(normalised, actor.name, at, changeId, at, id);
      this.store.infractions.recordChange(id, row.version + 1, changeId);
      this.store.audit.append(actor.name, 'infraction.editPlate', `infraction:${id}`, {
        from: row.plate_text,
        to: normalised,
        version: row.version + 1,
      });
      this.store.enqueue('infraction', id);
      return this.store.infractions.get(id)!;
    });
  }

  /**
   * Evidence lock (as in a VMS): while locked, retention never deletes the case's evidence, even
   * over the camera's disk budget. Versioned and synced like a decision; every lock is audited.
   */
  setLock(id: string, locked: boolean, expectedVersion: number, actor: Actor): InfractionRecord {
    return this.store.tx(() => {
      const row = this.currentRow(id, expectedVersion);
      if ((row.locked_at !== null) === locked) {
        throw new CodedError(
          locked ? 'store.error.alreadyLocked' : 'store.error.notLocked',
          locked
            ? `infraction ${id} is already locked by ${row.locked_by ?? '?'}`
            : `infraction ${id} is not locked`,
          { by: row.locked_by ?? '' },
        );
      }
      const at = this.store.now();
      const changeId = randomUUID();
      this.store.db
        .prepare(
          `UPDATE infractions SET locked_by = ?, locked_at = ?, version = version + 1, change_id = ?,
             updated_at = ? WHERE id = ?`,
        )
        .run(locked ? actor.name : null, locked ? at : null, changeId, at, id);
      this.store.infractions.recordChange(id, row.version + 1, changeId);
      this.store.audit.append(
        actor.name,
        locked ? 'infraction.lock' : 'infraction.unlock',
        `infraction:${id}`,
        {
          status: row.status,
          version: row.version + 1,
          ...(locked ? {} : { lockedBy: row.locked_by, lockedAt: row.locked_at }),
        },
      );
      this.store.enqueue('infraction', id);
      return this.store.infractions.get(id)!;
    });
  }

  /** The catalogue's code for the case, as a snapshot; none when the catalogue has no entry. */
  private fixFine(row: InfractionRow, by: string, at: number): FineSnapshot | undefined {
    const code = selectLegalCode(
      this.store.legalCodes.list(),
      row.type as InfractionRecord['type'],
      JSON.parse(row.measured_json) as Record<string, number>,
    );
    if (!code) return undefined;
    return {
      legalCodeId: code.id,
      code: code.code,
      country: code.country,
      descriptionEs: code.descriptionEs,
      descriptionEn: code.descriptionEn,
      amount: code.amount,
      currency: code.currency,
      points: code.points,
      fixedAt: at,
      fixedBy: by,
    };
  }

  private currentRow(id: string, expectedVersion: number): InfractionRow {
    const row = this.store.infractions.row(id);
    if (!row) throw new CodedError('store.error.notFound', `infraction ${id} not found`, { id });
    if (row.version !== expectedVersion) throw staleError(row);
    return row;
  }
}

/** "Already decided by X at T": the operator acted on a version someone else has replaced. */
export function staleError(
  row: Pick<
    InfractionRow,
    'decided_by' | 'decided_at' | 'updated_at' | 'plate_edited_by' | 'status'
  >,
): CodedError {
  if (row.decided_by && row.decided_at !== null) {
    return new CodedError(
      'store.error.alreadyDecided',
      `already decided by ${row.decided_by} at ${new Date(row.decided_at).toISOString()} (${row.status})`,
      { by: row.decided_by, at: row.decided_at, status: row.status },
    );
  }
  return new CodedError(
    'store.error.versionConflict',
    'the infraction changed since it was loaded; reload it',
    {
      by: row.plate_edited_by ?? '',
      at: row.updated_at,
    },
  );
}
