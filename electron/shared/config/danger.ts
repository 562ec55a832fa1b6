import { z } from 'zod';
import type { RuleConfig } from './rules';
import { ppeSeveritySchema, SEVERITY_PRIORITY, severityOfPriority } from './ppe';

/**
 * A danger zone's safety rules, kept with the zone in the camera's rule set (like its PPE): which
 * classes may not enter it at all (intrusion), which may pass but not stay (loitering, above a
 * dwell), and people within some metres of a machine-class detection in it (a danger area that
 * moves with the machine), and a person down in it (fallen and lying, from the box shape of any
 * person detector or from a model's "fallen" class). Each raises safety alarms with evidence, never
 * fines.
 */
const label = z.string().min(1).max(64);

export const zoneDangerSchema = z.object({
  /** Classes not allowed in the zone: an event as soon as one is inside. */
  intrusionClasses: z.array(label).max(16).default([]),
  /** Classes that may pass through but not stay longer than `loiterSec`. */
  loiterClasses: z.array(label).max(16).default([]),
  loiterSec: z.number().positive().max(86_400).optional(),
  /** People (of `personClasses`) in the zone within `withinM` of a `machineClasses` detection. */
  proximity: z
    .object({
      personClasses: z.array(label).min(1).max(8).default(['person']),
      machineClasses: z.array(label).min(1).max(16),
      withinM: z.number().positive().max(50),
      minDurationSec: z.number().nonnegative().max(600).default(0),
    })
    .optional(),
  /** A person down in the zone for `minDurationSec` (the person-down rule). */
  personDown: z
    .object({
      personClasses: z.array(label).min(1).max(8).default(['person']),
      /** A model's classes that mean a person down ("fallen", "lying"): they fire directly. */
      downClasses: z.array(label).max(16).default([]),
      /** The box shape heuristic for detectors without such a class; off: classes only. */
      boxHeuristic: z.boolean().default(true),
      minDurationSec: z.number().nonnegative().max(600).default(5),
      /** Width / height from which a box looks lying. */
      lyingAspect: z.number().min(1).max(5).default(1.3),
    })
    .optional(),
  severity: ppeSeveritySchema.default('high'),
});
export type ZoneDanger = z.infer<typeof zoneDangerSchema>;
export type ZoneDangerInput = z.input<typeof zoneDangerSchema>;

/** Rule ids a zone's danger rules get (so the zone tool's own intrusion rule is told apart). */
export const dangerRuleIds = (zoneId: string) => ({
  intrusion: `${zoneId}-danger`,
  loiter: `${zoneId}-loiter`,
  proximity: `${zoneId}-proximity`,
  personDown: `${zoneId}-down`,
});

export function isDangerRuleId(zoneId: string, ruleId: string): boolean {
  return Object.values(dangerRuleIds(zoneId)).includes(ruleId);
}

/** A zone's danger rules as rules-engine rules (all in the safety category). */
export function dangerRulesOf(zoneId: string, name: string, d: ZoneDanger) {
  const ids = dangerRuleIds(zoneId);
  const common = {
    name,
    zoneId,
    priority: SEVERITY_PRIORITY[d.severity],
    category: 'safety' as const,
  };
  const rules: Array<
    | {
        id: string;
        name: string;
        zoneId: string;
        priority: number;
        category: 'safety';
        type: 'zone-intrusion';
        minDwellSec: number;
        classes: string[];
      }
    | {
        id: string;
        name: string;
        zoneId: string;
        priority: number;
        category: 'safety';
        type: 'machine-proximity';
        personClasses: string[];
        machineClasses: string[];
        withinM: number;
        minDurationSec: number;
      }
    | {
        id: string;
        name: string;
        zoneId: string;
        priority: number;
        category: 'safety';
        type: 'person-down';
        personClasses: string[];
        downClasses: string[];
        boxHeuristic: boolean;
        minDurationSec: number;
        lyingAspect: number;
      }
  > = [];
  if (d.intrusionClasses.length)
    rules.push({
      ...common,
      id: ids.intrusion,
      type: 'zone-intrusion',
      minDwellSec: 0,
      classes: d.intrusionClasses,
    });
  if (d.loiterClasses.length && d.loiterSec)
    rules.push({
      ...common,
      id: ids.loiter,
      type: 'zone-intrusion',
      minDwellSec: d.loiterSec,
      classes: d.loiterClasses,
    });
  if (d.proximity)
    rules.push({
      ...common,
      id: ids.proximity,
      type: 'machine-proximity',
      personClasses: d.proximity.personClasses,
      machineClasses: d.proximity.machineClasses,
      withinM: d.proximity.withinM,
      minDurationSec: d.proximity.minDurationSec,
    });
  if (d.personDown)
    rules.push({
      ...common,
      id: ids.personDown,
      type: 'person-down',
      personClasses: d.personDown.personClasses,
      downClasses: d.personDown.downClasses,
      boxHeuristic: d.personDown.boxHeuristic,
      minDurationSec: d.personDown.minDurationSec,
      lyingAspect: d.personDown.lyingAspect,
    });
  return rules;
}

/** The zone draft's `danger` back from its rules (inverse of dangerRulesOf). */
export function zoneDangerOf(
  rules: readonly RuleConfig[],
  zoneId: string,
): { danger?: ZoneDanger } {
  const ids = dangerRuleIds(zoneId);
  const intrusion = rules.find((r) => r.id === ids.intrusion && r.type === 'zone-intrusion');
  const loiter = rules.find((r) => r.id === ids.loiter && r.type === 'zone-intrusion');
  const near = rules.find((r) => r.id === ids.proximity && r.type === 'machine-proximity');
  const down = rules.find((r) => r.id === ids.personDown && r.type === 'person-down');
  if (!intrusion && !loiter && !near && !down) return {};
  const first = intrusion ?? loiter ?? near ?? down!;
  return {
    danger: {
      intrusionClasses: intrusion?.classes ?? [],
      loiterClasses: loiter?.classes ?? [],
      ...(loiter?.type === 'zone-intrusion' ? { loiterSec: loiter.minDwellSec } : {}),
      ...(near?.type === 'machine-proximity'
        ? {
            proximity: {
              personClasses: near.personClasses,
              machineClasses: near.machineClasses,
              withinM: near.withinM,
              minDurationSec: near.minDurationSec,
            },
          }
        : {}),
      ...(down?.type === 'person-down'
        ? {
            personDown: {
              personClasses: down.personClasses,
              downClasses: down.downClasses,
              boxHeuristic: down.boxHeuristic,
              minDurationSec: down.minDurationSec,
              lyingAspect: down.lyingAspect,
            },
          }
        : {}),
      severity: severityOfPriority(first.priority),
    },
  };
}
