import { CodedError } from '../../shared/coded-error';
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { infractionEventSchema, type InfractionEvent } from '../../shared/domain/infraction';
import type { InfractionRecord, StoredEvidence } from '../../shared/api/methods/infractions';
import type { StoreCore } from './store-core';
import type { LeaseStamp } from '../../shared/domain/fleet';
import { formatInfractionCode, stationOf } from '../../shared/domain/fine-lifecycle';

export interface InfractionRow {
  id: string;
  type: string;
  category: string;
  camera_id: string;
  zone_id: string | null;
  rule_id: string;
  rule_version: number;
  calibration_version: number | null;
  occurred_at: number;
  track_id: number;
  class_label: string;
  measured_json: string;
  speed_excess: number | null;
  direction: string | null;
  confidence: number;
  box_json: string;
  plate_text: string | null;
  plate_raw: string | null;
  plate_confidence: number | null;
  plate_country: string | null;
  plate_original: string | null;
  plate_edited_by: string | null;
  plate_edited_at: number | null;
  prev_hash: string;
  hash: string;
  status: string;
  reason: string | null;
  decided_by: string | null;
  decided_at: number | null;
  locked_by: string | null;
  locked_at: number | null;
  version: number;
  synced_version: number;
  change_id: string;
  origin: string;
  lease_json: string | null;
  created_at: number;
  updated_at: number;
  code: string | null;
  fine_json: string | null;
  lifecycle_json: string | null;
  appeal_outcome: string | null;
  plate_state: string | null;
  plate_state_sealed: number;
}

interface EvidenceRow {
  infraction_id: string;
  path: string;
  kind: string;
  sha256: string;
  bytes: number;
  mime: string;
  present: number;
  pruned_at: number | null;
}

/** What the shared server stores for an infraction: the record plus the change that produced it. */
export interface InfractionSyncPayload {
  record: InfractionRecord;
  changeId: string;
  syncedVersion: number;
}

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export function speedExcess(measured: Record<string, number>): number | null {
  const speed = measured.speedKmh;
  const limit = measured.limitKmh;
  return typeof speed === 'number' && typeof limit === 'number' ? speed - limit : null;
}

/** Infractions and their evidence files: ingestion from workers and reads for review and sync. */
export class InfractionRepo {
  private readonly insertStmt: Database.Statement;
  private readonly insertEvidence: Database.Statement;
  private readonly getStmt: Database.Statement;
  private readonly evidenceStmt: Database.Statement;
  private readonly recordChangeStmt: Database.Statement;
  private readonly counterStmt: Database.Statement;
  private readonly setCodeStmt: Database.Statement;

  constructor(private readonly store: StoreCore) {
    const { db } = store;
    this.counterStmt = db.prepare(
      `INSERT INTO infraction_code_counters (day, n) VALUES (?, 1)
       ON CONFLICT(day) DO UPDATE SET n = n + 1 RETURNING n`,
    );
    this.setCodeStmt = db.prepare(
      `UPDATE infractions SET code = ?, fine_json = ?, lifecycle_json = ?, appeal_outcome = ?
       WHERE id = ?`,
    );
    this.insertStmt = db.prepare(
      `INSERT INTO infractions (id, type, category, camera_id, zone_id, rule_id, rule_version, calibration_version,
         occurred_at, track_id, class_label, measured_json, speed_excess, direction, confidence, box_json,
         plate_text, plate_raw, plate_confidence, plate_country, plate_original, plate_edited_by, plate_edited_at,
         prev_hash, hash, status, reason, decided_by, decided_at, locked_by, locked_at, version, synced_version,
         change_id, origin, lease_json, created_at, updated_at, plate_state, plate_state_sealed)
       VALUES (@id, @type, @category, @camera_id, @zone_id, @rule_id, @rule_version, @calibration_version,
         @occurred_at, @track_id, @class_label, @measured_json, @speed_excess, @direction, @confidence, @box_json,
         @plate_text, @plate_raw, @plate_confidence, @plate_country, @plate_original, @plate_edited_by, @plate_edited_at,
         @prev_hash, @hash, @status, @reason, @decided_by, @decided_at, @locked_by, @locked_at, @version,
         @synced_version, @change_id, @origin, @lease_json, @created_at, @updated_at, @plate_state,
         @plate_state_sealed)
       ON CONFLICT(id) DO NOTHING`,
    );
    this.insertEvidence = db.prepare(
      `INSERT INTO evidence_files (infraction_id, path, kind, sha256, bytes, mime, present)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(infraction_id, path) DO NOTHING`,
    );
    this.getStmt = db.prepare('SELECT * FROM infractions WHERE id = ?');
    this.recordChangeStmt = db.prepare(
      'INSERT OR REPLACE INTO infraction_changes (infraction_id, version, change_id) VALUES (?, ?, ?)',
    );
    this.evidenceStmt = db.prepare(
      'SELECT * FROM evidence_files WHERE infraction_id = ? ORDER BY path',
    );
  }

