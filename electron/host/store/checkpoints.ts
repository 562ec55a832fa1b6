import type Database from 'better-sqlite3';
import type { Checkpoint } from '../../../inference/worker/evidence/signing';
import type { StoreCore } from './store-core';

interface CheckpointRow {
  camera_id: string;
  count: number;
  head_hash: string;
  event_id: string;
  signed_at: number;
  key_id: string;
  signature: string;
}

function fromRow(r: CheckpointRow): Checkpoint {
  return {
    v: 1,
    cameraId: r.camera_id,
    count: r.count,
    headHash: r.head_hash,
    eventId: r.event_id,
    signedAt: r.signed_at,
    publicKeyId: r.key_id,
    signature: r.signature,
  };
}

/** The key under which the sealed (SecretBox) private signing key lives in sync_state. */
export const SIGNING_KEY_STATE = 'evidence.signingKey';

/**
 * Signed evidence checkpoints and the installation's public signing keys: the anchor of each
 * camera's chain head outside the evidence folder. Both are pushed to the shared server.
 */
export class CheckpointRepo {
  private readonly insert: Database.Statement;

  constructor(private readonly core: StoreCore) {
    this.insert = core.db.prepare(
      `INSERT INTO evidence_checkpoints (camera_id, count, head_hash, event_id, signed_at, key_id, signature, origin)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
  }

  addKey(keyId: string, publicKeyPem: string): void {
    this.core.tx(() => {
      const r = this.core.db
        .prepare(
          `INSERT INTO evidence_signing_keys (key_id, public_key_pem, origin, created_at)
           VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        )
        .run(keyId, publicKeyPem, this.core.hostId, this.core.now());
      if (r.changes) this.core.enqueue('signing_key', keyId);
    });
  }

  key(
    keyId: string,
  ): { keyId: string; publicKeyPem: string; origin: string; createdAt: number } | undefined {
    const r = this.core.db
      .prepare(
        'SELECT key_id, public_key_pem, origin, created_at FROM evidence_signing_keys WHERE key_id = ?',
      )
      .get(keyId) as
      { key_id: string; public_key_pem: string; origin: string; created_at: number } | undefined;
    return (
      r && {
        keyId: r.key_id,
        publicKeyPem: r.public_key_pem,
        origin: r.origin,
        createdAt: r.created_at,
      }
    );
  }

  publicKeys(): string[] {
    return (
      this.core.db.prepare('SELECT public_key_pem FROM evidence_signing_keys').all() as Array<{
        public_key_pem: string;
      }>
    ).map((r) => r.public_key_pem);
  }

  /** Stores a checkpoint (once per camera and count) and queues it for the shared server. */
  add(cp: Checkpoint): boolean {
    return this.core.tx(() => {
      const r = this.insert.run(
        cp.cameraId,
        cp.count,
        cp.headHash,
        cp.eventId,
        cp.signedAt,
        cp.publicKeyId,
        cp.signature,
        this.core.hostId,
      );
      if (r.changes) this.core.enqueue('checkpoint', `${cp.cameraId}/${cp.count}`);
      return r.changes > 0;
    });
  }

  latest(cameraId: string): Checkpoint | undefined {
    const r = this.core.db
      .prepare('SELECT * FROM evidence_checkpoints WHERE camera_id = ? ORDER BY count DESC LIMIT 1')
      .get(cameraId) as CheckpointRow | undefined;
    return r && fromRow(r);
  }

  get(cameraId: string, count: number): Checkpoint | undefined {
    const r = this.core.db
      .prepare('SELECT * FROM evidence_checkpoints WHERE camera_id = ? AND count = ?')
      .get(cameraId, count) as CheckpointRow | undefined;
    return r && fromRow(r);
  }

  /** By outbox key `<cameraId>/<count>`. */
  getByKey(key: string): Checkpoint | undefined {
    const slash = key.lastIndexOf('/');
    return this.get(key.slice(0, slash), Number(key.slice(slash + 1)));
  }

  forEvent(eventId: string): Checkpoint | undefined {
    const r = this.core.db
      .prepare('SELECT * FROM evidence_checkpoints WHERE event_id = ? ORDER BY count LIMIT 1')
      .get(eventId) as CheckpointRow | undefined;
    return r && fromRow(r);
  }

  all(): Checkpoint[] {
    return (
      this.core.db
        .prepare('SELECT * FROM evidence_checkpoints ORDER BY camera_id, count')
        .all() as CheckpointRow[]
    ).map(fromRow);
  }
}

/**
 * Checkpoints and keys read from a database file opened read-only (verify-evidence): tolerates a
 * database from before signing (no tables: nothing anchored).
 */
export function readAnchors(db: Database.Database): { checkpoints: Checkpoint[]; keys: string[] } {
  const has = db
    .prepare(
      "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('evidence_checkpoints', 'evidence_signing_keys')",
    )
    .get() as { n: number };
  if (has.n < 2) return { checkpoints: [], keys: [] };
  return {
    checkpoints: (
      db
        .prepare('SELECT * FROM evidence_checkpoints ORDER BY camera_id, count')
        .all() as CheckpointRow[]
    ).map(fromRow),
    keys: (
      db.prepare('SELECT public_key_pem FROM evidence_signing_keys').all() as Array<{
        public_key_pem: string;
      }>
    ).map((r) => r.public_key_pem),
  };
}
