import { CodedError } from '../../shared/coded-error';
import type Database from 'better-sqlite3';
import type { CameraStatus } from '../../shared/config/camera';
import type { WorkerStateInfo } from '../../shared/api/methods/system';
import type { ReportExportParams, ReportFile } from '../../shared/api/methods/report-schemas';
import type { ExportProgress, STAGE_WEIGHTS } from './export-jobs';
import { buildPeriodReport, periodBounds, type PeriodReportOptions } from './period-report';
import {
  periodReportDocument,
  systemReportDocument,
  type ListedInfraction,
  type ReportDocument,
} from './report-document';
import { REPORT_MIME, writeReport } from './writers';

type Db = Pick<Database.Database, 'prepare'>;
type WorkStage = keyof typeof STAGE_WEIGHTS;

/** Most rows of the per-infraction list in each format (a PDF page holds about 50). */
export const LIST_MAX = { csv: 50_000, xlsx: 50_000, pdf: 2_000 } as const;
const LIST_PAGE = 1_000;

/** Where a report's figures come from on this host. */
export interface ReportSources {
  /** The store's database; absent on a host without a store (only the system report then). */
  db?: Db;
  names?: Pick<PeriodReportOptions, 'cameraName' | 'zoneName' | 'lineName'>;
  system(): {
    cameras: Array<{ id: string; name: string; status: CameraStatus }>;
    workers: WorkerStateInfo[];
  };
}

/** The stages an export goes through, for its progress. */
export function exportPlan(p: Pick<ReportExportParams, 'kind' | 'includeList'>): WorkStage[] {
  if (p.kind === 'system') return ['query', 'write', 'package'];
  return ['query', 'plates', ...(p.includeList ? (['list'] as const) : []), 'write', 'package'];
}

/** The period an export covers, checked: `daily` is one `date`, `range` is `from`–`to`. */
export function exportPeriod(p: ReportExportParams): { from: string; to: string } {
  if (p.kind === 'daily') {
    if (!p.date) throw new CodedError('ui.reports.noDate', 'a daily report needs a date');
    return { from: p.date, to: p.date };
  }
  if (!p.from || !p.to)
    throw new CodedError('ui.reports.noRange', 'a range report needs from and to dates');
  return { from: p.from, to: p.to };
}

/** A camera or zone name as part of a file name: letters, digits and dashes only. */
export function fileSlug(name: string): string {
  return (
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'x'
  );
}

/**
 * Builds one report file, reporting progress stage by stage and stopping when `signal` aborts.
 * The byline names `operator` and the time of generation.
 */
export async function buildReportFile(
  p: ReportExportParams,
  ctx: { operator?: string; now: number },
  src: ReportSources,
  progress: ExportProgress,
  signal: AbortSignal,
): Promise<ReportFile> {
  const meta = { locale: p.locale ?? 'es', operator: ctx.operator, generatedAt: ctx.now } as const;
  const checkpoint = async () => {
    await new Promise<void>((r) => setImmediate(r));
    signal.throwIfAborted();
  };
  let doc: ReportDocument;
  let base: string;
  progress.enter('query');
  if (p.kind === 'system') {
    const { cameras, workers } = src.system();
    doc = systemReportDocument(cameras, workers, meta);
    base = `watcher-system-${new Date(ctx.now).toISOString().slice(0, 19).replace(/[:T]/g, '-')}`;
  } else {
    if (!src.db)
      throw new CodedError(
        'ui.reports.noStore',
        'reports of infractions need the infraction store, which this host does not have',
      );
    const { from, to } = exportPeriod(p);
    const tz = p.tzOffsetMinutes ?? 0;
    const report = await buildPeriodReport(
      src.db,
      {
        from,
        to,
        tzOffsetMinutes: tz,
        ...(p.cameraId ? { cameraId: p.cameraId } : {}),
        ...(p.zoneId ? { zoneId: p.zoneId } : {}),
      },
      {
        now: ctx.now,
        ...src.names,
        checkpoint,
        onPlates: async (done, total) => {
          if (progress.stage !== 'plates') progress.enter('plates', total);
          progress.update(done, total);
          await checkpoint();
        },
      },
    );
    if (progress.stage !== 'plates') progress.enter('plates', 0);
    let list: { rows: ListedInfraction[]; total: number } | undefined;
    if (p.includeList) {
      list = await listInfractions(
        src.db,
        { startMs: report.startMs, endMs: report.endMs, cameraId: p.cameraId, zoneId: p.zoneId },
        LIST_MAX[p.format],
        progress,
        checkpoint,
      );
    }
    doc = periodReportDocument(report, {
      ...meta,
      ...(list ? { list: list.rows, listTotal: list.total, listMax: LIST_MAX[p.format] } : {}),
    });
    const cam = p.zoneId
      ? `-${fileSlug(src.names?.cameraName?.(p.cameraId!) ?? p.cameraId!)}-${fileSlug(report.zoneName ?? p.zoneId)}`
      : p.cameraId
        ? `-${p.cameraId}`
        : '';
    base =
      from === to && p.kind === 'daily'
        ? `watcher-daily-${from}${cam}`
        : `watcher-report-${from}_${to}${cam}`;
  }
  progress.enter('write');
  const bytes = await writeReport(doc, p.format, {
    signal,
    onRows: (done, total) => progress.update(done, total),
    onPackage: () => progress.enter('package'),
  });
  return {
    filename: `${base}.${p.format}`,
    mime: REPORT_MIME[p.format],
    base64: bytes.toString('base64'),
    bytes: bytes.length,
  };
}

