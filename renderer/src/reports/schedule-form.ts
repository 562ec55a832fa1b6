import {
  reportScheduleSchema,
  type ReportSchedule,
  type ScheduleRun,
  type ScheduleZone,
} from '../../../electron/shared/api/methods/report-schedules';
import type { ReportFormat } from '../../../electron/shared/api/methods/report-schemas';
import type { MessageKey, Translator } from '../../../electron/shared/i18n';

/** The schedule form's fields as the inputs hold them (lists as comma-separated text). */
export interface ScheduleForm {
  id: string;
  name: string;
  enabled: boolean;
  frequency: ReportSchedule['frequency'];
  at: string;
  weekday: number;
  monthDay: number;
  timeZone: string;
  formats: ReportFormat[];
  cameraIds: string[];
  /** Zones of the chosen cameras (of every camera while none is chosen), one file each. */
  zones: ScheduleZone[];
  locale: 'es' | 'en';
  emailChannelIds: string[];
  recipients: string;
  saveToFolder: string;
  /** What the files report: infractions or the Analytics view's figures. */
  report: ReportSchedule['report'];
}

/** The zone of this workstation, which a new schedule starts in. */
export function localTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'America/Lima';
  } catch {
    return 'America/Lima';
  }
}

export function blankScheduleForm(timeZone = localTimeZone()): ScheduleForm {
  return {
    id: '',
    name: '',
    enabled: true,
    frequency: 'daily',
    at: '07:00',
    weekday: 1,
    monthDay: 1,
    timeZone,
    formats: ['pdf'],
    cameraIds: [],
    zones: [],
    locale: 'es',
    emailChannelIds: [],
    recipients: '',
    saveToFolder: '',
    report: 'infractions',
  };
}

export function scheduleFormOf(s: ReportSchedule): ScheduleForm {
  return {
    id: s.id,
    name: s.name,
    enabled: s.enabled,
    frequency: s.frequency,
    at: s.at,
    weekday: s.weekday,
    monthDay: s.monthDay,
    timeZone: s.timeZone,
    formats: [...s.formats],
    cameraIds: [...s.cameraIds],
    zones: s.zones.map((z) => ({ ...z })),
    locale: s.locale,
    emailChannelIds: [...s.emailChannelIds],
    recipients: s.recipients.join(', '),
    saveToFolder: s.saveToFolder ?? '',
    report: s.report,
  };
}

/** A zone a schedule can report on, with the names the form shows. */
export interface ZoneChoice extends ScheduleZone {
  label: string;
}

/**
 * The zones the form offers: those of the chosen cameras (of every camera while none is chosen),
 * from each camera's saved rule set, in camera order.
 */
export function zoneChoices(
  cameras: ReadonlyArray<{ id: string; name: string }>,
  cameraIds: readonly string[],
  zonesOf: (cameraId: string) => ReadonlyArray<{ id: string; name?: string }> | undefined,
  label: (zone: string, camera: string) => string,
): ZoneChoice[] {
  return cameras
    .filter((c) => !cameraIds.length || cameraIds.includes(c.id))
    .flatMap((c) =>
      (zonesOf(c.id) ?? []).map((z) => ({
        cameraId: c.id,
        zoneId: z.id,
        label: label(z.name || z.id, c.name || c.id),
      })),
    );
}

const sameZone = (a: ScheduleZone, b: ScheduleZone) =>
  a.cameraId === b.cameraId && a.zoneId === b.zoneId;

/** The chosen zones with `zone` added (`on`) or removed, each zone once. */
export function toggleZone(zones: readonly ScheduleZone[], zone: ScheduleZone, on: boolean) {
  const rest = zones.filter((z) => !sameZone(z, zone));
  return on ? [...rest, { cameraId: zone.cameraId, zoneId: zone.zoneId }] : rest;
}

