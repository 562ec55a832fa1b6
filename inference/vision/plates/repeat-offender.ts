/**
 * Repeat-offender score of a plate from its infraction history. Deliberately a transparent formula:
 * every factor is returned so review and reports can show how the number was reached.
 *
 *   weightedCount = 3·n30 + 2·(n90 − n30) + 1·(n365 − n90)
 *   severityFactor = mean severity of the last 365 days (1 low … 3 high)
 *   recencyFactor  = 0.5 + 0.5·exp(−daysSinceLast / 30)
 *   score = min(100, round(5 · weightedCount · severityFactor · recencyFactor))
 *
 * One low-severity infraction today scores 15; a weekly high-severity offender reaches 100.
 */

export type Severity = 1 | 2 | 3;

/** Default severity per infraction type; a municipality can pass its own. */
export const DEFAULT_SEVERITY: Record<string, Severity> = {
  speed: 2,
  'red-light': 3,
  'wrong-way': 3,
  'lane-invasion': 1,
  'zone-intrusion': 1,
  ppe: 1,
  'person-down': 1,
};

export interface OffenceRecord {
  /** Epoch milliseconds. */
  occurredAt: number;
  /** Infraction type, used for the severity when `severity` is absent. */
  type?: string;
  severity?: Severity;
}

export interface RepeatOffenderFactors {
  count30: number;
  count90: number;
  count365: number;
  weightedCount: number;
  meanSeverity: number;
  severityFactor: number;
  /** Whole days since the latest infraction, or null with no history in the last 365 days. */
  daysSinceLast: number | null;
  recencyFactor: number;
}

export interface RepeatOffenderScore {
  /** 0..100. */
  score: number;
  level: 'none' | 'low' | 'medium' | 'high';
  factors: RepeatOffenderFactors;
  /** The formula with this plate's numbers filled in, for display. */
  explanation: string;
}

const DAY = 86_400_000;

export function repeatOffenderScore(
  history: readonly OffenceRecord[],
  now: number,
  severityOf: Record<string, Severity> = DEFAULT_SEVERITY,
): RepeatOffenderScore {
  const ages: { days: number; severity: number }[] = [];
  for (const h of history) {
    if (!Number.isFinite(h.occurredAt)) continue;
    const days = (now - h.occurredAt) / DAY;
    // Future timestamps (clock skew between workstations) count as today.
    const d = Math.max(0, days);
    if (d > 365) continue;
    const severity = h.severity ?? (h.type ? severityOf[h.type] : undefined) ?? 1;
    ages.push({ days: d, severity });
  }
  const count30 = ages.filter((a) => a.days <= 30).length;
  const count90 = ages.filter((a) => a.days <= 90).length;
  const count365 = ages.length;
  const weightedCount = 3 * count30 + 2 * (count90 - count30) + (count365 - count90);
  const meanSeverity = count365 ? ages.reduce((s, a) => s + a.severity, 0) / count365 : 0;
  const severityFactor = meanSeverity;
  const daysSinceLast = count365 ? Math.floor(Math.min(...ages.map((a) => a.days))) : null;
  const recencyFactor = daysSinceLast === null ? 0 : 0.5 + 0.5 * Math.exp(-daysSinceLast / 30);
  const score = Math.min(100, Math.round(5 * weightedCount * severityFactor * recencyFactor));
  const level = score === 0 ? 'none' : score < 25 ? 'low' : score < 60 ? 'medium' : 'high';
  const r2 = (v: number) => Math.round(v * 100) / 100;
  const explanation =
    `min(100, 5 × (3·${count30} + 2·${count90 - count30} + 1·${count365 - count90}) × ` +
    `${r2(severityFactor)} × ${r2(recencyFactor)}) = ${score}`;
  return {
    score,
    level,
    factors: {
      count30,
      count90,
      count365,
      weightedCount,
      meanSeverity: r2(meanSeverity),
      severityFactor: r2(severityFactor),
      daysSinceLast,
      recencyFactor: r2(recencyFactor),
    },
    explanation,
  };
}
