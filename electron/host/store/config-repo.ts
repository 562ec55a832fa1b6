import { CodedError } from '../../shared/coded-error';
import type { StoreCore } from './store-core';

export interface VersionedConfig {
  cameraId: string;
  version: number;
  data: unknown;
  createdAt: number;
  createdBy: string;
}

export interface Zone {
  id: string;
  cameraId: string;
  name: string;
  data: unknown;
  updatedAt: number;
  updatedBy: string;
}

export interface ModelRecord {
  id: string;
  name: string;
  path: string;
  sha256?: string;
  meta: Record<string, unknown>;
  addedAt: number;
}

type VersionedTable = 'calibrations' | 'rule_sets';

/**
 * Models, calibrations, rule sets and zones. Calibrations and rule sets are append-only versions
 * (an infraction records which versions produced it); zones are edited in place, last writer wins.
 */
export class ConfigRepo {
  constructor(private readonly store: StoreCore) {}

  addCalibration(cameraId: string, data: unknown, actor: string): VersionedConfig {
    return this.addVersion('calibrations', 'calibration', cameraId, data, actor);
  }

  addRuleSet(cameraId: string, data: unknown, actor: string): VersionedConfig {
    return this.addVersion('rule_sets', 'rule_set', cameraId, data, actor);
  }

  calibration(cameraId: string, version?: number): VersionedConfig | undefined {
    return this.getVersion('calibrations', cameraId, version);
  }

  ruleSet(cameraId: string, version?: number): VersionedConfig | undefined {
    return this.getVersion('rule_sets', cameraId, version);
  }

  saveZone(
    zone: { id: string; cameraId: string; name: string; data: unknown },
    actor: string,
  ): Zone {
    const { db, now, hostId } = this.store;
    const at = now();
    this.store.tx(() => {
      const before = this.zone(zone.id);
      db.prepare(
        `INSERT INTO zones (id, camera_id, name, data_json, updated_at, updated_by, origin, deleted)
         VALUES (?, ?, ?, ?, ?, ?, ?, 0)
         ON CONFLICT(id) DO UPDATE SET camera_id = excluded.camera_id, name = excluded.name,
           data_json = excluded.data_json, updated_at = excluded.updated_at,
           updated_by = excluded.updated_by, origin = excluded.origin, deleted = 0`,
      ).run(
        zone.id,
        zone.cameraId,
        zone.name,
        JSON.stringify(zone.data ?? null),
        at,
        actor,
        hostId,
      );
      this.store.audit.append(actor, before ? 'zone.update' : 'zone.create', `zone:${zone.id}`, {
        before,
        after: zone,
      });
      this.store.enqueue('zone', zone.id);
    });
    return { ...zone, updatedAt: at, updatedBy: actor };
  }

  zone(id: string): Zone | undefined {
    const r = this.store.db.prepare('SELECT * FROM zones WHERE id = ? AND deleted = 0').get(id) as
      Record<string, unknown> | undefined;
    return r && rowToZone(r);
  }

  zones(cameraId?: string): Zone[] {
    const rows = (
      cameraId
        ? this.store.db
            .prepare('SELECT * FROM zones WHERE camera_id = ? AND deleted = 0 ORDER BY name')
            .all(cameraId)
        : this.store.db
            .prepare('SELECT * FROM zones WHERE deleted = 0 ORDER BY camera_id, name')
            .all()
    ) as Record<string, unknown>[];
    return rows.map(rowToZone);
  }

  saveModel(m: Omit<ModelRecord, 'addedAt'>, actor: string): ModelRecord {
    const addedAt = this.store.now();
    this.store.tx(() => {
      this.store.db
        .prepare(
          `INSERT INTO models (id, name, path, sha256, meta_json, added_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET name = excluded.name, path = excluded.path, sha256 = excluded.sha256,
             meta_json = excluded.meta_json`,
        )
        .run(m.id, m.name, m.path, m.sha256 ?? null, JSON.stringify(m.meta), addedAt);
      this.store.audit.append(actor, 'model.save', `model:${m.id}`, {
        name: m.name,
        sha256: m.sha256,
      });
    });
    return { ...m, addedAt };
  }

  models(): ModelRecord[] {
    return (
      this.store.db.prepare('SELECT * FROM models ORDER BY name').all() as Record<string, unknown>[]
    ).map((r) => ({
      id: r.id as string,
      name: r.name as string,
      path: r.path as string,
      sha256: (r.sha256 as string | null) ?? undefined,
      meta: JSON.parse(r.meta_json as string) as Record<string, unknown>,
      addedAt: r.added_at as number,
    }));
  }

  private addVersion(
    table: VersionedTable,
    entity: 'calibration' | 'rule_set',
    cameraId: string,
    data: unknown,
    actor: string,
  ): VersionedConfig {
    if (!cameraId)
      throw new CodedError('store.error.invalidInput', 'cameraId is required', {
        field: 'cameraId',
      });
    const { db, now } = this.store;
    return this.store.tx(() => {
      const last = db
        .prepare(`SELECT MAX(version) AS v FROM ${table} WHERE camera_id = ?`)
        .get(cameraId) as {
        v: number | null;
      };
      const rec: VersionedConfig = {
        cameraId,
        version: (last.v ?? 0) + 1,
        data,
        createdAt: now(),
        createdBy: actor,
      };
      db.prepare(
        `INSERT INTO ${table} (camera_id, version, data_json, created_at, created_by) VALUES (?, ?, ?, ?, ?)`,
      ).run(cameraId, rec.version, JSON.stringify(data ?? null), rec.createdAt, actor);
      this.store.audit.append(actor, `${entity}.create`, `${entity}:${cameraId}:${rec.version}`, {
        data,
      });
      this.store.enqueue(entity, `${cameraId}:${rec.version}`);
      return rec;
    });
  }

  private getVersion(
    table: VersionedTable,
    cameraId: string,
    version?: number,
  ): VersionedConfig | undefined {
    const r = (
      version === undefined
        ? this.store.db
            .prepare(`SELECT * FROM ${table} WHERE camera_id = ? ORDER BY version DESC LIMIT 1`)
            .get(cameraId)
        : this.store.db
            .prepare(`SELECT * FROM ${table} WHERE camera_id = ? AND version = ?`)
            .get(cameraId, version)
    ) as Record<string, unknown> | undefined;
    return (
      r && {
        cameraId: r.camera_id as string,
        version: r.version as number,
        data: JSON.parse(r.data_json as string) as unknown,
        createdAt: r.created_at as number,
        createdBy: r.created_by as string,
      }
    );
  }
}

function rowToZone(r: Record<string, unknown>): Zone {
  return {
    id: r.id as string,
    cameraId: r.camera_id as string,
    name: r.name as string,
    data: JSON.parse(r.data_json as string) as unknown,
    updatedAt: r.updated_at as number,
    updatedBy: r.updated_by as string,
  };
}