  /**
   * Stores infractions produced by the rules engine (validated against the shared schema), with
   * their evidence rows and outbox entries, in the caller's transaction or a new one.
   * Returns how many were new (re-sent events are ignored by id). In fleet mode each carries the
   * camera lease it was raised under (`lease`, outside the sealed event's hash).
   */
  insert(events: readonly (InfractionEvent & { lease?: LeaseStamp })[]): number {
    const { now, hostId } = this.store;
    return this.store.tx(() => {
      let added = 0;
      const at = now();
      for (const input of events) {
        const parsed = infractionEventSchema.safeParse(input);
        if (!parsed.success) {
          throw new CodedError(
            'store.error.invalidInfraction',
            `invalid infraction: ${parsed.error.message}`,
          );
        }
        const e = parsed.data;
        const changeId = randomUUID();
        const r = this.insertStmt.run({
          ...eventColumns(e),
          plate_original: null,
          plate_edited_by: null,
          plate_edited_at: null,
          status: 'pending',
          reason: null,
          decided_by: null,
          decided_at: null,
          locked_by: null,
          locked_at: null,
          version: 1,
          synced_version: 0,
          change_id: changeId,
          origin: hostId,
          lease_json: input.lease ? JSON.stringify(input.lease) : null,
          created_at: at,
          updated_at: at,
        });
        if (r.changes === 0) continue;
        added++;
        this.setCodeStmt.run(this.nextCode(e.occurredAt), null, null, null, e.id);
        this.recordChangeStmt.run(e.id, 1, changeId);
        for (const f of e.evidence) {
          this.insertEvidence.run(e.id, f.path, f.kind, f.sha256, f.bytes, f.mime, 1);
          this.store.enqueue('evidence', `${e.id}\n${f.path}`);
        }
        this.store.enqueue('infraction', e.id);
      }
      return added;
    });
  }

  /** This workstation's next infraction code for the detection's day (in the caller's tx). */
  private nextCode(occurredAt: number): string {
    const day = formatInfractionCode(occurredAt, 'X', 0).slice(4, 12);
    const { n } = this.counterStmt.get(day) as { n: number };
    return formatInfractionCode(occurredAt, stationOf(this.store.hostId), n);
  }

  get(id: string): InfractionRecord | undefined {
    const row = this.getStmt.get(id) as InfractionRow | undefined;
    return row && this.toRecord(row);
  }

  row(id: string): InfractionRow | undefined {
    return this.getStmt.get(id) as InfractionRow | undefined;
  }