/** The zones that still belong to the chosen cameras (all of them while none is chosen), once. */
export function zonesOfCameras(
  zones: readonly ScheduleZone[],
  cameraIds: readonly string[],
): ScheduleZone[] {
  const out: ScheduleZone[] = [];
  for (const z of zones)
    if ((!cameraIds.length || cameraIds.includes(z.cameraId)) && !out.some((o) => sameZone(o, z)))
      out.push({ cameraId: z.cameraId, zoneId: z.zoneId });
  return out;
}

/** The form with another camera list; zones of cameras no longer chosen are dropped. */
export function withCameras(f: ScheduleForm, cameraIds: string[]): ScheduleForm {
  return { ...f, cameraIds, zones: zonesOfCameras(f.zones, cameraIds) };
}

/** A readable id from the name, for a new schedule ("Diario Operación" → "diario-operacion"). */
export function slugId(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

const splitList = (s: string) =>
  s
    .split(/[,;\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type FormProblem = { key: MessageKey; params?: Record<string, string> };

/** The schedule the form describes, or the first problem to show the operator. */
export function buildSchedule(
  f: ScheduleForm,
): { ok: true; schedule: ReportSchedule } | { ok: false; problem: FormProblem } {
  const id = f.id.trim() || slugId(f.name);
  if (!f.name.trim()) return { ok: false, problem: { key: 'schedules.form.nameRequired' } };
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(id) || id.length > 64)
    return { ok: false, problem: { key: 'schedules.form.idInvalid' } };
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(f.at))
    return { ok: false, problem: { key: 'schedules.form.atInvalid' } };
  if (!f.formats.length) return { ok: false, problem: { key: 'schedules.form.formatRequired' } };
  const recipients = splitList(f.recipients);
  const bad = recipients.find((r) => !EMAIL.test(r));
  if (bad)
    return {
      ok: false,
      problem: { key: 'schedules.form.recipientInvalid', params: { address: bad } },
    };
  if (!f.saveToFolder.trim() && !f.emailChannelIds.length)
    return { ok: false, problem: { key: 'schedules.error.nowhere' } };
  if (recipients.length && !f.emailChannelIds.length)
    return { ok: false, problem: { key: 'schedules.error.recipientsWithoutChannel' } };
  const parsed = reportScheduleSchema.safeParse({
    id,
    name: f.name.trim(),
    enabled: f.enabled,
    frequency: f.frequency,
    report: f.report,
    at: f.at,
    weekday: f.weekday,
    monthDay: f.monthDay,
    timeZone: f.timeZone.trim(),
    formats: ['pdf', 'xlsx', 'csv'].filter((x) => f.formats.includes(x as ReportFormat)),
    cameraIds: f.cameraIds,
    zones: zonesOfCameras(f.zones, f.cameraIds),
    locale: f.locale,
    emailChannelIds: f.emailChannelIds,
    recipients,
    ...(f.saveToFolder.trim() ? { saveToFolder: f.saveToFolder.trim() } : {}),
  });
  if (!parsed.success) return { ok: false, problem: { key: 'schedules.error.failed' } };
  return { ok: true, schedule: parsed.data };
}

/** "Every Monday at 07:00" in the operator's language. */
export function describeWhen(
  t: Translator,
  s: Pick<ReportSchedule, 'frequency' | 'at' | 'weekday' | 'monthDay'>,
): string {
  if (s.frequency === 'daily') return t('schedules.when.daily', { at: s.at });
  if (s.frequency === 'weekly')
    return t('schedules.when.weekly', {
      at: s.at,
      weekday: t(`schedules.weekday.${s.weekday}` as MessageKey),
    });
  return t('schedules.when.monthly', { at: s.at, day: s.monthDay });
}

/** A run's error as the host records it ("code: detail"), split for translation. */
export function splitRunError(error: string | undefined): { code: string; message: string } {
  if (!error) return { code: '', message: '' };
  const m = /^([a-z]+\.[\w.]+): ([\s\S]*)$/.exec(error);
  return m ? { code: m[1], message: m[2] } : { code: 'schedules.error.failed', message: error };
}

export function runStateKey(run: ScheduleRun): MessageKey {
  return `schedules.state.${run.state}`;
}
