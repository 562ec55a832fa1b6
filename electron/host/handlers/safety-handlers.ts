import { describeZodError } from '../../shared/api/envelope';
import {
  fromRuleSetConfig,
  ruleSetDraftSchema,
  toRuleSetConfig,
  type RuleSetDraft,
} from '../../shared/api/methods/rules';
import type { PpeLabelMap } from '../../shared/config/ppe';
import { ruleSetSchema } from '../../shared/config/rules';
import { CodedError } from '../../shared/coded-error';
import type { AnomalySeriesStatus } from '../../shared/api/methods/safety';
import type { VersionedConfigs } from '../store/file-configs';
import type { DomainHandlers } from '../api-types';
import { callerName } from '../api-types';
import { draftOf, requireCamera, savedVersion } from './versioned-drafts';

/** What `safety.*` and `anomaly.*` need: the versioned rule sets and the anomaly monitor. */
export interface SafetyContext {
  configs: Pick<VersionedConfigs, 'ruleSet' | 'addRuleSet'>;
  cameras: { get(id: string): unknown };
  /** Absent without a store: no history to learn from. */
  anomaly?: { baselines(cameraId?: string): AnomalySeriesStatus[] };
  audit?: { append(actor: string, action: string, target: string, data?: unknown): void };
}

function currentDraft(configs: SafetyContext['configs'], cameraId: string) {
  return draftOf(configs.ruleSet(cameraId), ruleSetDraftSchema, (d) => {
    const r = ruleSetSchema.safeParse(d);
    return r.success ? fromRuleSetConfig(r.data) : undefined;
  });
}

type Zone = RuleSetDraft['zones'][number];

/**
 * Saves a new rule-set version of `cameraId` with some of its zones changed by `edit` (given the
 * zone and whether the caller sent a change for it): refuses a camera without zones, a stale
 * `baseVersion` and unknown zone ids, validates the result like the rule editor does, and audits
 * `action` with `details`.
 */
function saveZoneEdit(
  ctx: SafetyContext,
  o: {
    cameraId: string;
    baseVersion: number;
    zoneIds: readonly string[];
    edit(zone: Zone, changed: boolean): Zone;
    actor: string;
    action: string;
    details: Record<string, unknown>;
  },
) {
  const { cameraId, baseVersion } = o;
  requireCamera(ctx.cameras, cameraId);
  const cur = currentDraft(ctx.configs, cameraId);
  if (!cur)
    throw new CodedError('safety.error.noZones', `camera ${cameraId} has no zones yet`, {
      cameraId,
    });
  if (cur.version !== baseVersion)
    throw new CodedError(
      'safety.error.versionConflict',
      `rule set of ${cameraId} is at version ${cur.version}, not ${baseVersion}`,
      { version: cur.version },
    );
  const changed = new Set(o.zoneIds);
  for (const id of changed)
    if (!cur.data.zones.some((z) => z.id === id))
      throw new CodedError('safety.error.unknownZone', `no zone "${id}"`, { zoneId: id });
  const draft: RuleSetDraft = {
    ...cur.data,
    zones: cur.data.zones.map((z) => o.edit(z, changed.has(z.id))),
  };
  const config = ruleSetSchema.safeParse(toRuleSetConfig(draft, cur.version + 1));
  if (!config.success)
    throw new CodedError('ui.rules.invalid', describeZodError(config.error), {
      details: describeZodError(config.error),
    });
  const rec = ctx.configs.addRuleSet(cameraId, { ...config.data, editor: draft }, o.actor);
  ctx.audit?.append(o.actor, o.action, `camera:${cameraId}`, {
    version: rec.version,
    ...o.details,
  });
  return savedVersion(rec);
}

export function createSafetyHandlers(ctx: SafetyContext): DomainHandlers<'safety' | 'anomaly'> {
  const { configs, cameras } = ctx;
  return {
    'safety.ppe.get': ({ cameraId }) => {
      requireCamera(cameras, cameraId);
      const cur = currentDraft(configs, cameraId);
      if (!cur) return { version: null, zones: [], labels: {} };
      let labels: PpeLabelMap = {};
      for (const z of cur.data.zones) if (z.ppe) labels = { ...z.ppe.labels, ...labels };
      return {
        version: cur.version,
        labels,
        zones: cur.data.zones.map((z) => {
          if (!z.ppe) return { zoneId: z.id, name: z.name, ppe: null };
          const { labels: _l, ...ppe } = z.ppe;
          return { zoneId: z.id, name: z.name, ppe };
        }),
      };
    },
    'safety.ppe.save': ({ cameraId, baseVersion, zones, labels }, call) => {
      const changes = new Map(zones.map((z) => [z.zoneId, z.ppe]));
      return saveZoneEdit(ctx, {
        cameraId,
        baseVersion,
        zoneIds: [...changes.keys()],
        edit: (z, changed) => {
          const { ppe: old, ...rest } = z;
          const next = changed ? changes.get(z.id) : old;
          // Every zone with PPE carries the camera's one label mapping.
          return next ? { ...rest, ppe: { ...next, labels } } : rest;
        },
        actor: callerName(call, 'local'),
        action: 'safety.ppe.save',
        details: { zones: zones.map((z) => ({ zoneId: z.zoneId, items: z.ppe?.items ?? [] })) },
      });
    },
    'safety.danger.get': ({ cameraId }) => {
      requireCamera(cameras, cameraId);
      const cur = currentDraft(configs, cameraId);
      if (!cur) return { version: null, zones: [] };
      return {
        version: cur.version,
        zones: cur.data.zones.map((z) => ({
          zoneId: z.id,
          name: z.name,
          danger: z.danger ?? null,
        })),
      };
    },
    'safety.danger.save': ({ cameraId, baseVersion, zones }, call) => {
      const changes = new Map(zones.map((z) => [z.zoneId, z.danger]));
      return saveZoneEdit(ctx, {
        cameraId,
        baseVersion,
        zoneIds: [...changes.keys()],
        edit: (z, changed) => {
          const { danger: old, ...rest } = z;
          const next = changed ? changes.get(z.id) : old;
          return next ? { ...rest, danger: next } : rest;
        },
        actor: callerName(call, 'local'),
        action: 'safety.danger.save',
        details: { zones: zones.map((z) => ({ zoneId: z.zoneId, danger: z.danger !== null })) },
      });
    },
    'anomaly.baselines': ({ cameraId }) => ({ series: ctx.anomaly?.baselines(cameraId) ?? [] }),
  };
}
