import { z } from 'zod';
import type { InfractionType, ReviewStatus } from './infraction';

/**
 * The life of a case from detection to a closed fine, as pure data: which action may start from
 * which status and where it leads. The host enforces it on every decision (and a synced decision
 * came through the same table on the workstation that made it).
 *
 *   pending ──validate──▶ validated ──notify──▶ notified ──pay──▶ paid ──close──▶ closed
 *      │                     │  ▲                  │
 *      └──reject──▶ rejected │  └─ validate (appeal dismissed: the fine stands)
 *                       ▲    └──appeal──▶ appealed ◀──appeal── notified / rejected
 *                       └──── reject (appeal upheld: the fine is annulled)
 */
export const FINE_ACTIONS = ['validate', 'reject', 'appeal', 'close', 'notify', 'pay'] as const;
export type FineAction = (typeof FINE_ACTIONS)[number];

export const FINE_TRANSITIONS: Record<
  FineAction,
  { from: readonly ReviewStatus[]; to: ReviewStatus }
> = {
  validate: { from: ['pending', 'appealed'], to: 'validated' },
  reject: { from: ['pending', 'appealed'], to: 'rejected' },
  notify: { from: ['validated'], to: 'notified' },
  appeal: { from: ['validated', 'rejected', 'notified'], to: 'appealed' },
  pay: { from: ['validated', 'notified'], to: 'paid' },
  close: { from: ['validated', 'appealed', 'notified', 'paid'], to: 'closed' },
};

/** Actions that need a reason (every step records one when given: the why of who/when/why). */
export const REASON_REQUIRED: readonly FineAction[] = ['reject'];

/** How an appeal ended: dismissed (the fine stands) or upheld (the fine is annulled). */
export const appealOutcomeSchema = z.enum(['dismissed', 'upheld']);
export type AppealOutcome = z.infer<typeof appealOutcomeSchema>;

/** The status an action leads to from `from`, or undefined when the table does not allow it. */
export function nextStatus(action: FineAction, from: ReviewStatus): ReviewStatus | undefined {
  const rule = FINE_TRANSITIONS[action];
  return rule.from.includes(from) ? rule.to : undefined;
}

/** The actions open on a case in `status`, in the table's order (for the UI's buttons). */
export function allowedActions(status: ReviewStatus): FineAction[] {
  return FINE_ACTIONS.filter((a) => FINE_TRANSITIONS[a].from.includes(status));
}

/** Deciding an appealed case is the appeal's outcome. */
export function appealOutcomeOf(action: FineAction, from: ReviewStatus): AppealOutcome | undefined {
  if (from !== 'appealed') return undefined;
  if (action === 'validate') return 'dismissed';
  if (action === 'reject') return 'upheld';
  return undefined;
}

/** One step of a case's life: who did what, when and why. */
export const lifecycleEntrySchema = z.object({
  action: z.enum(FINE_ACTIONS),
  from: z.string(),
  to: z.string(),
  by: z.string(),
  at: z.number(),
  reason: z.string().optional(),
  outcome: appealOutcomeSchema.optional(),
});
export type LifecycleEntry = z.infer<typeof lifecycleEntrySchema>;

/** A legal code of the catalogue: what the regulation calls the infraction and what it costs. */
export const legalCodeSchema = z.object({
  id: z.string().min(1).max(64),
  country: z.string().min(2).max(8),
  infractionType: z.string().min(1).max(32),
  code: z.string().min(1).max(32),
  descriptionEs: z.string().min(1).max(500),
  descriptionEn: z.string().min(1).max(500),
  amount: z.number().nonnegative().max(1e9),
  currency: z.string().regex(/^[A-Z]{3}$/),
  points: z.number().int().min(0).max(100),
  /** Speed tiers: the code applies from this excess over the limit (km/h) upwards. */
  minExcessKmh: z.number().nonnegative().max(500).optional(),
});
export type LegalCode = z.infer<typeof legalCodeSchema>;

/** The code and amount fixed on a case when it is validated (later catalogue edits never move it). */
export const fineSnapshotSchema = z.object({
  legalCodeId: z.string(),
  code: z.string(),
  country: z.string(),
  descriptionEs: z.string(),
  descriptionEn: z.string(),
  amount: z.number(),
  currency: z.string(),
  points: z.number().int(),
  fixedAt: z.number(),
  fixedBy: z.string(),
});
export type FineSnapshot = z.infer<typeof fineSnapshotSchema>;

/**
 * The catalogue entry for a case: among the codes for its type, the speed tier with the highest
 * threshold the measured excess reaches (codes without a threshold apply to any excess).
 */
export function selectLegalCode(
  codes: readonly LegalCode[],
  type: InfractionType,
  measured: Record<string, number>,
): LegalCode | undefined {
  const excess =
    typeof measured.speedKmh === 'number' && typeof measured.limitKmh === 'number'
      ? measured.speedKmh - measured.limitKmh
      : undefined;
  let best: LegalCode | undefined;
  for (const c of codes) {
    if (c.infractionType !== type) continue;
    const min = c.minExcessKmh ?? 0;
    if (c.minExcessKmh !== undefined && (excess === undefined || excess < min)) continue;
    if (!best || min > (best.minExcessKmh ?? 0)) best = c;
  }
  return best;
}

/**
 * `INF-20261201-3F9A1C2B-000123`: the day (UTC, of the detection), the workstation (from its host
 * id) and the workstation's own counter for that day, so two workstations never hand out the same
 * code, even offline.
 */
export function formatInfractionCode(occurredAt: number, station: string, n: number): string {
  const d = new Date(occurredAt);
  const day = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
  return `INF-${day}-${station}-${String(n).padStart(6, '0')}`;
}

/** The station part of the code: the first 8 hex digits of the workstation's host id. */
export function stationOf(hostId: string): string {
  return hostId
    .replace(/[^0-9a-fA-F]/g, '')
    .slice(0, 8)
    .toUpperCase()
    .padEnd(8, '0');
}

export const INFRACTION_CODE_PATTERN = /^INF-\d{8}-[0-9A-Z]{1,16}-[0-9A-Z]{6,}$/;
