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
      requireCamera(cameras, cameraId);
      const cur = currentDraft(configs, cameraId);
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
      const changes = new Map(zones.map((z) => [z.zoneId, z.ppe]));
      for (const id of changes.keys())
        if (!cur.data.zones.some((z) => z.id === id))
          throw new CodedError('safety.error.unknownZone', `no zone "${id}"`, { zoneId: id });
      const draft: RuleSetDraft = {
        ...cur.data,
        zones: cur.data.zones.map((z) => {
          const { ppe: old, ...rest } = z;
          const next = changes.has(z.id) ? changes.get(z.id) : old;
          // Every zone with PPE carries the camera's one label mapping.
          return next ? { ...rest, ppe: { ...next, labels } } : rest;
        }),
      };
      const config = ruleSetSchema.safeParse(toRuleSetConfig(draft, cur.version + 1));
      if (!config.success)
        throw new CodedError('ui.rules.invalid', describeZodError(config.error), {
          details: describeZodError(config.error),
        });
      const actor = callerName(call, 'local');
      const rec = configs.addRuleSet(cameraId, { ...config.data, editor: draft }, actor);
      ctx.audit?.append(actor, 'safety.ppe.save', `camera:${cameraId}`, {
        version: rec.version,
        zones: zones.map((z) => ({ zoneId: z.zoneId, items: z.ppe?.items ?? [] })),
      });
      return savedVersion(rec);
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
      requireCamera(cameras, cameraId);
      const cur = currentDraft(configs, cameraId);
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
      const changes = new Map(zones.map((z) => [z.zoneId, z.danger]));
      for (const id of changes.keys())
        if (!cur.data.zones.some((z) => z.id === id))
          throw new CodedError('safety.error.unknownZone', `no zone "${id}"`, { zoneId: id });
      const draft: RuleSetDraft = {
        ...cur.data,
        zones: cur.data.zones.map((z) => {
          const { danger: old, ...rest } = z;
          const next = changes.has(z.id) ? changes.get(z.id) : old;
          return next ? { ...rest, danger: next } : rest;
        }),
      };
      const config = ruleSetSchema.safeParse(toRuleSetConfig(draft, cur.version + 1));
      if (!config.success)
        throw new CodedError('ui.rules.invalid', describeZodError(config.error), {
          details: describeZodError(config.error),
        });
      const actor = callerName(call, 'local');
      const rec = configs.addRuleSet(cameraId, { ...config.data, editor: draft }, actor);
      ctx.audit?.append(actor, 'safety.danger.save', `camera:${cameraId}`, {
        version: rec.version,
        zones: zones.map((z) => ({ zoneId: z.zoneId, danger: z.danger !== null })),
      });
      return savedVersion(rec);
    },
    'anomaly.baselines': ({ cameraId }) => ({ series: ctx.anomaly?.baselines(cameraId) ?? [] }),
  };
}
