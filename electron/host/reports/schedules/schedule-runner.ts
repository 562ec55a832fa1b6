import { CodedError } from '../../../shared/coded-error';
import type { ReportSchedule, ScheduleRun } from '../../../shared/api/methods/report-schedules';
import type { ReportExportParams, ReportFile } from '../../../shared/api/methods/report-schemas';
import type { AnalyticsExportParams } from '../../../shared/api/methods/analytics-exports';
import { translate } from '../../../shared/i18n';
import { sendEmail, type EmailAttachment, type SmtpSettings } from '../../notify/email-transport';
import { ExportProgress } from '../export-jobs';
import { buildReportFile, exportPlan, type ReportSources } from '../report-exports';
import { periodBounds } from '../period-report';
import { saveReportFiles } from './report-folders';
import { reportPeriod } from './schedule-time';
import type { ScheduleStore } from './schedule-store';

/**
 * An email notification channel as scheduled reports need it: where to send through and to whom.
 * The notification channels store provides it (with the sealed password unsealed).
 */
export type EmailChannelLookup = (
  id: string,
) => Promise<{ smtp: SmtpSettings; to: string[] } | undefined>;

export interface ScheduleRunDeps {
  store: ScheduleStore;
  sources: ReportSources;
  emailChannel: EmailChannelLookup;
  allowedFolders: readonly string[];
  /** Builds an Analytics export (schedules that report `analytics`); absent: they fail. */
  analytics?: (p: AnalyticsExportParams) => Promise<ReportFile>;
  send?: typeof sendEmail;
  now: () => number;
}

/** What a failure says in the run history: its i18n code, then the exact detail. */
export function describeFailure(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown } | null;
  const message = err instanceof Error ? err.message : String(err);
  const code =
    err instanceof CodedError || (typeof e?.code === 'string' && /^[a-z]+\.[\w.]+$/.test(e.code))
      ? String(e!.code)
      : 'schedules.error.failed';
  return `${code}: ${message}`;
}

/**
 * The export params of each file of a run: every format, for all cameras or each chosen one, then
 * one more per chosen zone (that zone's figures only; a zone listed twice gives one file).
 */
