import { randomUUID } from 'node:crypto';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CodedError } from '../../shared/coded-error';
import {
  decisionF1,
  f1,
  modelVersionSchema,
  parseModelRef,
  percentile,
  promotionGate,
  type AliasHistoryEntry,
  type GateFigures,
  type GateResult,
  type ModelAlias,
  type ModelAliasEntry,
  type ModelEvaluation,
  type ModelVersion,
  type ShadowDecision,
} from '../../shared/domain/model-registry';
import type { StoreCore } from './store-core';

/** Latency samples kept per shadow bucket (the newest), enough for a stable p95. */
const SAMPLES_PER_BUCKET = 512;
/** Shadow figures are accumulated per hour. */
export const SHADOW_BUCKET_MS = 3_600_000;

export type NewModelVersion = Omit<ModelVersion, 'present' | 'evaluations'>;

interface VersionRow {
  sha256: string;
  data_json: string;
  present: number;
}

interface AliasRow {
  group_id: string;
  alias: string;
  sha256: string;
  updated_at: number;
  updated_by: string;
}

interface HistoryRow {
  id: string;
  group_id: string;
  alias: string;
  sha256: string | null;
  previous_sha256: string | null;
  action: string;
  at: number;
  by: string;
  override: number;
}

interface ShadowRow {
  sha256: string;
  camera_id: string;
  bucket_start: number;
  champion_sha256: string;
  frames: number;
  tp: number;
  fp: number;
  fn: number;
  latency_p95: number | null;
  champion_latency_p95: number | null;
  samples_json: string;
}

/** One shadow run on a sampled frame: the challenger's agreement with the champion and both latencies. */
export interface ShadowSample {
  sha256: string;
  championSha256: string;
  cameraId: string;
  at: number;
  tp: number;
  fp: number;
  fn: number;
  latencyMs: number;
  championLatencyMs: number;
}

/** Shadow figures of one hour on one camera. */
export interface ShadowBucket {
  cameraId: string;
  bucketStart: number;
  championSha256: string;
  frames: number;
  agreementF1: number;
  latencyP95Ms?: number;
  championLatencyP95Ms?: number;
}

export interface GateReport extends GateResult {
  champion?: string;
  challenger?: string;
  championFigures: GateFigures;
  challengerFigures: GateFigures;
  decisions: number;
  shadowFrames: number;
}

/**
 * The model registry: versions (immutable, keyed by SHA-256; the file lives in `filesDir` as
 * `<sha256>.onnx`), aliases per camera group with an append-only history, evaluations and shadow
 * figures. Every change is queued for the shared server; promote and rollback are one transaction
 * with their audit entry.
 */
export class ModelRegistryRepo {
  constructor(
    private readonly core: StoreCore,
    /** Where version files are kept; the host sets it (default beside the evidence folder). */
    public filesDir: string | undefined,
  ) {}

  /** The store's clock (epoch ms). */
  now(): number {
    return this.core.now();
  }

  private get db() {
    return this.core.db;
  }

  fileFor(sha256: string): string {
    if (!this.filesDir)
      throw new CodedError('registry.no_files_dir', 'the model registry has no files folder');
    if (!/^[0-9a-f]{64}$/.test(sha256))
      throw new CodedError('registry.bad_version', `not a model version: ${sha256}`);
    return path.join(this.filesDir, `${sha256}.onnx`);
  }

