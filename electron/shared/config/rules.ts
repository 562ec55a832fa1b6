import { z } from 'zod';
import { imagePointSchema, imageSizeSchema } from './calibration';
import { ppeItemSchema } from './ppe';

/**
 * A camera's rule set: the geometry the operator draws on the camera image (zones, lines, signal
 * regions) and the rules that use it. All coordinates are image pixels of `imageSize` (scaled
 * proportionally for frames of another size); objects are located by the bottom centre of their
 * box, where they touch the ground.
 *
 * Line directions: a line goes from `a` to `b`. Standing at `a` and looking towards `b` on the
 * screen, an object crossing from the left side to the right side crosses `left-to-right`.
 *
 * Every rule has `cooldownSec`: after a rule fires for a tracked object, it does not fire again
 * for that same object within that time, so one vehicle yields one infraction, not one per frame.
 * `version` increases on every saved change; infractions record it.
 */
export const ruleIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'ids: letters, digits, "-" and "_" only');

export const zoneSchema = z.object({
  id: ruleIdSchema,
  name: z.string().max(120).default(''),
  /** Closed polygon (the last point joins the first), at least 3 points. */
  polygon: z.array(imagePointSchema).min(3, 'a zone needs at least 3 points'),
});
export type ZoneConfig = z.infer<typeof zoneSchema>;

export const lineSchema = z.object({
  id: ruleIdSchema,
  name: z.string().max(120).default(''),
  a: imagePointSchema,
  b: imagePointSchema,
});
export type LineConfig = z.infer<typeof lineSchema>;

export const crossingDirectionSchema = z.enum(['left-to-right', 'right-to-left']);

export const signalSchema = z.object({
  id: ruleIdSchema,
  name: z.string().max(120).default(''),
  /**
   * `region`: the state is read from the colour of the lit lamp inside `region` of the image.
   * `external`: the state arrives from a controller feed (SceneAnalyzer.setSignalState).
   */
  source: z.enum(['region', 'external']).default('region'),
  /** Box around the traffic light head in image pixels (needed for `region`). */
  region: z
    .object({
      x: z.number(),
      y: z.number(),
      width: z.number().positive(),
      height: z.number().positive(),
    })
    .optional(),
  /** Lamp arrangement, used when the colours are washed out (night, glare). */
  layout: z.enum(['vertical', 'horizontal']).default('vertical'),
});
export type SignalConfig = z.infer<typeof signalSchema>;

const classesSchema = z
  .array(z.string().min(1))
  .default([])
  .describe('class labels the rule applies to; empty = all classes');

const ruleBase = {
  id: ruleIdSchema,
  name: z.string().max(120).default(''),
  enabled: z.boolean().default(true),
  classes: classesSchema,
  cooldownSec: z.number().nonnegative().max(3600).default(60),
  /** Alarm priority (1 most urgent … 4); absent: the rule type's default (ruleAlarmDefaults). */
  priority: z.number().int().min(1).max(4).optional(),
  /** Alarm category; absent: the category of the infraction the rule produces. */
  category: z.enum(['traffic', 'safety', 'system']).optional(),
  /** This rule's alarms close themselves after this many seconds (overrides the alarm settings). */
  autoCloseAfterSec: z
    .number()
    .int()
    .min(10)
    .max(7 * 86_400)
    .optional(),
};

export const speedRuleSchema = z.object({
  ...ruleBase,
  type: z.literal('speed'),
  zoneId: ruleIdSchema,
  limitKmh: z.number().positive().max(400),
  /** Fires above limit + max(toleranceKmh, limit × tolerancePct / 100). */
  toleranceKmh: z.number().nonnegative().default(0),
  tolerancePct: z.number().nonnegative().max(100).default(0),
  /** Measurements less certain than this are not used (0..1). */
  minConfidence: z.number().min(0).max(1).default(0.5),
});

export const zoneIntrusionRuleSchema = z.object({
  ...ruleBase,
  type: z.literal('zone-intrusion'),
  zoneId: ruleIdSchema,
  /** Seconds an object must stay in the zone before it counts. */
  minDwellSec: z.number().nonnegative().default(0),
});

export const lineCrossingRuleSchema = z.object({
  ...ruleBase,
  type: z.literal('line-crossing'),
  lineId: ruleIdSchema,
  /**
   * The normal direction of traffic. Crossings are counted both ways; a crossing the other way
   * is a wrong-way infraction. Omitted: counting only.
   */
  allowedDirection: crossingDirectionSchema.optional(),
});

