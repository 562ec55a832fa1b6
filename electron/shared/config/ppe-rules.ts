import type { RuleConfig } from './rules';
import {
  labelsFor,
  PPE_ITEMS,
  SEVERITY_PRIORITY,
  severityOfPriority,
  type PpeItem,
  type PpeLabelMap,
  type ZonePpe,
} from './ppe';

type PpeRule = Extract<RuleConfig, { type: 'ppe' }>;

/** A zone's PPE requirement as the rules engine's `ppe` rule (labels resolved, severity → priority). */
export function ppeRuleOf(zoneId: string, name: string, ppe: ZonePpe) {
  const labels = ppe.items.map((i) => labelsFor(i, ppe.labels));
  return {
    id: `${zoneId}-ppe`,
    name,
    type: 'ppe' as const,
    zoneId,
    personClasses: ppe.personClasses,
    required: labels.map((l) => l.present),
    items: ppe.items,
    violationClasses: [...new Set(labels.flatMap((l) => l.absent))],
    minDurationSec: ppe.minDurationSec,
    priority: SEVERITY_PRIORITY[ppe.severity],
    category: 'safety' as const,
  };
}

/** The zone draft's `ppe` back from a rule written by another tool (where it can be). */
export function zonePpeOf(rule: RuleConfig | undefined): { ppe?: ZonePpe } {
  if (!rule || rule.type !== 'ppe') return {};
  const r: PpeRule = rule;
  const items: PpeItem[] =
    r.items ??
    r.required.map(
      (g) =>
        PPE_ITEMS.find((i) => labelsFor(i, undefined).present.some((l) => g.includes(l))) ??
        'hard-hat',
    );
  const labels: PpeLabelMap = {};
  items.forEach((item, i) => {
    labels[item] = {
      present: r.required[i] ?? [],
      absent: r.violationClasses.filter((v) => labelsFor(item, undefined).absent.includes(v)),
    };
  });
  return {
    ppe: {
      items,
      minDurationSec: r.minDurationSec,
      severity: severityOfPriority(r.priority),
      personClasses: r.personClasses,
      labels,
    },
  };
}
