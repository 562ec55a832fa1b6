import type { ApiResult } from '../../shared/api/contract';
import type { AnalyticsExportParams } from '../../shared/api/methods/analytics-exports';
import type { ReportFile } from '../../shared/api/methods/report-schemas';
import { translator } from '../../shared/i18n';
import {
  byline,
  type ReportDocument,
  type ReportMeta,
  type ReportSection,
} from './report-document';
import { REPORT_MIME, writeReport } from './writers';

/** The figures of the Analytics view, as its API returns them. */
export interface AnalyticsFigures {
  counts: ApiResult<'analytics.counts'>;
  occupancy: ApiResult<'analytics.occupancy'>;
  dwell: ApiResult<'analytics.dwell'>;
  utilisation: ApiResult<'analytics.utilisation'>;
  inOut: ApiResult<'analytics.inOut'>;
  compare: ApiResult<'analytics.compare'>;
  /** The compared period B (A is the exported period). */
  compareB: { from: number; to: number };
}

export interface AnalyticsNames {
  cameraName?(id: string): string | undefined;
  zoneName?(id: string): string | undefined;
  lineName?(id: string): string | undefined;
}

/** A time of the file, in the operator's offset: `2026-01-12 08:15` (sorts and reads everywhere). */
export function fileTime(ms: number, tzOffsetMinutes: number): string {
  return new Date(ms + tzOffsetMinutes * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/** The period compared with an export's: `compareFrom` or the same length just before. */
export function comparedPeriod(p: Pick<AnalyticsExportParams, 'from' | 'to' | 'compareFrom'>): {
  from: number;
  to: number;
} {
  const len = p.to - p.from;
  const from = p.compareFrom ?? p.from - len;
  return { from, to: from + len };
}

/**
 * The Analytics view as a report document: one table per chart (counts per class per interval,
 * occupancy, dwell distribution, utilisation, people in/out, period comparison) and bar charts
 * of the totals, so CSV, XLSX and PDF carry the same figures as the screen.
 */
export function analyticsReportDocument(
  p: Pick<
    AnalyticsExportParams,
    'from' | 'to' | 'intervalMs' | 'cameraIds' | 'classLabels' | 'tzOffsetMinutes'
  >,
  f: AnalyticsFigures,
  meta: ReportMeta,
  names: AnalyticsNames = {},
): ReportDocument {
  const t = translator(meta.locale);
  const tz = p.tzOffsetMinutes ?? 0;
  const at = (ms: number) => fileTime(ms, tz);
  // `*` is the site-wide roll-up the queries read when every camera is asked for.
  const cam = (id: string) =>
    id === '*' ? t('analyticsExport.allCameras') : (names.cameraName?.(id) ?? id);
  const zone = (id: string) => names.zoneName?.(id) ?? id;
  const key = (id: string) => names.lineName?.(id) ?? names.zoneName?.(id) ?? id;
  // Own words, not the view's arrows: the PDF's standard fonts have no arrow glyph.
  const dir = (d: string | null) =>
    d === 'left-to-right' || d === 'right-to-left' ? t(`analyticsExport.direction.${d}`) : '';
  const sign = tz < 0 ? '-' : '+';
  const tzText = `UTC${sign}${String(Math.floor(Math.abs(tz) / 60)).padStart(2, '0')}:${String(Math.abs(tz) % 60).padStart(2, '0')}`;

  const sections: ReportSection[] = [
    {
      title: t('analyticsExport.summary'),
      columns: [t('analyticsExport.field'), t('analyticsExport.value')],
      rows: [
        [
          t('analyticsExport.cameras'),
          p.cameraIds?.map(cam).join(', ') ?? t('analyticsExport.allCameras'),
        ],
        [
          t('analyticsExport.classes'),
          p.classLabels?.join(', ') ?? t('analyticsExport.allClasses'),
        ],
        [t('analyticsExport.interval'), p.intervalMs / 60_000],
        [t('analyticsExport.timezone'), tzText],
      ],
    },
    {
      title: t('analyticsExport.counts'),
      columns: [
        t('analyticsExport.time'),
        t('analyticsExport.camera'),
        t('analyticsExport.key'),
        t('analyticsExport.class'),
        t('analyticsExport.direction'),
        t('analyticsExport.count'),
      ],
      widths: [3, 3, 3, 2, 3, 2],
      rows: f.counts.map((r) => [
        at(r.bucket),
        cam(r.cameraId),
        key(r.key),
        r.classLabel,
        dir(r.direction),
        r.count,
      ]),
    },
    {
      title: t('analyticsExport.occupancy'),
      columns: [
        t('analyticsExport.time'),
        t('analyticsExport.zone'),
        t('analyticsExport.class'),
        t('analyticsExport.mean'),
      ],
      rows: f.occupancy.map((r) => [at(r.bucket), zone(r.zoneId), r.classLabel, round(r.mean, 2)]),
    },
    {
      title: t('analyticsExport.dwell'),
      note: t('analyticsExport.dwellNote'),
      columns: [t('analyticsExport.bin'), ...f.dwell.byClass.map((c) => c.classLabel)],
      rows: f.dwell.edgesMs.concat([Infinity]).map((edge, i) => [
        edge === Infinity
          ? t('analyticsExport.longer', {
              limit: `${f.dwell.edgesMs[f.dwell.edgesMs.length - 1] / 1000} s`,
            })
          : `< ${edge / 1000} s`,
        ...f.dwell.byClass.map((c) => c.bins[i] ?? 0),
      ]),
    },
    {
      title: t('analyticsExport.dwellSummary'),
      columns: [
        t('analyticsExport.class'),
        t('analyticsExport.visits'),
        t('analyticsExport.meanS'),
        t('analyticsExport.maxS'),
      ],
      rows: f.dwell.byClass.map((c) => [
        c.classLabel,
        c.visits,
        round(c.meanMs / 1000, 1),
        round(c.maxMs / 1000, 1),
      ]),
    },
    {
      title: t('analyticsExport.utilisation'),
      columns: [t('analyticsExport.time'), t('analyticsExport.zone'), t('analyticsExport.share')],
      rows: f.utilisation.map((r) => [at(r.bucket), zone(r.zoneId), round(r.share * 100, 1)]),
    },
    {
      title: t('analyticsExport.inOut'),
      columns: [
        t('analyticsExport.time'),
        t('analyticsExport.in'),
        t('analyticsExport.out'),
        t('analyticsExport.inside'),
      ],
      rows: f.inOut.map((r) => [at(r.bucket), r.in, r.out, r.inside]),
    },
    {
      title: t('analyticsExport.compare'),
      note: t('analyticsExport.compareNote', {
        a: `${at(p.from)} – ${at(p.to)}`,
        b: `${at(f.compareB.from)} – ${at(f.compareB.to)}`,
      }),
      columns: [
        t('analyticsExport.class'),
        t('analyticsExport.periodA'),
        t('analyticsExport.periodB'),
        t('analyticsExport.change'),
      ],
      rows: f.compare.totals.map((r) => [
        r.classLabel,
        r.a,
        r.b,
        r.b === 0 ? '' : round(((r.a - r.b) / r.b) * 100, 1),
      ]),
    },
    {
      title: `${t('analyticsExport.compare')} · ${t('analyticsExport.offset')}`,
      columns: [
        t('analyticsExport.offset'),
        t('analyticsExport.periodA'),
        t('analyticsExport.periodB'),
      ],
      rows: f.compare.series.map((r) => [round(r.offsetMs / 3_600_000, 2), r.a, r.b]),
    },
  ];

  const perClass = new Map<string, number>();
  for (const r of f.counts) perClass.set(r.classLabel, (perClass.get(r.classLabel) ?? 0) + r.count);
  const classes = [...perClass.keys()].sort();
  return {
    title: t('analyticsExport.title', { from: at(p.from), to: at(p.to) }),
    byline: byline(meta),
    charts: [
      ...(classes.length
        ? [
            {
              title: t('analyticsExport.countsChart'),
              labels: classes,
              values: classes.map((c) => perClass.get(c)!),
            },
          ]
        : []),
      ...(f.compare.totals.length
        ? [
            {
              title: `${t('analyticsExport.compare')} (${t('analyticsExport.periodA')})`,
              labels: f.compare.totals.map((r) => r.classLabel),
              values: f.compare.totals.map((r) => r.a),
            },
          ]
        : []),
    ],
    sections,
  };
}

/** Most rows of one table in each format (a PDF page holds about 50; a sheet stays usable). */
export const ANALYTICS_ROWS_MAX = { csv: 100_000, xlsx: 100_000, pdf: 2_000 } as const;

/** The document with each table cut to `max` rows, saying so under its title. */
export function capSections(
  doc: ReportDocument,
  max: number,
  locale: ReportMeta['locale'],
): ReportDocument {
  const t = translator(locale);
  return {
    ...doc,
    sections: doc.sections.map((s) =>
      s.rows.length <= max
        ? s
        : {
            ...s,
            note: [s.note, t('analyticsExport.capped', { shown: max, total: s.rows.length })]
              .filter(Boolean)
              .join(' '),
            rows: s.rows.slice(0, max),
          },
    ),
  };
}

/** The export's file: the document written in its format, named after its period. */
export async function writeAnalyticsFile(
  p: Pick<AnalyticsExportParams, 'format' | 'from' | 'to' | 'tzOffsetMinutes' | 'locale'>,
  doc: ReportDocument,
): Promise<ReportFile> {
  const day = (ms: number) => fileTime(ms, p.tzOffsetMinutes ?? 0).slice(0, 10);
  const bytes = await writeReport(
    capSections(doc, ANALYTICS_ROWS_MAX[p.format], p.locale ?? 'es'),
    p.format,
  );
  // `to` is exclusive: a file of whole days is named after its last day.
  const last = day(p.to - 1);
  const first = day(p.from);
  return {
    filename: `watcher-analytics-${first === last ? first : `${first}_${last}`}.${p.format}`,
    mime: REPORT_MIME[p.format],
    base64: bytes.toString('base64'),
    bytes: bytes.length,
  };
}