export const laneInvasionRuleSchema = z.object({
  ...ruleBase,
  type: z.literal('lane-invasion'),
  /** A no-crossing line (solid divider, bus-lane edge). */
  lineId: ruleIdSchema,
  /** Only crossings this way count; omitted: both ways. */
  direction: crossingDirectionSchema.optional(),
});

export const redLightRuleSchema = z.object({
  ...ruleBase,
  type: z.literal('red-light'),
  stopLineId: ruleIdSchema,
  signalId: ruleIdSchema,
  /** The direction of travel that the signal controls. */
  direction: crossingDirectionSchema,
  /** Crossing within this many seconds of the light turning red is tolerated. */
  graceSec: z.number().nonnegative().default(0),
});

export const ppeRuleSchema = z.object({
  ...ruleBase,
  type: z.literal('ppe'),
  zoneId: ruleIdSchema,
  /** Classes that are people. */
  personClasses: z.array(z.string().min(1)).default(['person']),
  /**
   * Each inner list is one required item, satisfied by any of its class names overlapping the
   * person, e.g. [["helmet", "hardhat"], ["vest", "safety-vest"]].
   */
  required: z.array(z.array(z.string().min(1)).min(1)).min(1),
  /** Classes that directly mean a missing item (e.g. "no-helmet"), for models that detect them. */
  violationClasses: z.array(z.string().min(1)).default([]),
  /** Seconds the item must be missing continuously before the alert fires (detector flicker). */
  minDurationSec: z.number().nonnegative().default(1),
  /** Watcher's item name of each `required` group (same order): where on the person to look. */
  items: z.array(ppeItemSchema).optional(),
  /** Items are judged over this many seconds of frames, not one frame. */
  windowSec: z.number().positive().max(30).default(1),
  /** An item counts as worn when associated on at least this share of the window's frames. */
  minPresentShare: z.number().min(0).max(1).default(0.3),
});

/**
 * A person within `withinM` metres of a detection of a machine class (a danger zone that moves
 * with the machine), optionally only inside a zone. Produces a safety zone-intrusion event.
 */
export const machineProximityRuleSchema = z.object({
  ...ruleBase,
  type: z.literal('machine-proximity'),
  /** Only people inside this zone count; absent: anywhere on the frame. */
  zoneId: ruleIdSchema.optional(),
  personClasses: z.array(z.string().min(1)).min(1).max(8).default(['person']),
  machineClasses: z.array(z.string().min(1)).min(1).max(16),
  withinM: z.number().positive().max(50),
  /** Seconds the person must stay that close before the event fires (detector flicker). */
  minDurationSec: z.number().nonnegative().max(600).default(0),
  /** Height of a standing person (m): the scale of distances without a ground calibration. */
  personHeightM: z.number().min(1).max(2.5).default(1.7),
});

/**
 * A person down (fallen, lying on the floor), optionally only inside a zone. Two ways, either or
 * both: (a) from any person detector, a tracked person whose box turns from upright to lying,
 * whose top edge drops on the way and who then barely moves (inference/vision/safety/person-down);
 * (b) from a model with a class meaning "fallen", a detection of one of `downClasses`. Either held
 * for `minDurationSec` fires a safety event; getting up, or the track ending, clears it.
 */
export const personDownRuleSchema = z.object({
  ...ruleBase,
  type: z.literal('person-down'),
  /** Only people inside this zone count; absent: anywhere on the frame. */
  zoneId: ruleIdSchema.optional(),
  /** Classes that are people, for the box shape heuristic (a). */
  personClasses: z.array(z.string().min(1)).max(8).default(['person']),
  /** Classes of a model that mean a person down, e.g. ["fallen", "person-fallen", "lying"] (b). */
  downClasses: z.array(z.string().min(1)).max(16).default([]),
  /** Off: only `downClasses` detections count (a model that knows falls needs no heuristic). */
  boxHeuristic: z.boolean().default(true),
  /** Seconds the person must stay down before the event fires (a person bending down briefly). */
  minDurationSec: z.number().nonnegative().max(600).default(5),
  /** A box at least this wide for its height (width / height) looks lying. */
  lyingAspect: z.number().min(1).max(5).default(1.3),
  /** A box at most this wide for its height looks upright: the person must have been so before. */
  uprightAspect: z.number().min(0.2).max(1).default(0.9),
  /** Box shapes are judged over this many seconds of frames, not one frame. */
  windowSec: z.number().positive().max(30).default(1),
  /** A window looks lying (or upright) when at least this share of its frames does. */
  minShare: z.number().min(0).max(1).default(0.6),
});

