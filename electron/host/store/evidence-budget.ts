import type { ReviewStatus } from '../../shared/domain/infraction';
import type { EvidenceBudgetLevel } from '../../shared/api/methods/system';

/**
 * The per-camera evidence budget, as a pure decision: given the camera's cases (status, lock,
 * age, evidence files, some of them shared between cases) and its budget, which evidence to
 * delete and which files that frees. Evidence is sacred: only rejected, unlocked cases are ever
 * chosen, oldest first, and a file shared with a protected case is never deleted.
 */

/** Statuses whose evidence retention may delete. Pending, validated, appealed and closed: never. */
export const DELETABLE_STATUSES: readonly ReviewStatus[] = ['rejected'];

export interface BudgetCase {
  infractionId: string;
  status: ReviewStatus;
  locked: boolean;
  occurredAt: number;
  /** Evidence files still on disk; the same path may appear in several cases (shared segments). */
  files: ReadonlyArray<{ path: string; bytes: number }>;
}

export interface BudgetPlan {
  budgetBytes: number;
  /** Bytes on disk now (each shared file once). */
  usedBytes: number;
  /** Bytes left once the plan is applied. */
  afterBytes: number;
  /** Bytes held by protected cases (pending, validated, appealed, closed or locked). */
  protectedBytes: number;
  /** Cases whose evidence is deleted, oldest first. */
  deleteEvidenceOf: string[];
  /** Files no remaining case references: the ones to remove from disk. */
  deleteFiles: string[];
  /** `warn`: at or above warnAtPercent; `full`: over budget with only protected evidence left. */
  level: EvidenceBudgetLevel;
  /** False when full: new infractions are sealed with stills only, no clip. */
  clipsAllowed: boolean;
}

export function isProtectedCase(c: Pick<BudgetCase, 'status' | 'locked'>): boolean {
  return c.locked || !DELETABLE_STATUSES.includes(c.status);
}

export function planEvidenceBudget(
  cases: readonly BudgetCase[],
  budget: { budgetBytes: number; warnAtPercent: number },
): BudgetPlan {
  const files = new Map<string, { bytes: number; refs: Set<string> }>();
  for (const c of cases) {
    for (const f of c.files) {
      const e = files.get(f.path) ?? { bytes: f.bytes, refs: new Set<string>() };
      e.refs.add(c.infractionId);
      files.set(f.path, e);
    }
  }
  let used = 0;
  for (const f of files.values()) used += f.bytes;
  const protectedPaths = new Set<string>();
  for (const c of cases)
    if (isProtectedCase(c)) for (const f of c.files) protectedPaths.add(f.path);
  let protectedBytes = 0;
  for (const p of protectedPaths) protectedBytes += files.get(p)!.bytes;

  let after = used;
  const deleteEvidenceOf: string[] = [];
  const deleteFiles: string[] = [];
  if (used > budget.budgetBytes) {
    const candidates = cases
      .filter((c) => !isProtectedCase(c))
      .sort((a, b) => a.occurredAt - b.occurredAt || a.infractionId.localeCompare(b.infractionId));
    for (const c of candidates) {
      if (after <= budget.budgetBytes) break;
      deleteEvidenceOf.push(c.infractionId);
      for (const f of c.files) {
        const e = files.get(f.path);
        if (!e || !e.refs.delete(c.infractionId) || e.refs.size > 0) continue;
        deleteFiles.push(f.path);
        after -= e.bytes;
      }
    }
  }
  const full = after > budget.budgetBytes;
  const warn = after >= (budget.budgetBytes * budget.warnAtPercent) / 100;
  return {
    budgetBytes: budget.budgetBytes,
    usedBytes: used,
    afterBytes: after,
    protectedBytes,
    deleteEvidenceOf,
    deleteFiles,
    level: full ? 'full' : warn ? 'warn' : 'ok',
    clipsAllowed: !full,
  };
}
