import type { ConnectionContext, DomainHandlers } from '../api-types';
import type { AnalyticsExportParams } from '../../shared/api/methods/analytics-exports';
import type { ReportFile } from '../../shared/api/methods/report-schemas';
import {
  analyticsReportDocument,
  comparedPeriod,
  writeAnalyticsFile,
  type AnalyticsNames,
} from '../reports/analytics-report';
import { createAnalyticsHandlers, type AnalyticsContext } from './analytics-handlers';

/**
 * Builds the Analytics view's export from the same `analytics.*` queries the view calls, so the
 * file shows what the screen shows.
 */
export async function buildAnalyticsExport(
  c: AnalyticsContext,
  p: AnalyticsExportParams,
  ctx: { operator?: string; now: number },
): Promise<ReportFile> {
  const q = createAnalyticsHandlers(c);
  const none: ConnectionContext = { connectionId: 'analytics-export', transport: 'ipc' };
  const base = {
    from: p.from,
    to: p.to,
    intervalMs: p.intervalMs,
    ...(p.cameraIds ? { cameraIds: p.cameraIds } : {}),
    ...(p.classLabels ? { classLabels: p.classLabels } : {}),
  };
  const zones = p.zoneIds ? { zoneIds: p.zoneIds } : {};
  const b = comparedPeriod(p);
  const dims = await q['analytics.dimensions']({}, none);
  const figures = {
    counts: await q['analytics.counts']({ ...base, source: p.source }, none),
    occupancy: await q['analytics.occupancy']({ ...base, ...zones }, none),
    dwell: await q['analytics.dwell']({ ...base, ...zones }, none),
    utilisation: await q['analytics.utilisation']({ ...base, ...zones }, none),
    inOut: await q['analytics.inOut'](
      { ...base, ...(p.lineIds ? { lineIds: p.lineIds } : {}), inDirection: 'left-to-right' },
      none,
    ),
    compare: await q['analytics.compare'](
      {
        a: { from: p.from, to: p.to },
        b,
        intervalMs: p.intervalMs,
        source: p.source,
        ...(p.cameraIds ? { cameraIds: p.cameraIds } : {}),
        ...(p.classLabels ? { classLabels: p.classLabels } : {}),
      },
      none,
    ),
    compareB: b,
  };
  const names: AnalyticsNames = {
    cameraName: (id) => dims.cameras.find((x) => x.id === id)?.name,
    zoneName: (id) => dims.cameras.flatMap((x) => x.zones).find((z) => z.id === id)?.name,
    lineName: (id) => dims.cameras.flatMap((x) => x.lines).find((l) => l.id === id)?.name,
  };
  const doc = analyticsReportDocument(
    p,
    figures,
    { locale: p.locale, operator: ctx.operator, generatedAt: ctx.now },
    names,
  );
  return writeAnalyticsFile(p, doc);
}

/** `analyticsExports.*`: the Analytics view's figures as CSV, XLSX or PDF. */
export function createAnalyticsExportHandlers(
  c: AnalyticsContext,
): DomainHandlers<'analyticsExports'> {
  return {
    'analyticsExports.export': (p, ctx) =>
      buildAnalyticsExport(c, p, {
        operator: ctx.session?.displayName ?? p.operator,
        now: Date.now(),
      }),
  };
}