/**
 * One row per infraction of the period, oldest first, read a page at a time (the event loop gets
 * a turn between pages; no statement stays open across them).
 */
export async function listInfractions(
  db: Db,
  q: { startMs: number; endMs: number; cameraId?: string; zoneId?: string },
  max: number,
  progress: ExportProgress,
  checkpoint: () => Promise<void>,
): Promise<{ rows: ListedInfraction[]; total: number }> {
  const cam = (q.cameraId ? ' AND camera_id = ?' : '') + (q.zoneId ? ' AND zone_id = ?' : '');
  const camArg = [...(q.cameraId ? [q.cameraId] : []), ...(q.zoneId ? [q.zoneId] : [])];
  const { n: total } = db
    .prepare(
      `SELECT COUNT(*) AS n FROM infractions WHERE occurred_at >= ? AND occurred_at < ?${cam}`,
    )
    .get(q.startMs, q.endMs, ...camArg) as { n: number };
  const want = Math.min(total, max);
  progress.enter('list', want);
  const page = db.prepare(
    `SELECT id, occurred_at, camera_id, zone_id, type, status, plate_text, plate_state, measured_json,
            speed_excess, confidence, decided_by, reason
     FROM infractions WHERE occurred_at >= ? AND occurred_at < ?${cam}
       AND (occurred_at > ? OR (occurred_at = ? AND id > ?))
     ORDER BY occurred_at, id LIMIT ?`,
  );
  type Row = {
    id: string;
    occurred_at: number;
    camera_id: string;
    zone_id: string | null;
    type: string;
    status: string;
    plate_text: string | null;
    plate_state: string | null;
    measured_json: string;
    speed_excess: number | null;
    confidence: number;
    decided_by: string | null;
    reason: string | null;
  };
  const rows: ListedInfraction[] = [];
  let after = { at: q.startMs - 1, id: '' };
  while (rows.length < want) {
    const batch = page.all(
      q.startMs,
      q.endMs,
      ...camArg,
      after.at,
      after.at,
      after.id,
      Math.min(LIST_PAGE, want - rows.length),
    ) as Row[];
    if (!batch.length) break;
    for (const r of batch) {
      let measured: Record<string, number> = {};
      try {
        measured = JSON.parse(r.measured_json) as Record<string, number>;
      } catch {
        // A row written by a broken client: listed without measurements.
      }
      rows.push({
        occurredAt: r.occurred_at,
        cameraId: r.camera_id,
        ...(r.zone_id ? { zoneId: r.zone_id } : {}),
        type: r.type,
        status: r.status,
        ...(r.plate_text ? { plate: r.plate_text } : {}),
        ...(r.plate_state ? { plateState: r.plate_state } : {}),
        ...(typeof measured.speedKmh === 'number' ? { speedKmh: measured.speedKmh } : {}),
        ...(typeof measured.limitKmh === 'number' ? { limitKmh: measured.limitKmh } : {}),
        ...(r.speed_excess !== null ? { excessKmh: r.speed_excess } : {}),
        confidence: r.confidence,
        ...(r.decided_by ? { reviewer: r.decided_by } : {}),
        ...(r.reason ? { reason: r.reason } : {}),
        id: r.id,
      });
    }
    const last = batch[batch.length - 1];
    after = { at: last.occurred_at, id: last.id };
    progress.update(rows.length, want);
    await checkpoint();
  }
  return { rows, total };
}

/** Checks a period before a job starts, so a bad range fails the start call, not the job. */
export function checkExportParams(p: ReportExportParams): void {
  if (p.kind === 'system') return;
  if (p.zoneId && !p.cameraId)
    throw new CodedError('reports.error.zoneNeedsCamera', 'a zone filter needs its camera', {
      zone: p.zoneId,
    });
  const { from, to } = exportPeriod(p);
  periodBounds(from, to, p.tzOffsetMinutes ?? 0);
}