export const ruleSchema = z.discriminatedUnion('type', [
  speedRuleSchema,
  zoneIntrusionRuleSchema,
  lineCrossingRuleSchema,
  laneInvasionRuleSchema,
  redLightRuleSchema,
  ppeRuleSchema,
  machineProximityRuleSchema,
  personDownRuleSchema,
]);
export type RuleConfig = z.infer<typeof ruleSchema>;
export type RuleType = RuleConfig['type'];

export const ruleSetSchema = z
  .object({
    version: z.number().int().nonnegative().default(1),
    imageSize: imageSizeSchema,
    zones: z.array(zoneSchema).default([]),
    lines: z.array(lineSchema).default([]),
    signals: z.array(signalSchema).default([]),
    rules: z.array(ruleSchema).default([]),
  })
  .superRefine((rs, ctx) => {
    const zones = new Set(rs.zones.map((z) => z.id));
    const lines = new Set(rs.lines.map((l) => l.id));
    const signals = new Set(rs.signals.map((s) => s.id));
    const seen = new Set<string>();
    for (const [kind, ids] of [
      ['zones', rs.zones],
      ['lines', rs.lines],
      ['signals', rs.signals],
      ['rules', rs.rules],
    ] as const) {
      seen.clear();
      ids.forEach((x, i) => {
        if (seen.has(x.id))
          ctx.addIssue({
            code: 'custom',
            path: [kind, i, 'id'],
            message: `duplicate id "${x.id}"`,
          });
        seen.add(x.id);
      });
    }
    rs.signals.forEach((s, i) => {
      if (s.source === 'region' && !s.region)
        ctx.addIssue({
          code: 'custom',
          path: ['signals', i, 'region'],
          message: 'a region signal needs its image region',
        });
    });
    rs.rules.forEach((r, i) => {
      if (r.type === 'person-down' && r.uprightAspect >= r.lyingAspect)
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'uprightAspect'],
          message: 'the upright ratio must be below the lying ratio',
        });
      const ref = (set: Set<string>, id: string, field: string, what: string) => {
        if (!set.has(id))
          ctx.addIssue({
            code: 'custom',
            path: ['rules', i, field],
            message: `unknown ${what} "${id}"`,
          });
      };
      if ('zoneId' in r && r.zoneId !== undefined) ref(zones, r.zoneId, 'zoneId', 'zone');
      if ('lineId' in r) ref(lines, r.lineId, 'lineId', 'line');
      if (r.type === 'red-light') {
        ref(lines, r.stopLineId, 'stopLineId', 'line');
        ref(signals, r.signalId, 'signalId', 'signal');
      }
    });
  });
export type RuleSetConfig = z.infer<typeof ruleSetSchema>;
export type RuleSetConfigInput = z.input<typeof ruleSetSchema>;

/** Default alarm priority of each rule type (1 most urgent). */
export const DEFAULT_RULE_PRIORITY: Record<RuleType, 1 | 2 | 3 | 4> = {
  ppe: 1,
  'machine-proximity': 1,
  'person-down': 1,
  'red-light': 2,
  'zone-intrusion': 2,
  'line-crossing': 2,
  speed: 3,
  'lane-invasion': 3,
};

/** Default alarm category of each rule type: the category of the infraction it produces. */
export const DEFAULT_RULE_CATEGORY: Record<RuleType, 'traffic' | 'safety'> = {
  ppe: 'safety',
  'machine-proximity': 'safety',
  'person-down': 'safety',
  'zone-intrusion': 'safety',
  'red-light': 'traffic',
  'line-crossing': 'traffic',
  speed: 'traffic',
  'lane-invasion': 'traffic',
};

/** A rule's alarm priority, category and own auto-close time, with the type's defaults applied. */
export function ruleAlarmDefaults(
  rule: Pick<RuleConfig, 'type' | 'priority' | 'category' | 'autoCloseAfterSec'>,
): {
  priority: 1 | 2 | 3 | 4;
  category: 'traffic' | 'safety' | 'system';
  autoCloseAfterSec?: number;
} {
  return {
    priority: (rule.priority as 1 | 2 | 3 | 4 | undefined) ?? DEFAULT_RULE_PRIORITY[rule.type],
    category: rule.category ?? DEFAULT_RULE_CATEGORY[rule.type],
    autoCloseAfterSec: rule.autoCloseAfterSec,
  };
}
