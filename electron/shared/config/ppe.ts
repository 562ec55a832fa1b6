import { z } from 'zod';

/**
 * PPE requirements of a zone (hard hat, vest, …) and how the site's PPE model names them. The
 * items are Watcher's own names; `labels` maps each to the class labels of whatever PPE model the
 * site imported (`present`: the item is worn; `absent`: the model's "no-<item>" classes, if any).
 * Kept with the zone in the camera's rule set, so the rule set alone says what the worker checks.
 */
export const PPE_ITEMS = [
  'hard-hat',
  'vest',
  'gloves',
  'goggles',
  'mask',
  'boots',
  'harness',
] as const;
export const ppeItemSchema = z.enum(PPE_ITEMS);
export type PpeItem = z.infer<typeof ppeItemSchema>;

export const PPE_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const ppeSeveritySchema = z.enum(PPE_SEVERITIES);
export type PpeSeverity = z.infer<typeof ppeSeveritySchema>;

/** Severity → alarm priority (1 most urgent). */
export const SEVERITY_PRIORITY: Record<PpeSeverity, 1 | 2 | 3 | 4> = {
  critical: 1,
  high: 2,
  medium: 3,
  low: 4,
};

export function severityOfPriority(p: number | undefined): PpeSeverity {
  return (
    (Object.entries(SEVERITY_PRIORITY).find(([, v]) => v === p)?.[0] as PpeSeverity) ?? 'critical'
  );
}

const label = z.string().min(1).max(64);

export const ppeLabelMapSchema = z
  .record(
    z.string(),
    z.object({
      present: z.array(label).max(8).default([]),
      absent: z.array(label).max(8).default([]),
    }),
  )
  .superRefine((m, ctx) => {
    for (const k of Object.keys(m))
      if (!(PPE_ITEMS as readonly string[]).includes(k))
        ctx.addIssue({ code: 'custom', path: [k], message: `unknown PPE item "${k}"` });
  });
export type PpeLabelMap = z.infer<typeof ppeLabelMapSchema>;

/** Labels of common PPE datasets, used for an item the site has not mapped. */
export const DEFAULT_PPE_LABELS: Record<PpeItem, { present: string[]; absent: string[] }> = {
  'hard-hat': { present: ['hard-hat', 'hardhat', 'helmet'], absent: ['no-hardhat', 'no-helmet'] },
  vest: { present: ['vest', 'safety-vest'], absent: ['no-vest', 'no-safety-vest'] },
  gloves: { present: ['gloves', 'glove'], absent: ['no-gloves'] },
  goggles: { present: ['goggles', 'glasses'], absent: ['no-goggles'] },
  mask: { present: ['mask'], absent: ['no-mask'] },
  boots: { present: ['boots', 'safety-boots'], absent: ['no-boots'] },
  harness: { present: ['harness'], absent: ['no-harness'] },
};

export function labelsFor(item: PpeItem, map: PpeLabelMap | undefined) {
  const m = map?.[item];
  return {
    present: m?.present.length ? m.present : DEFAULT_PPE_LABELS[item].present,
    absent: m ? m.absent : DEFAULT_PPE_LABELS[item].absent,
  };
}

export const zonePpeSchema = z.object({
  items: z.array(ppeItemSchema).min(1).max(PPE_ITEMS.length),
  /** Seconds an item must be missing before the event fires. */
  minDurationSec: z.number().min(0).max(600).default(2),
  severity: ppeSeveritySchema.default('high'),
  personClasses: z.array(label).min(1).max(8).default(['person']),
  /** The camera's label mapping (the same on every zone of the camera). */
  labels: ppeLabelMapSchema.default({}),
});
export type ZonePpe = z.infer<typeof zonePpeSchema>;
export type ZonePpeInput = z.input<typeof zonePpeSchema>;

/**
 * Where on a person each item is looked for, as a share of the person box's height from its
 * top (may reach a little above or below it); undefined: anywhere on the person.
 */
export const PPE_REGIONS: Partial<Record<PpeItem, readonly [number, number]>> = {
  'hard-hat': [-0.2, 0.3],
  goggles: [-0.05, 0.3],
  mask: [0, 0.35],
  vest: [0.12, 0.8],
  harness: [0.08, 0.75],
  boots: [0.7, 1.08],
};
