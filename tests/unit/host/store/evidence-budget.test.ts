import { describe, expect, it } from 'vitest';
import {
  isProtectedCase,
  planEvidenceBudget,
  type BudgetCase,
} from '../../../../electron/host/store/evidence-budget';
import type { ReviewStatus } from '../../../../electron/shared/domain/infraction';

const MB = 1024 * 1024;

function c(
  id: string,
  status: ReviewStatus,
  occurredAt: number,
  files: Array<[string, number]>,
  locked = false,
): BudgetCase {
  return {
    infractionId: id,
    status,
    locked,
    occurredAt,
    files: files.map(([path, mb]) => ({ path, bytes: mb * MB })),
  };
}

describe('evidence budget decision', () => {
  it('under budget: deletes nothing; at the warning level: warns', () => {
    const cases = [c('a', 'rejected', 1, [['a', 30]]), c('b', 'pending', 2, [['b', 40]])];
    expect(planEvidenceBudget(cases, { budgetBytes: 100 * MB, warnAtPercent: 80 })).toMatchObject({
      usedBytes: 70 * MB,
      deleteEvidenceOf: [],
      deleteFiles: [],
      level: 'ok',
      clipsAllowed: true,
    });
    expect(planEvidenceBudget(cases, { budgetBytes: 80 * MB, warnAtPercent: 80 })).toMatchObject({
      deleteEvidenceOf: [],
      level: 'warn',
      clipsAllowed: true,
    });
  });

  it('over budget: deletes the oldest rejected, unlocked evidence first, only as much as needed', () => {
    const cases = [
      c('pending-old', 'pending', 0, [['p', 50]]),
      c('rej-new', 'rejected', 30, [['r3', 20]]),
      c('rej-old', 'rejected', 10, [['r1', 20]]),
      c('rej-mid', 'rejected', 20, [['r2', 20]]),
      c('validated', 'validated', 5, [['v', 20]]),
    ];
    const plan = planEvidenceBudget(cases, { budgetBytes: 100 * MB, warnAtPercent: 90 });
    expect(plan.usedBytes).toBe(130 * MB);
    expect(plan.deleteEvidenceOf).toEqual(['rej-old', 'rej-mid']);
    expect(plan.deleteFiles).toEqual(['r1', 'r2']);
    expect(plan.afterBytes).toBe(90 * MB);
    expect(plan.protectedBytes).toBe(70 * MB);
    expect(plan.level).toBe('warn');
  });

  it('never deletes pending, validated, appealed, closed or locked evidence, whatever the budget', () => {
    const statuses: ReviewStatus[] = ['pending', 'validated', 'appealed', 'closed'];
    const cases = [
      ...statuses.map((s, i) => c(s, s, i, [[s, 10]])),
      c('locked-rejected', 'rejected', -1, [['lr', 10]], true),
    ];
    for (const x of cases) expect(isProtectedCase(x)).toBe(true);
    const plan = planEvidenceBudget(cases, { budgetBytes: 1 * MB, warnAtPercent: 80 });
    expect(plan.deleteEvidenceOf).toEqual([]);
    expect(plan.deleteFiles).toEqual([]);
    // Only protected evidence left over budget: full, clips stop, nothing deleted.
    expect(plan).toMatchObject({ level: 'full', clipsAllowed: false, afterBytes: 50 * MB });
  });

  it('keeps a segment shared with a protected case; counts shared files once', () => {
    const cases = [
      c('rej', 'rejected', 1, [
        ['seg/1', 10],
        ['seg/2', 10],
        ['rej/clip.json', 1],
      ]),
      c('pending', 'pending', 2, [
        ['seg/2', 10],
        ['seg/3', 10],
        ['pending/clip.json', 1],
      ]),
    ];
    const plan = planEvidenceBudget(cases, { budgetBytes: 25 * MB, warnAtPercent: 80 });
    // 10 + 10 + 10 + 1 + 1: seg/2 once.
    expect(plan.usedBytes).toBe(32 * MB);
    expect(plan.deleteEvidenceOf).toEqual(['rej']);
    expect(plan.deleteFiles.sort()).toEqual(['rej/clip.json', 'seg/1']);
    expect(plan.afterBytes).toBe(21 * MB);
    expect(plan.deleteFiles).not.toContain('seg/2');
  });

  it('frees a shared segment only once no remaining case uses it', () => {
    const cases = [
      c('r1', 'rejected', 1, [['seg/a', 10]]),
      c('r2', 'rejected', 2, [['seg/a', 10]]),
      c('r3', 'rejected', 3, [['seg/b', 10]]),
    ];
    const plan = planEvidenceBudget(cases, { budgetBytes: 15 * MB, warnAtPercent: 80 });
    expect(plan.deleteEvidenceOf).toEqual(['r1', 'r2']);
    expect(plan.deleteFiles).toEqual(['seg/a']);
    expect(plan).toMatchObject({ afterBytes: 10 * MB, level: 'ok', clipsAllowed: true });
  });

  it('after deleting every deletable case and still over budget: full', () => {
    const cases = [c('r', 'rejected', 1, [['r', 10]]), c('p', 'pending', 2, [['p', 30]])];
    const plan = planEvidenceBudget(cases, { budgetBytes: 20 * MB, warnAtPercent: 80 });
    expect(plan.deleteEvidenceOf).toEqual(['r']);
    expect(plan).toMatchObject({ afterBytes: 30 * MB, level: 'full', clipsAllowed: false });
  });
});
