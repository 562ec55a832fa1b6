import { describe, expect, it } from 'vitest';
import {
  dateOrder,
  datePlaceholder,
  formatDateField,
  parseDateField,
} from '../../../../renderer/src/app/locale-date';

const ES = 'es-PE';
const EN = 'en-US';
const letters = (year: string) => ({ day: 'dd', month: 'mm', year, hour: 'hh', minute: 'mm' });

describe('dates in the locale’s format', () => {
  it('knows each locale’s order and writes its placeholder', () => {
    expect(dateOrder(ES)).toEqual({ order: ['day', 'month', 'year'], sep: '/' });
    expect(dateOrder(EN)).toEqual({ order: ['month', 'day', 'year'], sep: '/' });
    expect(datePlaceholder(ES, 'datetime', letters('aaaa'))).toBe('dd/mm/aaaa hh:mm');
    expect(datePlaceholder(EN, 'date', letters('yyyy'))).toBe('mm/dd/yyyy');
    expect(datePlaceholder(ES, 'time', letters('aaaa'))).toBe('hh:mm');
  });

  it('shows the native value in the locale’s order, 24 h', () => {
    expect(formatDateField('2026-12-31T18:30', ES, 'datetime')).toBe('31/12/2026 18:30');
    expect(formatDateField('2026-12-31T18:30', EN, 'datetime')).toBe('12/31/2026 18:30');
    expect(formatDateField('2026-03-04', ES, 'date')).toBe('04/03/2026');
    expect(formatDateField('', ES, 'date')).toBe('');
    expect(formatDateField('07:05', EN, 'time')).toBe('07:05');
  });

  it('reads what was typed back to the native value, and refuses what is not a date', () => {
    expect(parseDateField('31/12/2026 18:30', ES, 'datetime')).toBe('2026-12-31T18:30');
    expect(parseDateField('12/31/2026 18:30', EN, 'datetime')).toBe('2026-12-31T18:30');
    expect(parseDateField('4/3/2026', ES, 'date')).toBe('2026-03-04');
    expect(parseDateField('4/3/2026', EN, 'date')).toBe('2026-04-03');
    expect(parseDateField('31/12/2026', ES, 'datetime')).toBe('2026-12-31T00:00');
    expect(parseDateField('2026-12-31', EN, 'date')).toBe('2026-12-31');
    expect(parseDateField('7.05', ES, 'time')).toBe('07:05');
    for (const bad of ['31/02/2026', '12/31/2026', '1/1/26', 'mañana', '31/12/2026 24:00'])
      expect(parseDateField(bad, ES, bad.includes(' ') ? 'datetime' : 'date')).toBeUndefined();
    expect(parseDateField('31/12/2026 10:00', ES, 'date')).toBeUndefined();
    expect(parseDateField('25:00', ES, 'time')).toBeUndefined();
    // Round trip in both languages.
    for (const tag of [ES, EN])
      expect(
        parseDateField(formatDateField('2027-01-09T09:07', tag, 'datetime'), tag, 'datetime'),
      ).toBe('2027-01-09T09:07');
  });
});