  /**
   * Records a version whose file is already at `fileFor(sha256)`. A version is immutable: the same
   * SHA-256 registered again keeps its first metadata and answers `created: false`.
   */
  register(v: NewModelVersion, by: string): { version: ModelVersion; created: boolean } {
    const existing = this.get(v.sha256);
    if (existing) return { version: existing, created: false };
    const data = modelVersionSchema.omit({ present: true, evaluations: true }).parse(v);
    const present = this.filesDir && existsSync(this.fileFor(v.sha256)) ? 1 : 0;
    this.core.tx(() => {
      this.db
        .prepare(
          `INSERT INTO model_versions (sha256, name, task, layout, data_json, updated_at, origin, present)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          data.sha256,
          data.name,
          data.task,
          data.layout,
          JSON.stringify(data),
          data.importedAt,
          this.core.hostId,
          present,
        );
      this.core.enqueue('model_version', data.sha256);
      if (present) this.core.enqueue('model_file', data.sha256);
      if (present) this.writeSidecar(data.sha256);
      this.core.audit.append(by, 'models.register', `model:${data.sha256}`, {
        name: data.name,
        task: data.task,
        layout: data.layout,
      });
    });
    return { version: this.get(v.sha256)!, created: true };
  }

  get(sha256: string): ModelVersion | undefined {
    const r = this.db
      .prepare('SELECT sha256, data_json, present FROM model_versions WHERE sha256 = ?')
      .get(sha256) as VersionRow | undefined;
    return r ? this.toVersion(r) : undefined;
  }

  list(): ModelVersion[] {
    const rows = this.db
      .prepare(
        'SELECT sha256, data_json, present FROM model_versions ORDER BY updated_at DESC, sha256',
      )
      .all() as VersionRow[];
    return rows.map((r) => this.toVersion(r));
  }

  private toVersion(r: VersionRow): ModelVersion {
    const data = JSON.parse(r.data_json) as Omit<ModelVersion, 'present' | 'evaluations'>;
    return { ...data, present: r.present === 1, evaluations: this.evaluations(r.sha256) };
  }

  /** The file arrived (sync download, or found on disk): mark it and write its sidecar. */
  markPresent(sha256: string): void {
    this.db.prepare('UPDATE model_versions SET present = 1 WHERE sha256 = ?').run(sha256);
    this.writeSidecar(sha256);
  }

  /**
   * `<sha256>.json` beside the file: what the worker's model resolver reads (layout, labels,
   * input size, normalisation), so a camera naming the version runs it as registered.
   */
  writeSidecar(sha256: string): void {
    const v = this.get(sha256);
    if (!v || !this.filesDir) return;
    const file = this.fileFor(sha256).replace(/\.onnx$/, '.json');
    const side = {
      sha256,
      name: v.name,
      task: v.task,
      ...(v.task === 'detect' ? { layout: v.layout } : {}),
      inputSize: v.inputSize,
      labels: v.labels,
      normalisation: v.normalisation,
      licence: v.licence,
      source: v.source,
    };
    writeFileSync(`${file}.tmp`, `${JSON.stringify(side, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
  }

  /**
   * A camera's `detector.modelId` as the worker should see it: a registry reference becomes the
   * version's file path; anything else (or a reference that does not resolve) is left as is.
   */
  workerModelId(modelId: string): string {
    if (!modelId.startsWith('registry:') || !this.filesDir) return modelId;
    try {
      const v = this.resolve(modelId);
      return v ? this.fileFor(v.sha256) : modelId;
    } catch {
      return modelId;
    }
  }

  /** Versions whose file is not here yet (another workstation registered them). */
  missingFiles(limit: number): string[] {
    return (
      this.db
        .prepare('SELECT sha256 FROM model_versions WHERE present = 0 ORDER BY updated_at LIMIT ?')
        .all(limit) as Array<{ sha256: string }>
    ).map((r) => r.sha256);
  }

  // ---------------------------------------------------------------------------------------------
  // Aliases

  aliases(group?: string): ModelAliasEntry[] {
    const rows = (
      group
        ? this.db
            .prepare('SELECT * FROM model_aliases WHERE group_id = ? ORDER BY alias')
            .all(group)
        : this.db.prepare('SELECT * FROM model_aliases ORDER BY group_id, alias').all()
    ) as AliasRow[];
    return rows.map((r) => ({
      group: r.group_id,
      alias: r.alias as ModelAlias,
      sha256: r.sha256,
      updatedAt: r.updated_at,
      updatedBy: r.updated_by,
    }));
  }

  alias(group: string, alias: ModelAlias): string | undefined {
    const r = this.db
      .prepare('SELECT sha256 FROM model_aliases WHERE group_id = ? AND alias = ?')
      .get(group, alias) as { sha256: string } | undefined;
    return r?.sha256;
  }

  /** A camera's `detector.modelId` → the registry version it means now (undefined: not a registry reference). */
  resolve(modelId: string): ModelVersion | undefined {
    const ref = parseModelRef(modelId);
    if (ref.kind === 'installed') return undefined;
    const sha = ref.kind === 'version' ? ref.sha256 : this.alias(ref.group, ref.alias);
    if (!sha)
      throw new CodedError(
        'registry.alias_unset',
        `no ${ref.kind === 'alias' ? ref.alias : ''} model set for group ${ref.kind === 'alias' ? ref.group : ''}`,
        {
          ref: modelId,
        },
      );
    const v = this.get(sha);
    if (!v)
      throw new CodedError('registry.unknown_version', `no model version ${sha}`, { sha256: sha });
    return v;
  }

  history(group: string): AliasHistoryEntry[] {
    const rows = this.db
      .prepare('SELECT * FROM model_alias_history WHERE group_id = ? ORDER BY at DESC, rowid DESC')
      .all(group) as HistoryRow[];
    return rows.map((r) => ({
      id: r.id,
      group: r.group_id,
      alias: r.alias as ModelAlias,
      sha256: r.sha256,
      previousSha256: r.previous_sha256,
      action: r.action as AliasHistoryEntry['action'],
      at: r.at,
      by: r.by,
      override: r.override === 1,
    }));
  }

  /** Points `alias` of `group` at a version (or clears it with null); audited. */
  setAlias(group: string, alias: ModelAlias, sha256: string | null, by: string): void {
    this.core.tx(() => {
      const prev = this.writeAlias(group, alias, sha256, by, sha256 ? 'set' : 'clear', false);
      this.core.audit.append(by, 'models.alias', `modelgroup:${group}`, {
        alias,
        sha256,
        previous: prev,
      });
    });
  }

  /**
   * The challenger (or `sha256`) becomes the group's champion in one transaction: alias, history and
   * audit entry. Blocked by the gate unless `override` (the caller checked it is an administrator).
   */
  promote(
    group: string,
    by: string,
    opts: { sha256?: string; override?: boolean } = {},
  ): { champion: string; previous: string | null; gate: GateReport } {
    return this.core.tx(() => {
      const target = opts.sha256 ?? this.alias(group, 'challenger');
      if (!target)
        throw new CodedError(
          'registry.no_challenger',
          `group ${group} has no challenger to promote`,
          {
            group,
          },
        );
      if (!this.get(target))
        throw new CodedError('registry.unknown_version', `no model version ${target}`, {
          sha256: target,
        });
      const gate = this.gate(group, target);
      if (gate.blocked && !opts.override)
        throw new CodedError(
          'registry.promotion_blocked',
          `promotion blocked: ${gate.reasons.join(', ')}`,
          {
            reasons: gate.reasons.join(', '),
            f1Delta: gate.f1DeltaPoints === undefined ? '' : gate.f1DeltaPoints.toFixed(1),
            latency:
              gate.latencyRatio === undefined ? '' : `${Math.round(gate.latencyRatio * 100)}`,
          },
        );
      const override = gate.blocked && !!opts.override;
      const previous = this.writeAlias(group, 'champion', target, by, 'promote', override);
      if (this.alias(group, 'challenger') === target)
        this.writeAlias(group, 'challenger', null, by, 'clear', false);
      this.core.audit.append(
        by,
        override ? 'models.promoteOverride' : 'models.promote',
        `modelgroup:${group}`,
        {
          champion: target,
          previous,
          gate: {
            blocked: gate.blocked,
            reasons: gate.reasons,
            f1DeltaPoints: gate.f1DeltaPoints,
            latencyRatio: gate.latencyRatio,
          },
        },
      );
      return { champion: target, previous, gate };
    });
  }

  /**
   * The champion goes back to the version the current one replaced (walking back through
   * promotions, so rolling back twice goes two steps back); one audited transaction.
   */
  rollback(group: string, by: string): { champion: string; replaced: string } {
    return this.core.tx(() => {
      const current = this.alias(group, 'champion');
      const last = this.history(group).find(
        (h) =>
          h.alias === 'champion' &&
          h.sha256 === current &&
          (h.action === 'promote' || h.action === 'set'),
      );
      if (!current || !last?.previousSha256)
        throw new CodedError(
          'registry.nothing_to_rollback',
          `group ${group} has no earlier champion`,
          {
            group,
          },
        );
      const back = last.previousSha256;
      this.writeAlias(group, 'champion', back, by, 'rollback', false);
      this.core.audit.append(by, 'models.rollback', `modelgroup:${group}`, {
        champion: back,
        replaced: current,
      });
      return { champion: back, replaced: current };
    });
  }

  private writeAlias(
    group: string,
    alias: ModelAlias,
    sha256: string | null,
    by: string,
    action: AliasHistoryEntry['action'],
    override: boolean,
  ): string | null {
    if (sha256 && !this.get(sha256))
      throw new CodedError('registry.unknown_version', `no model version ${sha256}`, { sha256 });
    const prev = this.alias(group, alias) ?? null;
    const now = this.core.now();
    const origin = this.core.hostId;
    if (sha256)
      this.db
        .prepare(
          `INSERT INTO model_aliases (group_id, alias, sha256, updated_at, updated_by, origin) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT(group_id, alias) DO UPDATE SET sha256 = excluded.sha256, updated_at = excluded.updated_at,
             updated_by = excluded.updated_by, origin = excluded.origin`,
        )
        .run(group, alias, sha256, now, by, origin);
    else
      this.db
        .prepare('DELETE FROM model_aliases WHERE group_id = ? AND alias = ?')
        .run(group, alias);
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO model_alias_history (id, group_id, alias, sha256, previous_sha256, action, at, by, override, updated_at, origin)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, group, alias, sha256, prev, action, now, by, override ? 1 : 0, now, origin);
    // A cleared alias travels as its history entry; a set one as the alias row too.
    if (sha256) this.core.enqueue('model_alias', `${group}\n${alias}`);
    this.core.enqueue('model_alias_history', id);
    return prev;
  }

  /**
   * A pulled history entry that cleared an alias: remove it locally unless a newer set is here.
   * (Sets travel as alias rows; clears have no row left to send.)
   */
  applyRemoteClear(entry: { group: string; alias: string; at: number }): void {
    this.db
      .prepare('DELETE FROM model_aliases WHERE group_id = ? AND alias = ? AND updated_at <= ?')
      .run(entry.group, entry.alias, entry.at);
  }

  // ---------------------------------------------------------------------------------------------
  // Evaluations

  attachEvaluation(e: Omit<ModelEvaluation, 'id'> & { id?: string }): ModelEvaluation {
    if (!this.get(e.sha256))
      throw new CodedError('registry.unknown_version', `no model version ${e.sha256}`, {
        sha256: e.sha256,
      });
    const ev: ModelEvaluation = { ...e, id: e.id ?? randomUUID() };
    this.core.tx(() => {
      this.db
        .prepare(
          `INSERT INTO model_evaluations (id, sha256, kind, data_json, updated_at, origin) VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(ev.id, ev.sha256, ev.kind, JSON.stringify(ev), ev.at, this.core.hostId);
      this.core.enqueue('model_evaluation', ev.id);
      this.core.audit.append(ev.by, 'models.evaluation', `model:${ev.sha256}`, {
        kind: ev.kind,
        dataset: ev.dataset,
      });
    });
    return ev;
  }

  evaluations(sha256: string): ModelEvaluation[] {
    return (
      this.db
        .prepare('SELECT data_json FROM model_evaluations WHERE sha256 = ? ORDER BY updated_at, id')
        .all(sha256) as Array<{ data_json: string }>
    ).map((r) => JSON.parse(r.data_json) as ModelEvaluation);
  }

  // ---------------------------------------------------------------------------------------------
  // Shadow mode

  /** Adds one shadow run to its hour's bucket. */
  recordShadow(s: ShadowSample): void {
    const bucket = Math.floor(s.at / SHADOW_BUCKET_MS) * SHADOW_BUCKET_MS;
    this.core.tx(() => {
      const row = this.db
        .prepare(
          'SELECT * FROM model_shadow_stats WHERE sha256 = ? AND camera_id = ? AND bucket_start = ?',
        )
        .get(s.sha256, s.cameraId, bucket) as ShadowRow | undefined;
      const samples = row
        ? (JSON.parse(row.samples_json) as { c?: number[]; p?: number[] })
        : { c: [], p: [] };
      const c = [...(samples.c ?? []), s.latencyMs].slice(-SAMPLES_PER_BUCKET);
      const p = [...(samples.p ?? []), s.championLatencyMs].slice(-SAMPLES_PER_BUCKET);
      this.db
        .prepare(
          `INSERT INTO model_shadow_stats (sha256, camera_id, bucket_start, champion_sha256, frames, tp, fp, fn,
             latency_p95, champion_latency_p95, samples_json, updated_at, origin)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(sha256, camera_id, bucket_start) DO UPDATE SET champion_sha256 = excluded.champion_sha256,
             frames = excluded.frames, tp = excluded.tp, fp = excluded.fp, fn = excluded.fn,
             latency_p95 = excluded.latency_p95, champion_latency_p95 = excluded.champion_latency_p95,
             samples_json = excluded.samples_json, updated_at = excluded.updated_at, origin = excluded.origin`,
        )
        .run(
          s.sha256,
          s.cameraId,
          bucket,
          s.championSha256,
          (row?.frames ?? 0) + 1,
          (row?.tp ?? 0) + s.tp,
          (row?.fp ?? 0) + s.fp,
          (row?.fn ?? 0) + s.fn,
          percentile(c, 95) ?? null,
          percentile(p, 95) ?? null,
          JSON.stringify({ c, p }),
          this.core.now(),
          this.core.hostId,
        );
      this.core.enqueue('model_shadow', `${s.sha256}\n${s.cameraId}\n${bucket}`);
    });
  }

  /** The challenger's live figures over time, oldest first. */
  shadowSeries(sha256: string, cameraId?: string): ShadowBucket[] {
    const rows = (
      cameraId
        ? this.db
            .prepare(
              'SELECT * FROM model_shadow_stats WHERE sha256 = ? AND camera_id = ? ORDER BY bucket_start',
            )
            .all(sha256, cameraId)
        : this.db
            .prepare(
              'SELECT * FROM model_shadow_stats WHERE sha256 = ? ORDER BY bucket_start, camera_id',
            )
            .all(sha256)
    ) as ShadowRow[];
    return rows.map((r) => ({
      cameraId: r.camera_id,
      bucketStart: r.bucket_start,
      championSha256: r.champion_sha256,
      frames: r.frames,
      agreementF1: f1(r),
      ...(r.latency_p95 !== null ? { latencyP95Ms: r.latency_p95 } : {}),
      ...(r.champion_latency_p95 !== null ? { championLatencyP95Ms: r.champion_latency_p95 } : {}),
    }));
  }

  /** Whether the challenger found the object of a champion event (decided later by an operator). */
  recordShadowDecision(
    infractionId: string,
    sha256: string,
    championSha256: string,
    detected: boolean,
  ): void {
    this.core.tx(() => {
      this.db
        .prepare(
          `INSERT INTO model_shadow_decisions (infraction_id, sha256, champion_sha256, challenger_detected, updated_at, origin)
           VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(infraction_id, sha256) DO UPDATE SET
             challenger_detected = excluded.challenger_detected, updated_at = excluded.updated_at`,
        )
        .run(
          infractionId,
          sha256,
          championSha256,
          detected ? 1 : 0,
          this.core.now(),
          this.core.hostId,
        );
      this.core.enqueue('model_shadow_decision', `${infractionId}\n${sha256}`);
    });
  }

  /** The challenger's shadow results on champion events the operators validated or rejected. */
  decisions(sha256: string, championSha256?: string): ShadowDecision[] {
    const rows = this.db
      .prepare(
        `SELECT i.status, d.challenger_detected FROM model_shadow_decisions d
         JOIN infractions i ON i.id = d.infraction_id
         WHERE d.sha256 = ? AND (? IS NULL OR d.champion_sha256 = ?) AND i.status IN ('validated', 'rejected')`,
      )
      .all(sha256, championSha256 ?? null, championSha256 ?? null) as Array<{
      status: 'validated' | 'rejected';
      challenger_detected: number;
    }>;
    return rows.map((r) => ({
      decision: r.status,
      challengerDetected: r.challenger_detected === 1,
    }));
  }

  /** The promotion gate for `challenger` (default: the group's) against the group's champion. */
  gate(group: string, challenger?: string): GateReport {
    const champion = this.alias(group, 'champion');
    const target = challenger ?? this.alias(group, 'challenger');
    const empty: GateReport = {
      blocked: false,
      reasons: [],
      ...(champion ? { champion } : {}),
      ...(target ? { challenger: target } : {}),
      championFigures: {},
      challengerFigures: {},
      decisions: 0,
      shadowFrames: 0,
    };
    if (!champion || !target || champion === target) return empty;
    const rows = this.db
      .prepare(
        'SELECT frames, samples_json FROM model_shadow_stats WHERE sha256 = ? AND champion_sha256 = ?',
      )
      .all(target, champion) as Array<{ frames: number; samples_json: string }>;
    const c: number[] = [];
    const p: number[] = [];
    let frames = 0;
    for (const r of rows) {
      const s = JSON.parse(r.samples_json) as { c?: number[]; p?: number[] };
      c.push(...(s.c ?? []));
      p.push(...(s.p ?? []));
      frames += r.frames;
    }
    const d = decisionF1(this.decisions(target, champion));
    const championFigures: GateFigures = {
      ...(d.champion !== undefined ? { f1: d.champion } : {}),
      ...(percentile(p, 95) !== undefined ? { p95Ms: percentile(p, 95) } : {}),
    };
    const challengerFigures: GateFigures = {
      ...(d.challenger !== undefined ? { f1: d.challenger } : {}),
      ...(percentile(c, 95) !== undefined ? { p95Ms: percentile(c, 95) } : {}),
    };
    return {
      ...empty,
      ...promotionGate(championFigures, challengerFigures),
      championFigures,
      challengerFigures,
      decisions: d.events,
      shadowFrames: frames,
    };
  }
}
