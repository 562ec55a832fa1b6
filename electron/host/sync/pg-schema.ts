import { CodedError } from '../../shared/coded-error';
import type pg from 'pg';

/**
 * The shared PostgreSQL schema, forward-only like the local one. Every row carries `seq` from one
 * sequence; writers serialise on an advisory lock, so seq order is commit order and "pull since
 * cursor" never skips a row.
 */
export const PG_MIGRATIONS: readonly string[] = [
  /* 1 */ `
  CREATE SEQUENCE watcher.change_seq;
  CREATE TABLE watcher.infractions (
    id uuid PRIMARY KEY,
    version integer NOT NULL,
    change_id uuid NOT NULL,
    origin text NOT NULL,
    -- workstation that wrote this version, so it can skip its own rows when pulling
    pushed_by text NOT NULL,
    status text NOT NULL,
    occurred_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    data jsonb NOT NULL,
    seq bigint NOT NULL
  );
  CREATE INDEX infractions_seq ON watcher.infractions(seq);
  CREATE INDEX infractions_queue ON watcher.infractions(status, occurred_at DESC);
  CREATE TABLE watcher.config (
    entity text NOT NULL,
    key text NOT NULL,
    updated_at bigint NOT NULL,
    origin text NOT NULL,
    data jsonb NOT NULL,
    seq bigint NOT NULL,
    PRIMARY KEY (entity, key)
  );
  CREATE INDEX config_seq ON watcher.config(seq);
  CREATE TABLE watcher.audit (
    id uuid PRIMARY KEY,
    origin text NOT NULL,
    origin_seq integer NOT NULL,
    at bigint NOT NULL,
    data jsonb NOT NULL,
    seq bigint NOT NULL,
    UNIQUE (origin, origin_seq)
  );
  CREATE INDEX audit_seq ON watcher.audit(seq);
  -- evidence bytes, content-addressed: the same file is stored once whoever uploads it
  CREATE TABLE watcher.evidence_blobs (
    sha256 text PRIMARY KEY,
    bytes bigint NOT NULL,
    chunk_bytes integer NOT NULL,
    chunks integer NOT NULL,
    complete boolean NOT NULL DEFAULT false
  );
  CREATE TABLE watcher.evidence_chunks (
    sha256 text NOT NULL,
    idx integer NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (sha256, idx)
  );
  `,
  /* 2: each workstation's evidence signing keys and signed chain-head checkpoints (append-only) */ `
  CREATE TABLE watcher.evidence_signing_keys (
    key_id text PRIMARY KEY,
    origin text NOT NULL,
    public_key_pem text NOT NULL,
    created_at bigint NOT NULL,
    seq bigint NOT NULL
  );
  CREATE TABLE watcher.evidence_checkpoints (
    origin text NOT NULL,
    camera_id text NOT NULL,
    count integer NOT NULL,
    head_hash text NOT NULL,
    event_id text NOT NULL,
    key_id text NOT NULL,
    data jsonb NOT NULL,
    seq bigint NOT NULL,
    PRIMARY KEY (origin, camera_id, count)
  );
  CREATE INDEX evidence_checkpoints_event ON watcher.evidence_checkpoints(event_id);
  `,
  /* 3: alarms (versioned like infractions) and their append-only history */ `
  CREATE TABLE watcher.alarms (
    id uuid PRIMARY KEY,
    version integer NOT NULL,
    change_id uuid NOT NULL,
    origin text NOT NULL,
    pushed_by text NOT NULL,
    state text NOT NULL,
    last_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    data jsonb NOT NULL,
    seq bigint NOT NULL
  );
  CREATE INDEX alarms_seq ON watcher.alarms(seq);
  CREATE INDEX alarms_state ON watcher.alarms(state, last_at DESC);
  CREATE TABLE watcher.alarm_history (
    id uuid PRIMARY KEY,
    alarm_id uuid NOT NULL,
    origin text NOT NULL,
    at bigint NOT NULL,
    data jsonb NOT NULL,
    seq bigint NOT NULL
  );
  CREATE INDEX alarm_history_seq ON watcher.alarm_history(seq);
  CREATE INDEX alarm_history_alarm ON watcher.alarm_history(alarm_id, at);
  `,
  /* 4: analysis nodes and their camera leases (electron/host/fleet); times are the server's clock */ `
  CREATE TABLE watcher.nodes (
    id text PRIMARY KEY,
    role text NOT NULL,
    address text,
    provider text NOT NULL,
    capacity integer NOT NULL,
    heartbeat_at timestamptz NOT NULL,
    started_at timestamptz NOT NULL
  );
  CREATE TABLE watcher.camera_leases (
    camera_id text PRIMARY KEY,
    node_id text,
    expires_at timestamptz,
    -- fencing counter: +1 each time the camera changes hands
    epoch bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL
  );
  CREATE INDEX camera_leases_node ON watcher.camera_leases(node_id);
  `,
  /* 5: fleet fencing, lease history (failovers), camera moves; see electron/host/fleet */ `
  -- one row per lease epoch: who held the camera from when to when, and how it ended
  CREATE TABLE watcher.lease_epochs (
    camera_id text NOT NULL,
    epoch bigint NOT NULL,
    node_id text NOT NULL,
    started_at timestamptz NOT NULL,
    ended_at timestamptz,
    -- released (handed back), expired (holder stopped renewing: a failover), moved (admin action)
    ended_by text,
    PRIMARY KEY (camera_id, epoch)
  );
  CREATE INDEX lease_epochs_ended ON watcher.lease_epochs(ended_at DESC);
  INSERT INTO watcher.lease_epochs (camera_id, epoch, node_id, started_at)
    SELECT camera_id, epoch, node_id, updated_at FROM watcher.camera_leases
    WHERE node_id IS NOT NULL AND epoch > 0;
  -- writes the store refused because their lease stamp was stale (kept for the audit trail)
  CREATE TABLE watcher.fenced_writes (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    kind text NOT NULL,
    record_id text NOT NULL,
    camera_id text,
    node_id text,
    epoch bigint,
    stamped_at bigint,
    reason text NOT NULL,
    data jsonb NOT NULL
  );
  -- "move camera to node": the target takes the camera while it is alive, like a pin
  CREATE TABLE watcher.camera_moves (
    camera_id text PRIMARY KEY,
    target_node text NOT NULL,
    requested_by text NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now()
  );
  -- host-to-host relay: each host's current relay token, hashed (sha256 hex); the plain token
  -- lives only in that host's memory and on its relay connections
  CREATE TABLE watcher.fleet_tokens (
    node_id text PRIMARY KEY,
    token_hash text NOT NULL,
    issued_at timestamptz NOT NULL
  );
  -- why a lease stamp is stale, or NULL when the write may go in
  CREATE FUNCTION watcher.lease_stamp_problem(camera text, stamp jsonb) RETURNS text
  LANGUAGE plpgsql STABLE AS $fence$
  DECLARE
    e watcher.lease_epochs%ROWTYPE;
    first_epoch bigint;
  BEGIN
    IF stamp IS NULL OR jsonb_typeof(stamp) <> 'object' THEN RETURN NULL; END IF;
    SELECT * INTO e FROM watcher.lease_epochs
      WHERE camera_id = camera AND epoch = (stamp->>'epoch')::bigint;
    IF NOT FOUND THEN
      SELECT min(epoch) INTO first_epoch FROM watcher.lease_epochs WHERE camera_id = camera;
      -- epochs from before the history was kept cannot be judged
      IF first_epoch IS NOT NULL AND (stamp->>'epoch')::bigint < first_epoch THEN RETURN NULL; END IF;
      RETURN 'unknown-epoch';
    END IF;
    IF e.node_id <> stamp->>'node' THEN RETURN 'not-holder'; END IF;
    IF e.ended_at IS NOT NULL
       AND (stamp->>'at')::float8 > extract(epoch FROM e.ended_at) * 1000 THEN
      RETURN 'after-lease';
    END IF;
    RETURN NULL;
  END
  $fence$;
  CREATE FUNCTION watcher.fence_infraction() RETURNS trigger
  LANGUAGE plpgsql AS $fence$
  DECLARE problem text;
  BEGIN
    problem := watcher.lease_stamp_problem(NEW.data->>'cameraId', NEW.data->'lease');
    IF problem IS NULL THEN RETURN NEW; END IF;
    INSERT INTO watcher.fenced_writes (kind, record_id, camera_id, node_id, epoch, stamped_at, reason, data)
    VALUES ('infraction', NEW.id::text, NEW.data->>'cameraId', NEW.data->'lease'->>'node',
            (NEW.data->'lease'->>'epoch')::bigint, (NEW.data->'lease'->>'at')::float8::bigint, problem, NEW.data);
    RETURN NULL;
  END
  $fence$;
  CREATE TRIGGER infractions_fence BEFORE INSERT ON watcher.infractions
    FOR EACH ROW EXECUTE FUNCTION watcher.fence_infraction();
  CREATE FUNCTION watcher.fence_alarm() RETURNS trigger
  LANGUAGE plpgsql AS $fence$
  DECLARE problem text;
  BEGIN
    problem := watcher.lease_stamp_problem(NEW.data->>'cameraId', NEW.data->'source'->'lease');
    IF problem IS NULL THEN RETURN NEW; END IF;
    INSERT INTO watcher.fenced_writes (kind, record_id, camera_id, node_id, epoch, stamped_at, reason, data)
    VALUES ('alarm', NEW.id::text, NEW.data->>'cameraId', NEW.data->'source'->'lease'->>'node',
            (NEW.data->'source'->'lease'->>'epoch')::bigint,
            (NEW.data->'source'->'lease'->>'at')::float8::bigint, problem, NEW.data);
    RETURN NULL;
  END
  $fence$;
  CREATE TRIGGER alarms_fence BEFORE INSERT ON watcher.alarms
    FOR EACH ROW EXECUTE FUNCTION watcher.fence_alarm();
  `,
  /* 6: finished tracks of every workstation (append-only; analytics across sites) */ `
  CREATE TABLE watcher.track_history (
    origin text NOT NULL,
    local_id bigint NOT NULL,
    camera_id text NOT NULL,
    class_label text NOT NULL,
    first_seen bigint NOT NULL,
    last_seen bigint NOT NULL,
    data jsonb NOT NULL,
    PRIMARY KEY (origin, local_id)
  );
  CREATE INDEX track_history_camera_class ON watcher.track_history(camera_id, class_label, first_seen);
  CREATE INDEX track_history_time ON watcher.track_history(first_seen);
  `,
];

