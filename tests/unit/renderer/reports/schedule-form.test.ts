import { describe, expect, it } from 'vitest';
import {
  blankScheduleForm,
  buildSchedule,
  describeWhen,
  scheduleFormOf,
  slugId,
  splitRunError,
} from '../../../../renderer/src/reports/schedule-form';
import { translator } from '../../../../electron/shared/i18n';

describe('schedule form', () => {
  const filled = {
    ...blankScheduleForm('America/Lima'),
    name: 'Diario Operación',
    emailChannelIds: ['ops'],
    recipients: 'jefe@example.org, sala@example.org',
    formats: ['xlsx' as const, 'pdf' as const],
  };

  it('builds a schedule with an id from the name and the formats in a fixed order', () => {
    const r = buildSchedule(filled);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.schedule).toMatchObject({
      id: 'diario-operacion',
      formats: ['pdf', 'xlsx'],
      recipients: ['jefe@example.org', 'sala@example.org'],
      timeZone: 'America/Lima',
    });
    expect(r.schedule.saveToFolder).toBeUndefined();
    expect(scheduleFormOf(r.schedule)).toMatchObject({
      id: 'diario-operacion',
      recipients: 'jefe@example.org, sala@example.org',
      saveToFolder: '',
    });
  });

  it('names the first problem', () => {
    const problem = (f: Partial<typeof filled>) => {
      const r = buildSchedule({ ...filled, ...f });
      return r.ok ? undefined : r.problem;
    };
    expect(problem({ name: ' ' })?.key).toBe('schedules.form.nameRequired');
    expect(problem({ id: 'Bad Id' })?.key).toBe('schedules.form.idInvalid');
    expect(problem({ formats: [] })?.key).toBe('schedules.form.formatRequired');
    expect(problem({ at: '25:00' })?.key).toBe('schedules.form.atInvalid');
    expect(problem({ recipients: 'nobody' })).toEqual({
      key: 'schedules.form.recipientInvalid',
      params: { address: 'nobody' },
    });
    expect(problem({ emailChannelIds: [], recipients: '' })?.key).toBe('schedules.error.nowhere');
    expect(problem({ emailChannelIds: [], saveToFolder: '/srv/r' })?.key).toBe(
      'schedules.error.recipientsWithoutChannel',
    );
  });

  it('says when it runs and splits run errors', () => {
    const es = translator('es');
    const en = translator('en');
    expect(describeWhen(es, { frequency: 'weekly', at: '07:00', weekday: 1, monthDay: 1 })).toBe(
      'Cada lunes a las 07:00',
    );
    expect(describeWhen(en, { frequency: 'monthly', at: '06:30', weekday: 1, monthDay: 31 })).toBe(
      'On day 31 of every month at 06:30',
    );
    expect(slugId('  Semanal — Tránsito ')).toBe('semanal-transito');
    expect(splitRunError('notify.error.auth: 535 bad credentials')).toEqual({
      code: 'notify.error.auth',
      message: '535 bad credentials',
    });
    expect(splitRunError('boom')).toEqual({ code: 'schedules.error.failed', message: 'boom' });
  });
});
