import type Database from 'better-sqlite3';
import { ApiFailure } from '../../shared/api/envelope';
import type { ReportExportParams } from '../../shared/api/methods/report-schemas';
import { ExportJobs } from '../reports/export-jobs';
import { buildPeriodReport } from '../reports/period-report';
import {
  buildReportFile,
  checkExportParams,
  exportPlan,
  type ReportSources,
} from '../reports/report-exports';
import type { ControlRoomHost } from '../control-room-host';
import type { ConnectionContext, HandlerMap } from '../api-types';

export interface ReportHandlerDeps {
  /** The store's database; without it only the system report can be exported. */
  db?: Pick<Database.Database, 'prepare'>;
  /** The latest rule set of a camera (zone and line names come from it). */
  ruleSet?(cameraId: string): { data: unknown } | undefined;
}

/** Names of a camera's zones or lines from its latest rule set, best effort. */
function shapeName(
  deps: ReportHandlerDeps,
  cameraId: string,
  kind: 'zones' | 'lines',
  id: string,
): string | undefined {
  try {
    const data = deps.ruleSet?.(cameraId)?.data as
      Record<string, Array<{ id?: unknown; name?: unknown }> | undefined> | undefined;
    const shape = data?.[kind]?.find((s) => s.id === id);
    return typeof shape?.name === 'string' && shape.name !== id ? shape.name : undefined;
  } catch {
    return undefined;
  }
}

/** A user's jobs are theirs whatever window or tab asks; without users, the host's. */
const ownerOf = (ctx: ConnectionContext): string => ctx.session?.username ?? 'local';

/**
 * The reports view's data (`ui.reports.get`) and report exports: one-shot (`ui.reports.export`)
 * or as a job with determinate progress and cancel (`exportStart` / `exportStatus` /
 * `exportCancel`). The PDF's byline names the signed-in user, else the operator the UI sent.
 */
export function createReportHandlers(host: ControlRoomHost, deps: ReportHandlerDeps): HandlerMap {
  const jobs = new ExportJobs();
  const sources: ReportSources = {
    db: deps.db,
    names: {
      cameraName: (id) => host.cameras.get(id)?.name,
      zoneName: (cam, id) => shapeName(deps, cam, 'zones', id),
      lineName: (cam, id) => shapeName(deps, cam, 'lines', id),
    },
    system: () => {
      const statuses = new Map(host.cameraStatuses().map((s) => [s.cameraId, s]));
      return {
        cameras: host.cameras
          .list()
          .map((c) => ({ id: c.id, name: c.name, status: statuses.get(c.id)! })),
        workers: host.workerStates(),
      };
    },
  };
  const requireStore = () => {
    if (!deps.db)
      throw new ApiFailure(
        'ui.reports.noStore',
        'reports of infractions need the infraction store, which this host does not have',
      );
    return deps.db;
  };
  const start = (p: ReportExportParams, ctx: ConnectionContext): string => {
    if (p.kind !== 'system') requireStore();
    checkExportParams(p);
    const operator = ctx.session?.displayName ?? p.operator;
    return jobs.start(ownerOf(ctx), p.format, exportPlan(p), (progress, signal) =>
      buildReportFile(p, { operator, now: Date.now() }, sources, progress, signal),
    );
  };

  return {
    'ui.reports.get': (p) =>
      buildPeriodReport(
        requireStore(),
        { ...p, tzOffsetMinutes: p.tzOffsetMinutes ?? 0 },
        { now: Date.now(), ...sources.names },
      ),
    'ui.reports.export': async (p, ctx) =>
      jobs.wait(start(p as ReportExportParams, ctx), ownerOf(ctx)),
    'ui.reports.exportStart': (p, ctx) => ({ jobId: start(p as ReportExportParams, ctx) }),
    'ui.reports.exportStatus': ({ jobId }, ctx) => jobs.status(jobId, ownerOf(ctx)),
    'ui.reports.exportCancel': ({ jobId }, ctx) => ({
      cancelled: jobs.cancel(jobId, ownerOf(ctx)),
    }),
  };
}