export const PG_SCHEMA_VERSION = PG_MIGRATIONS.length;

/** Advisory lock ids (arbitrary constants shared by every Watcher host). */
export const SCHEMA_LOCK = 0x5741_5401;
export const WRITE_LOCK = 0x5741_5402;

/** Creates or migrates the shared schema; refuses a server whose schema is newer than this code. */
export async function ensurePgSchema(client: pg.Client): Promise<number> {
  await client.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK]);
  try {
    await client.query('CREATE SCHEMA IF NOT EXISTS watcher');
    await client.query(
      'CREATE TABLE IF NOT EXISTS watcher.schema_info (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL)',
    );
    const r = await client.query<{ version: number }>(
      'SELECT version FROM watcher.schema_info WHERE id = 1',
    );
    const current = r.rows[0]?.version ?? 0;
    if (current > PG_SCHEMA_VERSION) {
      throw new CodedError(
        'sync.error.schemaNewer',
        `shared database schema version ${current} is newer than this Watcher (knows up to ${PG_SCHEMA_VERSION}); update Watcher`,
        { found: current, supported: PG_SCHEMA_VERSION },
      );
    }
    for (let v = current; v < PG_SCHEMA_VERSION; v++) {
      await client.query('BEGIN');
      try {
        await client.query(PG_MIGRATIONS[v]);
        await client.query(
          'INSERT INTO watcher.schema_info (id, version) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET version = $1',
          [v + 1],
        );
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      }
    }
    return PG_SCHEMA_VERSION;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK]).catch(() => {});
  }
}