  toRecord(
    row: InfractionRow,
    evidence = this.evidenceStmt.all(row.id) as EvidenceRow[],
  ): InfractionRecord {
    return {
      id: row.id,
      type: row.type as InfractionRecord['type'],
      category: row.category as InfractionRecord['category'],
      cameraId: row.camera_id,
      zoneId: opt(row.zone_id),
      ruleId: row.rule_id,
      ruleVersion: row.rule_version,
      calibrationVersion: opt(row.calibration_version),
      occurredAt: row.occurred_at,
      trackId: row.track_id,
      classLabel: row.class_label,
      measured: JSON.parse(row.measured_json) as Record<string, number>,
      direction: opt(row.direction),
      confidence: row.confidence,
      box: JSON.parse(row.box_json) as InfractionRecord['box'],
      evidence: evidence.map((f): StoredEvidence => ({
        kind: f.kind as StoredEvidence['kind'],
        path: f.path,
        sha256: f.sha256,
        bytes: f.bytes,
        mime: f.mime,
        present: f.present === 1,
        prunedAt: opt(f.pruned_at),
      })),
      plate:
        row.plate_text === null
          ? undefined
          : {
              text: row.plate_text,
              rawText: row.plate_raw ?? '',
              confidence: row.plate_confidence ?? 0,
              country: opt(row.plate_country),
            },
      // Only a state the sealed event carries belongs to the record: its hash covers it.
      plateState: row.plate_state_sealed
        ? (opt(row.plate_state) as InfractionRecord['plateState'])
        : undefined,
      plateOriginalText: opt(row.plate_original),
      plateEditedBy: opt(row.plate_edited_by),
      plateEditedAt: opt(row.plate_edited_at),
      prevHash: row.prev_hash,
      hash: row.hash,
      status: row.status as InfractionRecord['status'],
      reason: opt(row.reason),
      decidedBy: opt(row.decided_by),
      decidedAt: opt(row.decided_at),
      lockedBy: opt(row.locked_by),
      lockedAt: opt(row.locked_at),
      code: opt(row.code),
      fine: row.fine_json ? (JSON.parse(row.fine_json) as InfractionRecord['fine']) : undefined,
      lifecycle: row.lifecycle_json
        ? (JSON.parse(row.lifecycle_json) as InfractionRecord['lifecycle'])
        : undefined,
      appealOutcome: opt(row.appeal_outcome) as InfractionRecord['appealOutcome'],
      version: row.version,
      origin: row.origin,
      lease: row.lease_json ? (JSON.parse(row.lease_json) as LeaseStamp) : undefined,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  exportForSync(id: string): InfractionSyncPayload | undefined {
    const row = this.row(id);
    if (!row) return undefined;
    const record = this.toRecord(row);
    // Whether the bytes are on this disk is local knowledge; the server keeps them itself.
    record.evidence = record.evidence.map((f) => ({ ...f, present: true, prunedAt: undefined }));
    return { record, changeId: row.change_id, syncedVersion: row.synced_version };
  }

  /** Remembers a local change (insert, decision, plate edit) until the server confirms it. */
  recordChange(id: string, version: number, changeId: string): void {
    this.recordChangeStmt.run(id, version, changeId);
  }

  /** True when (version, changeId) is a state this workstation produced itself. */
  isOwnChange(id: string, version: number, changeId: string): boolean {
    return !!this.store.db
      .prepare(
        'SELECT 1 FROM infraction_changes WHERE infraction_id = ? AND version = ? AND change_id = ?',
      )
      .get(id, version, changeId);
  }

  /** The server now holds `version`: everything up to it is confirmed. */
  markSynced(id: string, version: number): void {
    const { db } = this.store;
    db.prepare(
      'UPDATE infractions SET synced_version = MAX(synced_version, ?) WHERE id = ? AND version >= ?',
    ).run(version, id, version);
    db.prepare('DELETE FROM infraction_changes WHERE infraction_id = ? AND version <= ?').run(
      id,
      version,
    );
  }

  /**
   * Stores the server's copy of an infraction (written by another workstation or the winner of a
   * conflict), replacing the local one; no outbox entry, it is already on the server.
   */
  applyRemote(
    record: InfractionRecord,
    changeId: string,
    evidencePresent: (f: StoredEvidence) => boolean,
  ): void {
    const { db } = this.store;
    const e = record;
    db.prepare('DELETE FROM infractions WHERE id = ?').run(e.id);
    db.prepare('DELETE FROM infraction_changes WHERE infraction_id = ?').run(e.id);
    this.insertStmt.run({
      ...eventColumns(e),
      plate_original: e.plateOriginalText ?? null,
      plate_edited_by: e.plateEditedBy ?? null,
      plate_edited_at: e.plateEditedAt ?? null,
      status: e.status,
      reason: e.reason ?? null,
      decided_by: e.decidedBy ?? null,
      decided_at: e.decidedAt ?? null,
      locked_by: e.lockedBy ?? null,
      locked_at: e.lockedAt ?? null,
      version: e.version,
      synced_version: e.version,
      change_id: changeId,
      origin: e.origin,
      lease_json: e.lease ? JSON.stringify(e.lease) : null,
      created_at: e.createdAt,
      updated_at: e.updatedAt,
    });
    this.setCodeStmt.run(
      e.code ??
        `INF-${formatInfractionCode(e.occurredAt, 'X', 0).slice(4, 12)}-${stationOf(e.origin)}-${e.id.replace(/-/g, '').slice(0, 12).toUpperCase()}`,
      e.fine ? JSON.stringify(e.fine) : null,
      e.lifecycle ? JSON.stringify(e.lifecycle) : null,
      e.appealOutcome ?? null,
      e.id,
    );
    for (const f of e.evidence) {
      this.insertEvidence.run(
        e.id,
        f.path,
        f.kind,
        f.sha256,
        f.bytes,
        f.mime,
        evidencePresent(f) ? 1 : 0,
      );
    }
  }
}

function eventColumns(e: InfractionEvent | InfractionRecord) {
  return {
    id: e.id,
    type: e.type,
    category: e.category,
    camera_id: e.cameraId,
    zone_id: e.zoneId ?? null,
    rule_id: e.ruleId,
    rule_version: e.ruleVersion,
    calibration_version: e.calibrationVersion ?? null,
    occurred_at: e.occurredAt,
    track_id: e.trackId,
    class_label: e.classLabel,
    measured_json: JSON.stringify(e.measured),
    speed_excess: speedExcess(e.measured),
    direction: e.direction ?? null,
    confidence: e.confidence,
    box_json: JSON.stringify(e.box),
    plate_text: e.plate?.text ?? null,
    plate_raw: e.plate?.rawText ?? null,
    plate_confidence: e.plate?.confidence ?? null,
    plate_country: e.plate?.country ?? null,
    plate_state: e.plateState ?? (e.plate ? 'read' : 'none'),
    plate_state_sealed: e.plateState !== undefined ? 1 : 0,
    prev_hash: e.prevHash,
    hash: e.hash,
  };
}
