import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { canonicalJson, GENESIS_HASH, sha256Hex } from './canonical';

export interface AuditEntry {
  id: string;
  origin: string;
  originSeq: number;
  at: number;
  actor: string;
  action: string;
  target?: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditProblem {
  origin: string;
  originSeq: number;
  /** modified: the line's content no longer matches its hash; missing: a line was deleted. */
  kind: 'modified' | 'missing' | 'broken-link';
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  problems: AuditProblem[];
}

interface AuditRow {
  id: string;
  origin: string;
  origin_seq: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  details_json: string;
  prev_hash: string;
  hash: string;
}

/** sha256(prevHash + canonical JSON of every field but the hashes). */
export function auditHash(e: Omit<AuditEntry, 'hash'> & { hash?: string }): string {
  const { prevHash, id, origin, originSeq, at, actor, action, target, details } = e;
  return sha256Hex(
    prevHash + canonicalJson({ id, origin, originSeq, at, actor, action, target, details }),
  );
}

export function rowToAudit(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    origin: r.origin,
    originSeq: r.origin_seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    target: r.target ?? undefined,
    details: JSON.parse(r.details_json) as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  target?: string;
  from?: number;
  to?: number;
  limit?: number;
  /** Entries strictly older than this `at` (keyset paging). */
  before?: number;
}

/**
 * Hash-chained audit log. Each workstation (origin) appends to its own chain, so entries synced
 * from other workstations keep their chains intact; editing or deleting any line breaks its
 * chain, and verify() reports where.
 */
export class AuditLog {
  private readonly insert: Database.Statement;
  private readonly head: Database.Statement;
  private readonly setHead: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly origin: string,
    private readonly now: () => number,
    private readonly onAppend: (id: string) => void,
  ) {
    this.insert = db.prepare(
      `INSERT INTO audit_log (id, origin, origin_seq, at, actor, action, target, details_json, prev_hash, hash)
       VALUES (@id, @origin, @originSeq, @at, @actor, @action, @target, @details, @prevHash, @hash)`,
    );
    this.setHead = db.prepare(
      "INSERT INTO sync_state (key, value) VALUES ('audit.localHead', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    );
    this.head = db.prepare(
      'SELECT origin_seq, hash FROM audit_log WHERE origin = ? ORDER BY origin_seq DESC LIMIT 1',
    );
  }

  /** Appends one entry; call inside the transaction of the change it records. */
  append(
    actor: string,
    action: string,
    target: string | undefined,
    details: Record<string, unknown> = {},
  ): AuditEntry {
    const last = this.head.get(this.origin) as { origin_seq: number; hash: string } | undefined;
    const body = {
      id: randomUUID(),
      origin: this.origin,
      originSeq: (last?.origin_seq ?? 0) + 1,
      at: this.now(),
      actor,
      action,
      target,
      details: JSON.parse(JSON.stringify(details)) as Record<string, unknown>,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const entry: AuditEntry = { ...body, hash: auditHash(body) };
    this.insert.run({
      ...entry,
      target: entry.target ?? null,
      details: JSON.stringify(entry.details),
    });
    this.setHead.run(String(entry.originSeq));
    this.onAppend(entry.id);
    return entry;
  }

  /** Stores an entry written by another workstation (pulled by sync); idempotent. */
  importEntry(e: AuditEntry): boolean {
    const exists = this.db.prepare('SELECT 1 FROM audit_log WHERE id = ?').get(e.id);
    if (exists) return false;
    this.insert.run({ ...e, target: e.target ?? null, details: JSON.stringify(e.details) });
    return true;
  }

  get(id: string): AuditEntry | undefined {
    const r = this.db.prepare('SELECT * FROM audit_log WHERE id = ?').get(id) as
      AuditRow | undefined;
    return r && rowToAudit(r);
  }

  list(q: AuditQuery = {}): AuditEntry[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.actor) {
      where.push('actor = ?');
      params.push(q.actor);
    }
    if (q.action) {
      where.push('action = ?');
      params.push(q.action);
    }
    if (q.target) {
      where.push('target = ?');
      params.push(q.target);
    }
    if (q.from !== undefined) {
      where.push('at >= ?');
      params.push(q.from);
    }
    if (q.to !== undefined) {
      where.push('at < ?');
      params.push(q.to);
    }
    if (q.before !== undefined) {
      where.push('at < ?');
      params.push(q.before);
    }
    const sql = `SELECT * FROM audit_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
                 ORDER BY at DESC, origin, origin_seq DESC LIMIT ?`;
    params.push(Math.min(q.limit ?? 100, 1000));
    return (this.db.prepare(sql).all(...params) as AuditRow[]).map(rowToAudit);
  }

  /** Recomputes every chain: content edits, deleted lines and relinked lines are all reported. */
  verify(): AuditVerifyResult {
    const check = this.chainCheck();
    check.add(
      this.db
        .prepare('SELECT * FROM audit_log ORDER BY origin, origin_seq')
        .iterate() as Iterable<AuditRow>,
    );
    return check.result();
  }

  /**
   * verify() in slices of `chunkRows` rows, yielding to the event loop between them, so a long
   * log does not stall the host's other work (live events, other requests) while it is checked.
   */
  async verifyAsync(chunkRows = 500): Promise<AuditVerifyResult> {
    const check = this.chainCheck();
    const page = this.db.prepare(
      `SELECT * FROM audit_log WHERE origin > ? OR (origin = ? AND origin_seq > ?)
       ORDER BY origin, origin_seq LIMIT ?`,
    );
    let after: { origin: string; seq: number } = { origin: '', seq: -1 };
    for (;;) {
      const rows = page.all(after.origin, after.origin, after.seq, chunkRows) as AuditRow[];
      check.add(rows);
      if (rows.length < chunkRows) break;
      const last = rows[rows.length - 1];
      after = { origin: last.origin, seq: last.origin_seq };
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return check.result();
  }

  /** The running state of a verification: rows go in in (origin, origin_seq) order. */
  private chainCheck(): { add(rows: Iterable<AuditRow>): void; result(): AuditVerifyResult } {
    const problems: AuditProblem[] = [];
    let checked = 0;
    let origin = '';
    let expectSeq = 1;
    let prev = GENESIS_HASH;
    return {
      add: (rows) => {
        for (const r of rows) {
          if (r.origin !== origin) {
            origin = r.origin;
            expectSeq = 1;
            prev = GENESIS_HASH;
          }
          checked++;
          const e = rowToAudit(r);
          if (e.originSeq !== expectSeq)
            problems.push({ origin, originSeq: expectSeq, kind: 'missing' });
          else if (e.prevHash !== prev)
            problems.push({ origin, originSeq: e.originSeq, kind: 'broken-link' });
          if (auditHash(e) !== e.hash)
            problems.push({ origin, originSeq: e.originSeq, kind: 'modified' });
          expectSeq = e.originSeq + 1;
          prev = e.hash;
        }
      },
      result: () => {
        // Deleting the newest lines leaves a consistent shorter chain: compare with the recorded head.
        const head = this.db
          .prepare("SELECT value FROM sync_state WHERE key = 'audit.localHead'")
          .get() as { value: string } | undefined;
        if (head) {
          const recorded = Number(head.value);
          const actual = this.head.get(this.origin) as { origin_seq: number } | undefined;
          if ((actual?.origin_seq ?? 0) < recorded)
            problems.push({
              origin: this.origin,
              originSeq: (actual?.origin_seq ?? 0) + 1,
              kind: 'missing',
            });
        }
        return { ok: problems.length === 0, checked, problems };
      },
    };
  }
}
