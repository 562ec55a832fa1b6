import { z } from 'zod';
import { cameraIdSchema } from '../../config/camera';
import type { RuleSetConfig, RuleSetConfigInput } from '../../config/rules';
import { sceneTestOutcomeSchema } from '../../protocol/worker-protocol';
import type { MethodSpec } from '../method-spec';
import { calibrationDraftSchema, versionMetaSchema } from './calibration';
import { zonePpeSchema } from '../../config/ppe';
import { ppeRuleOf, zonePpeOf } from '../../config/ppe-rules';
import { dangerRulesOf, isDangerRuleId, zoneDangerOf, zoneDangerSchema } from '../../config/danger';

/** Versioned rule sets drawn in the zone tool, and test mode replaying a draft on recent detections. */

const point = z.object({ x: z.number().finite(), y: z.number().finite() });
const shapeId = z.string().min(1).max(64);
const polygon = z.array(point).min(3).max(64);
const segment = z.object({ a: point, b: point });

export const ZONE_KINDS = ['speed', 'intrusion', 'area'] as const;
export type ZoneKind = (typeof ZONE_KINDS)[number];

export const ruleSetDraftSchema = z.object({
  imageWidth: z.number().int().positive(),
  imageHeight: z.number().int().positive(),
  zones: z
    .array(
      z.object({
        id: shapeId,
        name: z.string().min(1).max(120),
        points: polygon,
        /**
         * What the zone is for, chosen by the operator: a speed zone (with its limit), an
         * intrusion zone (with its dwell time) or a plain area (counts and occupancy, no rule).
         * Absent in drafts saved before the choice existed: then the fields decide.
         */
        kind: z.enum(ZONE_KINDS).optional(),
        speedLimitKmh: z.number().positive().max(400).optional(),
        classes: z.array(z.string()).default([]),
        dwellSec: z.number().positive().max(86_400).optional(),
        /** PPE required in the zone (safety.ppe.*), with the camera's label mapping. */
        ppe: zonePpeSchema.optional(),
        /** Danger-zone rules (safety.danger.*): intrusion, loitering, people near machines. */
        danger: zoneDangerSchema.optional(),
      }),
    )
    .max(64),
  /** Directed: crossing from the left of a→b to its right counts as the forward direction. */
  lines: z
    .array(
      segment.extend({
        id: shapeId,
        name: z.string().min(1).max(120),
        kind: z.enum(['count', 'wrong-way', 'lane-invasion']),
      }),
    )
    .max(64),
  stopLine: segment.optional(),
  /** Where the traffic light is in the image, for the red-light rule. */
  signalRegion: z
    .object({
      x: z.number(),
      y: z.number(),
      width: z.number().positive(),
      height: z.number().positive(),
    })
    .optional(),
});
export type RuleSetDraft = z.infer<typeof ruleSetDraftSchema>;

export const ruleMethods = {
  'rules.get': {
    params: z
      .object({ cameraId: cameraIdSchema, version: z.number().int().positive().optional() })
      .strict(),
    result: z.object({
      ruleSet: versionMetaSchema.extend({ data: ruleSetDraftSchema }).nullable(),
    }),
    permission: 'live',
  },
  'rules.save': {
    params: z.object({ cameraId: cameraIdSchema, data: ruleSetDraftSchema }).strict(),
    result: versionMetaSchema,
    permission: 'config',
  },
  /**
   * Test mode of the calibration tool: the camera's last `seconds` of detections replayed in its
   * worker with a draft calibration and rule set (unsaved, same shapes as the save methods), and
   * what would have fired. Nothing is stored and no evidence is written. Without `calibration`
   * the replay has no speeds (counts, lines and dwell still work).
   */
  'rules.test': {
    params: z
      .object({
        cameraId: cameraIdSchema,
        calibration: calibrationDraftSchema.optional(),
        rules: ruleSetDraftSchema,
        seconds: z.number().int().min(5).max(120).default(60),
      })
      .strict(),
    result: sceneTestOutcomeSchema,
    permission: 'config',
  },
} satisfies Record<string, MethodSpec>;

/**
 * The zone tool's draft as the rules engine's rule set: each zone with a speed limit gets a speed
 * rule, with a dwell time a zone-intrusion rule; lines map to counting, wrong-way (the drawn arrow
 * a→b is the allowed way: objects crossing from its left to its right) or lane-invasion rules; a
 * stop line with a signal region makes a red-light rule for the same direction.
 */
