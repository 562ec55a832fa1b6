import { CodedError } from '../../shared/coded-error';
import type Database from 'better-sqlite3';
import type { ReportExportParams } from '../../shared/api/methods/report-schemas';
import { ExportJobs } from '../reports/export-jobs';
import { buildPeriodReport } from '../reports/period-report';
import {
  buildReportFile,
  checkExportParams,
  exportPlan,
  type ReportSources,
} from '../reports/report-exports';
import type { CameraStatus } from '../../shared/config/camera';
import type { WorkerStateInfo } from '../../shared/api/methods/system';
import type { CameraRegistry } from '../cameras/camera-registry';
import type { ConnectionContext, DomainHandlers } from '../api-types';

/** What `reports.*` needs: the store's database, names of cameras and shapes, the system state. */
export interface ReportContext {
  /** The store's database; without it only the system report can be exported. */
  db?: Pick<Database.Database, 'prepare'>;
  /** The latest rule set of a camera (zone and line names come from it). */
  ruleSet?(cameraId: string): { data: unknown } | undefined;
  cameras: Pick<CameraRegistry, 'list' | 'get'>;
  statuses(): CameraStatus[];
  workerStates(): WorkerStateInfo[];
}

/** Names of a camera's zones or lines from its latest rule set, best effort. */
function shapeName(
  deps: ReportContext,
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

/** Where reports read their figures and names on this host (scheduled reports use it too). */
export function reportSources(deps: ReportContext): ReportSources {
  return {
    db: deps.db,
    names: {
      cameraName: (id) => deps.cameras.get(id)?.name,
      zoneName: (cam, id) => shapeName(deps, cam, 'zones', id),
      lineName: (cam, id) => shapeName(deps, cam, 'lines', id),
    },
    system: () => {
      const statuses = new Map(deps.statuses().map((s) => [s.cameraId, s]));
      return {
        cameras: deps.cameras
          .list()
          .map((c) => ({ id: c.id, name: c.name, status: statuses.get(c.id)! })),
        workers: deps.workerStates(),
      };
    },
  };
}

/** A user's jobs are theirs whatever window or tab asks; without users, the host's. */
const ownerOf = (ctx: ConnectionContext): string => ctx.session?.username ?? 'local';

/**
 * The reports view's data (`reports.get`) and report exports: one-shot (`reports.export`)
 * or as a job with determinate progress and cancel (`exportStart` / `exportStatus` /
 * `exportCancel`). The PDF's byline names the signed-in user, else the operator the UI sent.
 */
export function createReportHandlers(deps: ReportContext): DomainHandlers<'reports'> {
  const jobs = new ExportJobs();
  const sources = reportSources(deps);
  const requireStore = () => {
    if (!deps.db)
      throw new CodedError(
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
    'reports.get': (p) =>
      buildPeriodReport(requireStore(), p, { now: Date.now(), ...sources.names }),
    'reports.export': async (p, ctx) => jobs.wait(start(p, ctx), ownerOf(ctx)),
    'reports.exportStart': (p, ctx) => ({ jobId: start(p, ctx) }),
    'reports.exportStatus': ({ jobId }, ctx) => jobs.status(jobId, ownerOf(ctx)),
    'reports.exportCancel': ({ jobId }, ctx) => ({
      cancelled: jobs.cancel(jobId, ownerOf(ctx)),
    }),
  };
}
