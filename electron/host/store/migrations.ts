import { CodedError } from '../../shared/coded-error';
import type Database from 'better-sqlite3';

/**
 * Forward-only schema migrations. Index i brings the schema from version i to i+1; released
 * entries are never edited, a change is a new entry. The version lives in `PRAGMA user_version`.
 */
export const MIGRATIONS: readonly string[] = [
  /* 1: initial schema */ `
  CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  CREATE TABLE cameras (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    -- camera config JSON with any URL password removed; the password lives in secret_blob
    config_json TEXT NOT NULL,
    secret_blob TEXT,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    origin TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE models (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    path TEXT NOT NULL,
    sha256 TEXT,
    meta_json TEXT NOT NULL DEFAULT '{}',
    added_at INTEGER NOT NULL
  );

  CREATE TABLE calibrations (
    camera_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    data_json TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (camera_id, version)
  );

  CREATE TABLE rule_sets (
    camera_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    data_json TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (camera_id, version)
  );

  CREATE TABLE zones (
    id TEXT PRIMARY KEY,
    camera_id TEXT NOT NULL,
    name TEXT NOT NULL,
    data_json TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    origin TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX zones_camera ON zones(camera_id);

  CREATE TABLE infractions (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    category TEXT NOT NULL,
    camera_id TEXT NOT NULL,
    zone_id TEXT,
    rule_id TEXT NOT NULL,
    rule_version INTEGER NOT NULL,
    calibration_version INTEGER,
    occurred_at INTEGER NOT NULL,
    track_id INTEGER NOT NULL,
    class_label TEXT NOT NULL,
    measured_json TEXT NOT NULL,
    -- measured speed minus limit for speed infractions, kept as a column for the daily report
    speed_excess REAL,
    direction TEXT,
    confidence REAL NOT NULL,
    box_json TEXT NOT NULL,
    plate_text TEXT,
    plate_raw TEXT,
    plate_confidence REAL,
    plate_country TEXT,
    -- the OCR text before the first human edit; NULL while unedited
    plate_original TEXT,
    plate_edited_by TEXT,
    plate_edited_at INTEGER,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    reason TEXT,
    decided_by TEXT,
    decided_at INTEGER,
    -- optimistic versioning: +1 on every change; synced_version is what the shared server holds
    version INTEGER NOT NULL DEFAULT 1,
    synced_version INTEGER NOT NULL DEFAULT 0,
    change_id TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX infractions_queue ON infractions(status, occurred_at DESC, id DESC);
  CREATE INDEX infractions_time ON infractions(occurred_at DESC, id DESC);
  CREATE INDEX infractions_camera ON infractions(camera_id, occurred_at DESC);
  CREATE INDEX infractions_type ON infractions(type, occurred_at DESC);
  CREATE INDEX infractions_zone ON infractions(zone_id, occurred_at DESC) WHERE zone_id IS NOT NULL;
  CREATE INDEX infractions_plate ON infractions(plate_text, occurred_at DESC) WHERE plate_text IS NOT NULL;
  CREATE INDEX infractions_rejected ON infractions(decided_at) WHERE status = 'rejected';
  -- covering index for the daily report: a day's aggregates read the index only, not the rows
  CREATE INDEX infractions_report ON infractions(occurred_at, type, status, speed_excess, plate_text, camera_id);

  -- this workstation's own changes not yet confirmed by the shared server, so a server row can be
  -- recognised as one of our own earlier states (fast-forward) rather than someone else's change
  -- hourly counts maintained by triggers, so a daily report reads at most 24 x cameras x types x
  -- statuses rows whatever the number of infractions
  CREATE TABLE infraction_hourly (
    hour INTEGER NOT NULL,
    camera_id TEXT NOT NULL,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    n INTEGER NOT NULL,
    excess_sum REAL NOT NULL,
    excess_n INTEGER NOT NULL,
    PRIMARY KEY (hour, camera_id, type, status)
  ) WITHOUT ROWID;
  CREATE TRIGGER infractions_hourly_insert AFTER INSERT ON infractions BEGIN
    INSERT INTO infraction_hourly (hour, camera_id, type, status, n, excess_sum, excess_n)
    VALUES (CAST(NEW.occurred_at / 3600000 AS INTEGER), NEW.camera_id, NEW.type, NEW.status, 1,
            COALESCE(NEW.speed_excess, 0), NEW.speed_excess IS NOT NULL)
    ON CONFLICT (hour, camera_id, type, status) DO UPDATE SET n = n + 1,
      excess_sum = excess_sum + excluded.excess_sum, excess_n = excess_n + excluded.excess_n;
  END;
  CREATE TRIGGER infractions_hourly_delete AFTER DELETE ON infractions BEGIN
    UPDATE infraction_hourly SET n = n - 1, excess_sum = excess_sum - COALESCE(OLD.speed_excess, 0),
      excess_n = excess_n - (OLD.speed_excess IS NOT NULL)
    WHERE hour = CAST(OLD.occurred_at / 3600000 AS INTEGER) AND camera_id = OLD.camera_id
      AND type = OLD.type AND status = OLD.status;
  END;
  CREATE TRIGGER infractions_hourly_update AFTER UPDATE OF occurred_at, camera_id, type, status, speed_excess
  ON infractions BEGIN
    UPDATE infraction_hourly SET n = n - 1, excess_sum = excess_sum - COALESCE(OLD.speed_excess, 0),
      excess_n = excess_n - (OLD.speed_excess IS NOT NULL)
    WHERE hour = CAST(OLD.occurred_at / 3600000 AS INTEGER) AND camera_id = OLD.camera_id
      AND type = OLD.type AND status = OLD.status;
    INSERT INTO infraction_hourly (hour, camera_id, type, status, n, excess_sum, excess_n)
    VALUES (CAST(NEW.occurred_at / 3600000 AS INTEGER), NEW.camera_id, NEW.type, NEW.status, 1,
            COALESCE(NEW.speed_excess, 0), NEW.speed_excess IS NOT NULL)
    ON CONFLICT (hour, camera_id, type, status) DO UPDATE SET n = n + 1,
      excess_sum = excess_sum + excluded.excess_sum, excess_n = excess_n + excluded.excess_n;
  END;

  CREATE TABLE infraction_changes (
    infraction_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    change_id TEXT NOT NULL,
    PRIMARY KEY (infraction_id, version)
  );

  CREATE TABLE evidence_files (
    infraction_id TEXT NOT NULL REFERENCES infractions(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    kind TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    mime TEXT NOT NULL,
    -- 1 when the bytes are on this workstation's disk (0: still to download from the server)
    present INTEGER NOT NULL DEFAULT 1,
    pruned_at INTEGER,
    PRIMARY KEY (infraction_id, path)
  );
  CREATE INDEX evidence_missing ON evidence_files(present) WHERE present = 0 AND pruned_at IS NULL;

  CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    ts INTEGER NOT NULL,
    camera_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    track_id INTEGER,
    class_label TEXT,
    confidence REAL,
    x1 REAL, y1 REAL, x2 REAL, y2 REAL,
    line_id TEXT,
    zone_id TEXT,
    direction TEXT,
    data_json TEXT
  );
  CREATE INDEX events_ts ON events(ts);
  CREATE INDEX events_lines ON events(ts, line_id, direction, camera_id) WHERE line_id IS NOT NULL;

  CREATE TABLE metrics (
    id INTEGER PRIMARY KEY,
    ts INTEGER NOT NULL,
    camera_id TEXT NOT NULL,
    state TEXT,
    fps REAL,
    inference_ms REAL,
    provider TEXT,
    dropped INTEGER,
    data_json TEXT
  );
  CREATE INDEX metrics_ts ON metrics(ts);
  CREATE INDEX metrics_camera ON metrics(camera_id, ts);

  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    origin TEXT NOT NULL
  );

  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
  );
  CREATE INDEX sessions_expiry ON sessions(expires_at);

  CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    -- workstation that wrote it; each origin keeps its own hash chain numbered by origin_seq
    origin TEXT NOT NULL,
    origin_seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    details_json TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (origin, origin_seq)
  );
  CREATE INDEX audit_time ON audit_log(at DESC);
  CREATE INDEX audit_target ON audit_log(target, at);

  -- what the shared server still needs; written in the same transaction as the change itself
  CREATE TABLE sync_outbox (
    -- AUTOINCREMENT: a seq is never reused, so acknowledging (seq, rev) can never hit a newer row
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    entity TEXT NOT NULL,
    key TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    -- bumped when the entity changes again before it was pushed; the push only acks its own rev
    rev INTEGER NOT NULL DEFAULT 0,
    UNIQUE (entity, key)
  );

  -- a local change the shared server refused because another workstation got there first
  CREATE TABLE sync_conflicts (
    id INTEGER PRIMARY KEY,
    entity TEXT NOT NULL,
    key TEXT NOT NULL,
    at INTEGER NOT NULL,
    local_json TEXT NOT NULL,
    winner_json TEXT NOT NULL
  );
  `,
  // 2: vehicle-registry enrichment, kept beside the infraction (which stays as sealed).
  `
  CREATE TABLE infraction_enrichment (
    infraction_id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    provider TEXT NOT NULL,
    vehicle_json TEXT,
    reason TEXT,
    message TEXT,
    updated_at INTEGER NOT NULL
  );
  `,
  // 3: the installation's evidence signing key (public half; the private half is sealed in
  // sync_state) and the signed checkpoints of each camera's evidence chain head.
  `
  CREATE TABLE evidence_signing_keys (
    key_id TEXT PRIMARY KEY,
    public_key_pem TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );

  CREATE TABLE evidence_checkpoints (
    camera_id TEXT NOT NULL,
    count INTEGER NOT NULL,
    head_hash TEXT NOT NULL,
    event_id TEXT NOT NULL,
    signed_at INTEGER NOT NULL,
    key_id TEXT NOT NULL,
    signature TEXT NOT NULL,
    origin TEXT NOT NULL,
    PRIMARY KEY (camera_id, count)
  );
  CREATE INDEX evidence_checkpoints_event ON evidence_checkpoints(event_id);
  `,
  // 4: evidence lock: a locked case's evidence ignores retention until it is unlocked.
  `
  ALTER TABLE infractions ADD COLUMN locked_by TEXT;
  ALTER TABLE infractions ADD COLUMN locked_at INTEGER;
  CREATE INDEX evidence_files_path ON evidence_files(path);
  `,
  // 5: notifications: channels (secret sealed), routes, and the durable outbox that is also the
  // delivery log. One event is enqueued once per route and channel (the unique key); the delivery
  // id is the row id, sent on every retry.
  `
  CREATE TABLE notify_channels (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    settings_json TEXT NOT NULL,
    secret_blob TEXT,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL
  );

  CREATE TABLE notify_routes (
    id TEXT PRIMARY KEY,
    route_json TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL
  );

  CREATE TABLE notify_deliveries (
    id TEXT PRIMARY KEY,
    route_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    channel_kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    dedup_key TEXT NOT NULL,
    event_json TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'retrying', 'failed', 'suppressed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    last_error TEXT,
    last_error_code TEXT,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    UNIQUE (route_id, channel_id, subject)
  );
  CREATE INDEX notify_deliveries_due ON notify_deliveries(state, next_attempt_at);
  CREATE INDEX notify_deliveries_route ON notify_deliveries(route_id, dedup_key, created_at);
  CREATE INDEX notify_deliveries_created ON notify_deliveries(created_at);
  `,
  // 6: alarms: what the control room must act on (infractions grouped per camera + rule, system
  // faults), their state machine with optimistic versions like review decisions, and history.
  `
  CREATE TABLE alarms (
    id TEXT PRIMARY KEY,
    category TEXT NOT NULL,
    priority INTEGER NOT NULL,
    state TEXT NOT NULL,
    source_json TEXT NOT NULL,
    -- grouping key: 'event:<camera>:<rule>' or 'system:<kind>:<key>'
    group_key TEXT NOT NULL,
    camera_id TEXT,
    zone_id TEXT,
    first_at INTEGER NOT NULL,
    last_at INTEGER NOT NULL,
    count INTEGER NOT NULL,
    event_ids_json TEXT NOT NULL,
    owner TEXT,
    acknowledged_by TEXT,
    acknowledged_at INTEGER,
    closed_by TEXT,
    closed_at INTEGER,
    close_reason TEXT,
    -- the rule's own auto-close time (seconds), when it has one
    auto_close_sec INTEGER,
    -- a system alarm whose condition has cleared (kept open for an operator)
    cleared_at INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    synced_version INTEGER NOT NULL DEFAULT 0,
    change_id TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX alarms_time ON alarms(last_at DESC, id DESC);
  CREATE INDEX alarms_state ON alarms(state, last_at DESC, id DESC);
  CREATE INDEX alarms_priority ON alarms(priority, last_at DESC, id DESC);
  CREATE INDEX alarms_camera ON alarms(camera_id, last_at DESC) WHERE camera_id IS NOT NULL;
  CREATE INDEX alarms_open_group ON alarms(group_key, last_at DESC) WHERE state <> 'closed';
  CREATE INDEX alarms_unacknowledged ON alarms(state) WHERE acknowledged_at IS NULL AND state <> 'closed';

  CREATE TABLE alarm_history (
    id TEXT PRIMARY KEY,
    alarm_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    by_user TEXT NOT NULL,
    action TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT,
    text TEXT,
    origin TEXT NOT NULL
  );
  CREATE INDEX alarm_history_alarm ON alarm_history(alarm_id, at);

  CREATE TABLE alarm_changes (
    alarm_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    change_id TEXT NOT NULL,
    PRIMARY KEY (alarm_id, version)
  );
  `,
  // 7: scheduled reports: the schedules (the slot last handled beside each, for catch-up after the
  // host was off) and the history of their runs with state, files and error.
  `
  CREATE TABLE report_schedules (
    id TEXT PRIMARY KEY,
    data_json TEXT NOT NULL,
    last_due_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL
  );

  CREATE TABLE report_schedule_runs (
    id TEXT PRIMARY KEY,
    schedule_id TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    state TEXT NOT NULL,
    late INTEGER NOT NULL,
    manual INTEGER NOT NULL DEFAULT 0,
    files_json TEXT NOT NULL DEFAULT '[]',
    error TEXT
  );
  CREATE INDEX report_schedule_runs_schedule ON report_schedule_runs(schedule_id, started_at);
  CREATE INDEX report_schedule_runs_started ON report_schedule_runs(started_at);
  `,
  // 8: API keys for the REST API: only the secret's SHA-256 is kept (the key is shown once).
  `
  CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    scopes_json TEXT NOT NULL,
    rate_per_minute INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    revoked_at INTEGER,
    revoked_by TEXT,
    last_used_at INTEGER
  );
  `,
  // 9: outbox indexes: the waiting rows per channel (a partial index, so claiming a free slot
  // reads only the rows it takes) and the route + subject look-up of the enqueue.
  `
  CREATE INDEX notify_deliveries_channel_due ON notify_deliveries(channel_id, next_attempt_at)
    WHERE state IN ('pending', 'retrying');
  CREATE INDEX notify_deliveries_route_subject ON notify_deliveries(route_id, subject);
  `,
  // fleet: the camera lease (node, epoch, server time) an infraction was raised under, as JSON.
  `
  ALTER TABLE infractions ADD COLUMN lease_json TEXT;
  `,
  // model registry: immutable versions by SHA-256, aliases per camera group with their history,
  // evaluations attached later, and shadow-mode figures per challenger version and camera.
  `
  CREATE TABLE model_versions (
    sha256 TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    task TEXT NOT NULL,
    layout TEXT NOT NULL,
    data_json TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    origin TEXT NOT NULL,
    -- whether the file is in this workstation's registry folder (local only, never synced)
    present INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE model_aliases (
    group_id TEXT NOT NULL,
    alias TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    origin TEXT NOT NULL,
    PRIMARY KEY (group_id, alias)
  );
  CREATE TABLE model_alias_history (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL,
    alias TEXT NOT NULL,
    sha256 TEXT,
    previous_sha256 TEXT,
    action TEXT NOT NULL,
    at INTEGER NOT NULL,
    by TEXT NOT NULL,
    override INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL,
    origin TEXT NOT NULL
  );
  CREATE INDEX model_alias_history_group ON model_alias_history(group_id, alias, at);
  CREATE TABLE model_evaluations (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    kind TEXT NOT NULL,
    data_json TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    origin TEXT NOT NULL
  );
  CREATE INDEX model_evaluations_sha ON model_evaluations(sha256);
  CREATE TABLE model_shadow_stats (
    sha256 TEXT NOT NULL,
    camera_id TEXT NOT NULL,
    bucket_start INTEGER NOT NULL,
    champion_sha256 TEXT NOT NULL,
    frames INTEGER NOT NULL,
    tp INTEGER NOT NULL,
    fp INTEGER NOT NULL,
    fn INTEGER NOT NULL,
    latency_p95 REAL,
    champion_latency_p95 REAL,
    samples_json TEXT NOT NULL DEFAULT '{}',
    updated_at INTEGER NOT NULL,
    origin TEXT NOT NULL,
    PRIMARY KEY (sha256, camera_id, bucket_start)
  );
  CREATE TABLE model_shadow_decisions (
    infraction_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    champion_sha256 TEXT NOT NULL,
    challenger_detected INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    origin TEXT NOT NULL,
    PRIMARY KEY (infraction_id, sha256)
  );
  `,
  // Track history: one row per finished track (path as packed uint16 pairs, visits and crossings
  // as JSON) and the roll-ups kept on insert so analytics never scan the raw rows: per camera ×
  // line/zone × class at 5 min and 1 h (res), tracks per camera × class, and a daily heat grid.
  `
  CREATE TABLE track_history (
    id INTEGER PRIMARY KEY,
    camera_id TEXT NOT NULL,
    track_id INTEGER NOT NULL,
    class_label TEXT NOT NULL,
    labels_json TEXT,
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    frames INTEGER NOT NULL,
    path BLOB NOT NULL,
    zones_json TEXT,
    lines_json TEXT,
    speed_min REAL,
    speed_mean REAL,
    speed_max REAL,
    best_json TEXT,
    embedding_ref TEXT
  );
  CREATE INDEX track_history_camera_class ON track_history(camera_id, class_label, first_seen);
  CREATE INDEX track_history_time ON track_history(first_seen);

  CREATE TABLE track_rollup_line (
    camera_id TEXT NOT NULL,
    line_id TEXT NOT NULL,
    res INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    class_label TEXT NOT NULL,
    direction TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (camera_id, res, bucket, line_id, class_label, direction)
  ) WITHOUT ROWID;

  CREATE TABLE track_rollup_zone (
    camera_id TEXT NOT NULL,
    zone_id TEXT NOT NULL,
    res INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    class_label TEXT NOT NULL,
    -- visits that started in the bucket, their dwell (sum, max, histogram) and the object-time
    -- (ms) spent inside during the bucket by every visit overlapping it
    entries INTEGER NOT NULL,
    dwell_sum_ms INTEGER NOT NULL,
    dwell_max_ms INTEGER NOT NULL,
    -- dwell histogram: < 5 s, 15 s, 30 s, 1 min, 2 min, 5 min, 15 min, longer
    d0 INTEGER NOT NULL, d1 INTEGER NOT NULL, d2 INTEGER NOT NULL, d3 INTEGER NOT NULL,
    d4 INTEGER NOT NULL, d5 INTEGER NOT NULL, d6 INTEGER NOT NULL, d7 INTEGER NOT NULL,
    occupied_ms INTEGER NOT NULL,
    PRIMARY KEY (camera_id, res, bucket, zone_id, class_label)
  ) WITHOUT ROWID;

  CREATE TABLE track_rollup_class (
    camera_id TEXT NOT NULL,
    res INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    class_label TEXT NOT NULL,
    tracks INTEGER NOT NULL,
    speed_sum REAL NOT NULL,
    speed_n INTEGER NOT NULL,
    PRIMARY KEY (camera_id, res, bucket, class_label)
  ) WITHOUT ROWID;

  CREATE TABLE track_heat (
    camera_id TEXT NOT NULL,
    class_label TEXT NOT NULL,
    day INTEGER NOT NULL,
    cells BLOB NOT NULL,
    PRIMARY KEY (camera_id, class_label, day)
  ) WITHOUT ROWID;
  `,
  // fine lifecycle: each infraction's code (unique across workstations: day, station, the
  // station's counter for the day), the fine fixed at validation, the lifecycle's steps, and the
  // catalogue of legal codes per infraction type. Existing rows get a code from their id.
  `
  ALTER TABLE infractions ADD COLUMN code TEXT;
  ALTER TABLE infractions ADD COLUMN fine_json TEXT;
  ALTER TABLE infractions ADD COLUMN lifecycle_json TEXT;
  ALTER TABLE infractions ADD COLUMN appeal_outcome TEXT;
  UPDATE infractions SET code = 'INF-' || strftime('%Y%m%d', occurred_at / 1000, 'unixepoch') || '-'
    || upper(substr(replace(origin, '-', ''), 1, 8)) || '-' || upper(substr(replace(id, '-', ''), 1, 12));
  CREATE UNIQUE INDEX infractions_code ON infractions(code);
  CREATE TABLE infraction_code_counters (
    day TEXT PRIMARY KEY,
    n INTEGER NOT NULL
  );
  CREATE TABLE legal_codes (
    id TEXT PRIMARY KEY,
    country TEXT NOT NULL,
    infraction_type TEXT NOT NULL,
    code TEXT NOT NULL,
    description_es TEXT NOT NULL,
    description_en TEXT NOT NULL,
    amount REAL NOT NULL,
    currency TEXT NOT NULL,
    points INTEGER NOT NULL DEFAULT 0,
    min_excess_kmh REAL,
    updated_by TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX legal_codes_type ON legal_codes(infraction_type);
  `,
  // appearance embeddings of finished tracks (second-stage re-identification model), apart from
  // the track rows so analytics scans stay narrow; the search by appearance prefilters by time
  // and camera, then compares the vectors. The crop snapshot is what its results show.
  `
  CREATE TABLE track_embeddings (
    id INTEGER PRIMARY KEY,
    camera_id TEXT NOT NULL,
    track_id INTEGER NOT NULL,
    class_label TEXT NOT NULL,
    labels_json TEXT,
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    model TEXT NOT NULL,
    dims INTEGER NOT NULL,
    vector BLOB NOT NULL,
    best_json TEXT,
    crop_jpeg BLOB
  );
  CREATE INDEX track_embeddings_time ON track_embeddings(first_seen, camera_id);
  CREATE INDEX track_embeddings_track ON track_embeddings(camera_id, track_id, first_seen);
  `,
  // Legal codes sync through the shared server like the rest of the configuration (last writer
  // wins by updated_at, origin), so a removed code is a tombstone every workstation learns of.
  `
  ALTER TABLE legal_codes ADD COLUMN origin TEXT NOT NULL DEFAULT '';
  ALTER TABLE legal_codes ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
  `,
  // plate state: read, found but unreadable, or no plate, for the review filter and read rates;
  // older rows knew only read or not. plate_state_sealed says whether the sealed event itself
  // carries the state: only then is it part of the record (and of the event's hash).
  `
  ALTER TABLE infractions ADD COLUMN plate_state TEXT;
  ALTER TABLE infractions ADD COLUMN plate_state_sealed INTEGER NOT NULL DEFAULT 0;
  UPDATE infractions SET plate_state = CASE WHEN plate_text IS NOT NULL THEN 'read' ELSE 'none' END;
  CREATE INDEX infractions_plate_state ON infractions(plate_state, occurred_at);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the database to SCHEMA_VERSION, one transaction per step; refuses a newer database. */
export function migrate(db: Database.Database): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > SCHEMA_VERSION) {
    throw new CodedError(
      'store.error.schemaNewer',
      `database schema version ${from} is newer than this Watcher (knows up to ${SCHEMA_VERSION}); update Watcher`,
      { found: from, supported: SCHEMA_VERSION },
    );
  }
  for (let v = from; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return { from, to: SCHEMA_VERSION };
}