export function toRuleSetConfig(draft: RuleSetDraft, version: number): RuleSetConfigInput {
  const xy = (p: { x: number; y: number }): [number, number] => [p.x, p.y];
  const rules: RuleSetConfigInput['rules'] = [];
  for (const z of draft.zones) {
    if (z.speedLimitKmh && (z.kind ?? 'speed') === 'speed')
      rules.push({
        id: `${z.id}-speed`,
        name: z.name,
        type: 'speed',
        zoneId: z.id,
        limitKmh: z.speedLimitKmh,
        classes: z.classes,
      });
    if (z.dwellSec && (z.kind ?? 'intrusion') === 'intrusion')
      rules.push({
        id: `${z.id}-intrusion`,
        name: z.name,
        type: 'zone-intrusion',
        zoneId: z.id,
        minDwellSec: z.dwellSec,
        classes: z.classes,
      });
    if (z.ppe) rules.push(ppeRuleOf(z.id, z.name, z.ppe));
    if (z.danger) rules.push(...dangerRulesOf(z.id, z.name, z.danger));
  }
  for (const l of draft.lines) {
    if (l.kind === 'lane-invasion')
      rules.push({ id: `${l.id}-lane`, name: l.name, type: 'lane-invasion', lineId: l.id });
    else
      rules.push({
        id: `${l.id}-crossing`,
        name: l.name,
        type: 'line-crossing',
        lineId: l.id,
        ...(l.kind === 'wrong-way' ? { allowedDirection: 'left-to-right' as const } : {}),
      });
  }
  const lines = draft.lines.map((l) => ({ id: l.id, name: l.name, a: xy(l.a), b: xy(l.b) }));
  const signals: NonNullable<RuleSetConfigInput['signals']> = [];
  if (draft.stopLine)
    lines.push({
      id: 'stop-line',
      name: 'stop line',
      a: xy(draft.stopLine.a),
      b: xy(draft.stopLine.b),
    });
  if (draft.signalRegion)
    signals.push({ id: 'signal-1', name: 'signal', source: 'region', region: draft.signalRegion });
  if (draft.stopLine && draft.signalRegion) {
    rules.push({
      id: 'red-light',
      name: 'red light',
      type: 'red-light',
      stopLineId: 'stop-line',
      signalId: 'signal-1',
      direction: 'left-to-right',
    });
  }
  return {
    version,
    imageSize: { width: draft.imageWidth, height: draft.imageHeight },
    zones: draft.zones.map((z) => ({ id: z.id, name: z.name, polygon: z.points.map(xy) })),
    lines,
    signals,
    rules,
  };
}

/** A rule set written by another tool, as an editable draft (inverse of toRuleSetConfig where it can be). */
export function fromRuleSetConfig(config: RuleSetConfig): RuleSetDraft {
  const pt = ([x, y]: readonly [number, number]) => ({ x, y });
  const rules = config.rules;
  const redLight = rules.find((r) => r.type === 'red-light');
  const stop = redLight && config.lines.find((l) => l.id === redLight.stopLineId);
  const signal = redLight && config.signals.find((s) => s.id === redLight.signalId);
  return {
    imageWidth: config.imageSize.width,
    imageHeight: config.imageSize.height,
    zones: config.zones.map((z) => {
      const speed = rules.find((r) => r.type === 'speed' && r.zoneId === z.id);
      const intrusion = rules.find(
        (r) => r.type === 'zone-intrusion' && r.zoneId === z.id && !isDangerRuleId(z.id, r.id),
      );
      return {
        id: z.id,
        name: z.name || z.id,
        points: z.polygon.map(pt),
        classes: speed?.classes ?? intrusion?.classes ?? [],
        kind: speed ? 'speed' : intrusion ? 'intrusion' : 'area',
        ...(speed?.type === 'speed' ? { speedLimitKmh: speed.limitKmh } : {}),
        ...(intrusion?.type === 'zone-intrusion' && intrusion.minDwellSec > 0
          ? { dwellSec: intrusion.minDwellSec }
          : {}),
        ...zonePpeOf(rules.find((r) => r.type === 'ppe' && r.zoneId === z.id)),
        ...zoneDangerOf(rules, z.id),
      };
    }),
    lines: config.lines
      .filter((l) => l.id !== stop?.id)
      .map((l) => {
        const rule = rules.find(
          (r) => (r.type === 'line-crossing' || r.type === 'lane-invasion') && r.lineId === l.id,
        );
        const kind =
          rule?.type === 'lane-invasion'
            ? 'lane-invasion'
            : rule?.type === 'line-crossing' && rule.allowedDirection
              ? 'wrong-way'
              : 'count';
        // The editor's arrow points the allowed way (left-to-right); flip lines whose rule allows the other way.
        const flip = rule?.type === 'line-crossing' && rule.allowedDirection === 'right-to-left';
        return {
          id: l.id,
          name: l.name || l.id,
          kind,
          a: pt(flip ? l.b : l.a),
          b: pt(flip ? l.a : l.b),
        } as const;
      }),
    ...(stop ? { stopLine: { a: pt(stop.a), b: pt(stop.b) } } : {}),
    ...(signal?.region ? { signalRegion: signal.region } : {}),
  };
}
