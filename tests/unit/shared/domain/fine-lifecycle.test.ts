import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  appealOutcomeOf,
  FINE_ACTIONS,
  FINE_TRANSITIONS,
  formatInfractionCode,
  INFRACTION_CODE_PATTERN,
  nextStatus,
  selectLegalCode,
  stationOf,
} from '../../../../electron/shared/domain/fine-lifecycle';
import { LEGAL_CODE_PRESETS } from '../../../../electron/shared/domain/legal-code-presets';
import { legalCodeSchema } from '../../../../electron/shared/domain/fine-lifecycle';
import { reviewStatusSchema } from '../../../../electron/shared/domain/infraction';

/** The whole transition table, written out: every (action, status) pair and where it leads. */
const EXPECTED: Record<string, Record<string, string>> = {
  validate: { pending: 'validated', appealed: 'validated' },
  reject: { pending: 'rejected', appealed: 'rejected' },
  notify: { validated: 'notified' },
  appeal: { validated: 'appealed', rejected: 'appealed', notified: 'appealed' },
  pay: { validated: 'paid', notified: 'paid' },
  close: { validated: 'closed', appealed: 'closed', notified: 'closed', paid: 'closed' },
};

describe('the fine lifecycle', () => {
  it('allows exactly the transitions of the table and refuses every other pair', () => {
    for (const action of FINE_ACTIONS)
      for (const status of reviewStatusSchema.options)
        expect(nextStatus(action, status), `${action} from ${status}`).toBe(
          EXPECTED[action][status],
        );
    expect(Object.keys(FINE_TRANSITIONS).sort()).toEqual([...FINE_ACTIONS].sort());
  });

  it('a closed case is final; a pending one can only be validated or rejected', () => {
    expect(allowedActions('closed')).toEqual([]);
    expect(allowedActions('pending')).toEqual(['validate', 'reject']);
    expect(allowedActions('paid')).toEqual(['close']);
  });

  it('deciding an appealed case records the appeal outcome', () => {
    expect(appealOutcomeOf('validate', 'appealed')).toBe('dismissed');
    expect(appealOutcomeOf('reject', 'appealed')).toBe('upheld');
    expect(appealOutcomeOf('validate', 'pending')).toBeUndefined();
    expect(appealOutcomeOf('close', 'appealed')).toBeUndefined();
  });

  it('formats codes with the UTC day, the station and a zero-padded counter', () => {
    const at = Date.UTC(2026, 11, 1, 23, 59);
    const station = stationOf('3f9a1c2b-0000-4000-8000-000000000000');
    expect(station).toBe('3F9A1C2B');
    const code = formatInfractionCode(at, station, 123);
    expect(code).toBe('INF-20261201-3F9A1C2B-000123');
    expect(code).toMatch(INFRACTION_CODE_PATTERN);
    expect(formatInfractionCode(at, station, 1_234_567)).toBe('INF-20261201-3F9A1C2B-1234567');
  });

  it('picks the speed tier the excess reaches, and the plain code for other types', () => {
    const es = LEGAL_CODE_PRESETS.ES.codes;
    expect(selectLegalCode(es, 'speed', { speedKmh: 65, limitKmh: 50 })).toMatchObject({
      amount: 100,
      points: 0,
    });
    expect(selectLegalCode(es, 'speed', { speedKmh: 85, limitKmh: 50 })).toMatchObject({
      amount: 400,
      points: 4,
    });
    expect(selectLegalCode(es, 'speed', { speedKmh: 140, limitKmh: 50 })).toMatchObject({
      amount: 600,
    });
    expect(selectLegalCode(es, 'speed', { speedKmh: 50, limitKmh: 50 })).toBeUndefined();
    expect(selectLegalCode(es, 'red-light', {})).toMatchObject({ code: 'RGC 146', points: 4 });
    expect(selectLegalCode(es, 'ppe', {})).toBeUndefined();
    const pe = LEGAL_CODE_PRESETS.PE.codes;
    expect(selectLegalCode(pe, 'speed', { speedKmh: 90, limitKmh: 60 })).toMatchObject({
      currency: 'PEN',
    });
  });

  it('every preset entry is a valid catalogue entry with a unique id', () => {
    for (const { codes } of Object.values(LEGAL_CODE_PRESETS)) {
      for (const c of codes) expect(legalCodeSchema.safeParse(c).success, c.id).toBe(true);
      expect(new Set(codes.map((c) => c.id)).size).toBe(codes.length);
    }
  });
});