export function runExports(schedule: ReportSchedule, dueAt: number): ReportExportParams[] {
  const period = reportPeriod(schedule, dueAt);
  const cameras = schedule.cameraIds.length ? schedule.cameraIds : [undefined];
  const seen = new Set<string>();
  const zones = schedule.zones.filter((z) => {
    const key = `${z.cameraId}\u0000${z.zoneId}`;
    return !seen.has(key) && !!seen.add(key);
  });
  const targets: Array<{ cameraId?: string; zoneId?: string }> = [
    ...cameras.map((cameraId) => (cameraId ? { cameraId } : {})),
    ...zones.map((z) => ({ cameraId: z.cameraId, zoneId: z.zoneId })),
  ];
  return schedule.formats.flatMap((format) =>
    targets.map((target): ReportExportParams => ({
      ...(period.from === period.to
        ? { kind: 'daily', date: period.from }
        : { kind: 'range', from: period.from, to: period.to }),
      format,
      tzOffsetMinutes: period.tzOffsetMinutes,
      ...target,
      includeList: true,
      locale: schedule.locale,
      operator: schedule.name,
    })),
  );
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The Analytics export params of each file of a run: one per format over the period that just
 * ended, hour by hour for a daily schedule and day by day otherwise, compared with the period of
 * the same length before; the schedule's cameras and zones filter it (none: every one).
 */
export function analyticsRunExports(
  schedule: ReportSchedule,
  dueAt: number,
): AnalyticsExportParams[] {
  const period = reportPeriod(schedule, dueAt);
  const { startMs, endMs } = periodBounds(period.from, period.to, period.tzOffsetMinutes);
  const zoneIds = [...new Set(schedule.zones.map((z) => z.zoneId))].slice(0, 64);
  return schedule.formats.map((format) => ({
    format,
    from: startMs,
    to: endMs,
    intervalMs: schedule.frequency === 'daily' ? HOUR_MS : DAY_MS,
    source: 'line',
    ...(schedule.cameraIds.length ? { cameraIds: schedule.cameraIds.slice(0, 64) } : {}),
    ...(zoneIds.length ? { zoneIds } : {}),
    tzOffsetMinutes: period.tzOffsetMinutes,
    locale: schedule.locale,
    operator: schedule.name,
  }));
}

/** The files of a run, built by the report exports or, for `analytics`, the Analytics export. */
async function buildRunFiles(
  deps: ScheduleRunDeps,
  schedule: ReportSchedule,
  dueAt: number,
): Promise<Array<{ file: ReportFile; p?: ReportExportParams }>> {
  const out: Array<{ file: ReportFile; p?: ReportExportParams }> = [];
  if (schedule.report === 'analytics') {
    const build = deps.analytics;
    if (!build)
      throw new CodedError(
        'schedules.error.noAnalytics',
        'analytics reports need the track history, which this host does not have',
      );
    for (const p of analyticsRunExports(schedule, dueAt)) out.push({ file: await build(p) });
    return out;
  }
  for (const p of runExports(schedule, dueAt)) {
    const file = await buildReportFile(
      p,
      { operator: schedule.name, now: deps.now() },
      deps.sources,
      new ExportProgress(exportPlan(p)),
      new AbortController().signal,
    );
    out.push({ file, p });
  }
  return out;
}

/** Two zones with the same names would write the same file: the later ones get their ids. */
function uniqueName(name: string, p: ReportExportParams | undefined, taken: Set<string>): string {
  let out = name;
  if (taken.has(out) && p?.zoneId) {
    const dot = name.lastIndexOf('.');
    out = `${name.slice(0, dot)}-${p.zoneId}${name.slice(dot)}`;
  }
  for (let i = 2; taken.has(out); i++) {
    const dot = name.lastIndexOf('.');
    out = `${name.slice(0, dot)}-${i}${name.slice(dot)}`;
  }
  taken.add(out);
  return out;
}

/**
 * One run of a schedule, recorded from start to end: builds the files with the report exports,
 * saves them in the schedule's folder, emails them through each chosen channel. Any failure is
 * recorded as the run's error; the function itself never throws.
 */
export async function executeRun(
  deps: ScheduleRunDeps,
  schedule: ReportSchedule,
  slot: { dueAt: number; late: boolean; manual: boolean },
): Promise<ScheduleRun> {
  const run = deps.store.startRun(schedule.id, slot.dueAt, slot.late, slot.manual);
  const files: Array<{ name: string; content: Buffer; mime: string }> = [];
  const taken = new Set<string>();
  try {
    for (const { file, p } of await buildRunFiles(deps, schedule, slot.dueAt)) {
      files.push({
        name: uniqueName(file.filename, p, taken),
        content: Buffer.from(file.base64, 'base64'),
        mime: file.mime,
      });
    }
    if (schedule.saveToFolder)
      await saveReportFiles(schedule.saveToFolder, deps.allowedFolders, files);
    await emailFiles(deps, schedule, slot.dueAt, files);
    return deps.store.finishRun(run.id, { state: 'done', files: listed(files) });
  } catch (err) {
    return deps.store.finishRun(run.id, {
      state: 'failed',
      files: listed(files),
      error: describeFailure(err),
    });
  }
}

const listed = (files: ReadonlyArray<{ name: string; content: Buffer }>) =>
  files.map((f) => ({ name: f.name, bytes: f.content.length }));

async function emailFiles(
  deps: ScheduleRunDeps,
  schedule: ReportSchedule,
  dueAt: number,
  files: ReadonlyArray<{ name: string; content: Buffer; mime: string }>,
): Promise<void> {
  if (!schedule.emailChannelIds.length) return;
  const period = reportPeriod(schedule, dueAt);
  const range = period.from === period.to ? period.from : `${period.from} – ${period.to}`;
  const attachments: EmailAttachment[] = files.map((f) => ({
    filename: f.name,
    content: f.content,
    contentType: f.mime,
  }));
  const send = deps.send ?? sendEmail;
  for (const channelId of schedule.emailChannelIds) {
    const channel = await deps.emailChannel(channelId);
    if (!channel)
      throw new CodedError(
        'schedules.error.channel',
        `email channel ${channelId} does not exist, is disabled or is not an email channel`,
        { channel: channelId },
      );
    const to = [...new Set([...channel.to, ...schedule.recipients])];
    await send(channel.smtp, {
      to,
      subject: translate(schedule.locale, 'schedules.mail.subject', {
        name: schedule.name,
        period: range,
      }),
      text: translate(schedule.locale, 'schedules.mail.body', {
        name: schedule.name,
        period: range,
        files: files.map((f) => f.name).join(', '),
      }),
      attachments,
    });
  }
}
