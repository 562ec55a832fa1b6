import { CodedError } from '../../shared/coded-error';
import type { ReportSchedule } from '../../shared/api/methods/report-schedules';
import type { AuditLog } from '../store/audit';
import type { ReportScheduler } from '../reports/schedules/report-scheduler';
import { checkReportFolder } from '../reports/schedules/report-folders';
import { isValidTimeZone } from '../reports/schedules/schedule-time';
import type { DomainHandlers } from '../api-types';

/** What `schedules.*` needs: the scheduler (with its store), the allowed folders, the audit log. */
export interface ScheduleContext {
  scheduler: ReportScheduler;
  allowedFolders: readonly string[];
  audit: Pick<AuditLog, 'append'>;
  /** Runs the change and its audit entry in one transaction. */
  tx<T>(fn: () => T): T;
}

/** Refuses a schedule the scheduler could not run as asked, before it is stored. */
export function checkSchedule(s: ReportSchedule, allowedFolders: readonly string[]): void {
  if (!isValidTimeZone(s.timeZone))
    throw new CodedError('schedules.error.timeZone', `unknown time zone ${s.timeZone}`, {
      zone: s.timeZone,
    });
  if (s.saveToFolder) checkReportFolder(s.saveToFolder, allowedFolders);
  if (s.recipients.length && !s.emailChannelIds.length)
    throw new CodedError(
      'schedules.error.recipientsWithoutChannel',
      'extra recipients need an email channel to send through',
    );
  if (!s.saveToFolder && !s.emailChannelIds.length)
    throw new CodedError(
      'schedules.error.nowhere',
      'a schedule must save its files to a folder, email them, or both',
    );
}

/** Scheduled reports: list with next run, save, delete, run now, run history. Changes are audited. */
export function createScheduleHandlers(deps: ScheduleContext): DomainHandlers<'schedules'> {
  const { scheduler } = deps;
  const actor = (ctx: { session?: { username: string } }) => ctx.session?.username ?? 'local';
  return {
    'schedules.list': () => ({
      items: scheduler.store.list().map(({ schedule }) => {
        const nextRunAt = scheduler.nextRun(schedule);
        return { ...schedule, ...(nextRunAt !== undefined ? { nextRunAt } : {}) };
      }),
    }),
    'schedules.save': (schedule, ctx) => {
      checkSchedule(schedule, deps.allowedFolders);
      const who = actor(ctx);
      const existing = scheduler.store.get(schedule.id);
      deps.tx(() => {
        scheduler.store.save(schedule, who, scheduler.baseline(schedule));
        deps.audit.append(who, existing ? 'schedules.update' : 'schedules.create', schedule.id, {
          schedule,
        });
      });
      const nextRunAt = scheduler.nextRun(schedule);
      return { schedule, ...(nextRunAt !== undefined ? { nextRunAt } : {}) };
    },
    'schedules.delete': ({ id }, ctx) => {
      const deleted = deps.tx(() => {
        const gone = scheduler.store.delete(id);
        if (gone) deps.audit.append(actor(ctx), 'schedules.delete', id, {});
        return gone;
      });
      return { deleted };
    },
    'schedules.runNow': async ({ id }, ctx) => {
      const pending = scheduler.runNow(id);
      deps.tx(() => deps.audit.append(actor(ctx), 'schedules.runNow', id, {}));
      return { run: await pending };
    },
    'schedules.runs': (p) => ({ items: scheduler.store.runs(p) }),
  };
}
