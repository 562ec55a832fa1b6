import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useClient } from '../api/client-context';
import { formatNumber, translateCode, useI18n, useT } from '../i18n/i18n';
import { latestPreview } from '../state/preview-frames';
import {
  ANALYTICS_INTERVALS_MS,
  type AnalyticsDimensions,
} from '../../../electron/shared/api/methods/analytics';
import type { ApiResult } from '../../../electron/shared/api/contract';
import { AnalyticsExportButtons } from './AnalyticsExportButtons';
import './analytics.css';

const DAY = 86_400_000;
const W = 560;
const H = 220;
const COLORS = [
  '#2f7ed8',
  '#d8762f',
  '#3a9d5d',
  '#b03a48',
  '#8e6bbf',
  '#c9a227',
  '#4bb3c4',
  '#777',
];
const RANGES = ['today', '7d', '30d', 'history'] as const;
type RangeKey = (typeof RANGES)[number];
type Interval = (typeof ANALYTICS_INTERVALS_MS)[number];
type Source = 'line' | 'zone' | 'class';

function localMidnight(ts: number): number {
  const d = new Date(ts);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** The period a preset covers: whole local days up to the end of today. */
function rangeOf(
  key: RangeKey,
  dims: AnalyticsDimensions | undefined,
): { from: number; to: number } {
  const to = localMidnight(Date.now() + DAY);
  if (key === 'today') return { from: to - DAY, to };
  if (key === '7d') return { from: to - 7 * DAY, to };
  if (key === '30d') return { from: to - 30 * DAY, to };
  const first = dims?.firstSeen !== undefined ? localMidnight(dims.firstSeen) : to - 30 * DAY;
  return { from: Math.max(first, to - 400 * DAY), to };
}

/** The finest interval that keeps a chart readable for the range. */
function defaultInterval(from: number, to: number): Interval {
  const days = (to - from) / DAY;
  return days <= 1 ? 900_000 : days <= 7 ? 3_600_000 : 86_400_000;
}

/** Rows of {bucket, [series]: value} for a chart, from rows with a series name and a value. */
function pivot<T>(
  rows: T[],
  bucket: (r: T) => number,
  series: (r: T) => string,
  value: (r: T) => number,
) {
  const byBucket = new Map<number, Record<string, number>>();
  const names = new Set<string>();
  for (const r of rows) {
    const b = bucket(r);
    const name = series(r);
    names.add(name);
    const row = byBucket.get(b) ?? { bucket: b };
    row[name] = (row[name] ?? 0) + value(r);
    byBucket.set(b, row);
  }
  return {
    data: [...byBucket.values()].sort((a, b) => a.bucket - b.bucket),
    names: [...names].sort(),
  };
}

/**
 * The Analytics view: charts over the track history's roll-ups. Counts per class per line, zone
 * or camera; occupancy, dwell, queue and utilisation of zones; people in and out; the heatmap of a
 * camera over its latest frame; and the period compared with the one before.
 */
export function AnalyticsView() {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const [dims, setDims] = useState<AnalyticsDimensions>();
  const [error, setError] = useState<string>();
  const [cameraId, setCameraId] = useState<string>('');
  const [rangeKey, setRangeKey] = useState<RangeKey>('7d');
  const [intervalMs, setIntervalMs] = useState<Interval | undefined>();
  const [source, setSource] = useState<Source>('line');
  const [zoneId, setZoneId] = useState<string>('');
  const [lineId, setLineId] = useState<string>('');
  const [data, setData] = useState<{
    counts: ApiResult<'analytics.counts'>;
    occupancy: ApiResult<'analytics.occupancy'>;
    dwell: ApiResult<'analytics.dwell'>;
    queue: ApiResult<'analytics.queue'>;
    utilisation: ApiResult<'analytics.utilisation'>;
    inOut: ApiResult<'analytics.inOut'>;
    compare: ApiResult<'analytics.compare'>;
    heatmap?: ApiResult<'analytics.heatmap'>;
  }>();

  const fail = (err: unknown) => {
    const code = (err as { code?: string }).code;
    setError(code ? translateCode(t, code) : t('analytics.loadFailed'));
  };

  useEffect(() => {
    client.call('analytics.dimensions', {}).then(setDims, fail);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client]);

  const camera = dims?.cameras.find((c) => c.id === cameraId);
  const zones = useMemo(
    () => (camera ? camera.zones : (dims?.cameras.flatMap((c) => c.zones) ?? [])),
    [camera, dims],
  );
  const lines = useMemo(
    () => (camera ? camera.lines : (dims?.cameras.flatMap((c) => c.lines) ?? [])),
    [camera, dims],
  );
  const { from, to } = rangeOf(rangeKey, dims);
  const iv = intervalMs ?? defaultInterval(from, to);

  useEffect(() => {
    if (!dims || dims.cameras.length === 0) return;
    let live = true;
    const base = {
      from,
      to,
      intervalMs: iv,
      ...(cameraId ? { cameraIds: [cameraId] } : {}),
    };
    const zoneIds = zoneId
      ? [zoneId]
      : zones.length
        ? zones.map((z) => z.id).slice(0, 64)
        : undefined;
    const len = to - from;
    void Promise.all([
      client.call('analytics.counts', { ...base, source }),
      client.call('analytics.occupancy', { ...base, ...(zoneId ? { zoneIds: [zoneId] } : {}) }),
      client.call('analytics.dwell', { ...base, ...(zoneId ? { zoneIds: [zoneId] } : {}) }),
      zoneIds
        ? client.call('analytics.queue', { ...base, zoneIds })
        : Promise.resolve([] as ApiResult<'analytics.queue'>),
      client.call('analytics.utilisation', { ...base, ...(zoneId ? { zoneIds: [zoneId] } : {}) }),
      client.call('analytics.inOut', { ...base, ...(lineId ? { lineIds: [lineId] } : {}) }),
      client.call('analytics.compare', {
        a: { from, to },
        b: { from: from - len, to: from },
        intervalMs: iv,
        source,
        ...(cameraId ? { cameraIds: [cameraId] } : {}),
      }),
      cameraId
        ? client.call('analytics.heatmap', { cameraId, from, to })
        : Promise.resolve(undefined),
    ]).then(([counts, occupancy, dwell, queue, utilisation, inOut, compare, heatmap]) => {
      if (!live) return;
      setData({
        counts,
        occupancy,
        dwell,
        queue,
        utilisation,
        inOut,
        compare,
        ...(heatmap ? { heatmap } : {}),
      });
      setError(undefined);
    }, fail);
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, dims, cameraId, from, to, iv, source, zoneId, lineId, zones]);

  const tickFormat = new Intl.DateTimeFormat(locale === 'es' ? 'es-PE' : 'en-US', {
    // 24 h in Spanish, as every other time on screen.
    ...(locale === 'es' ? { hourCycle: 'h23' as const } : {}),
    ...(iv >= DAY
      ? { day: '2-digit', month: '2-digit' }
      : to - from > DAY
        ? { day: '2-digit', hour: '2-digit' }
        : { hour: '2-digit', minute: '2-digit' }),
  });
  const tick = (ms: number) => tickFormat.format(ms);
  const labelTime = (ms: unknown) => tickFormat.format(Number(ms));
  // Small means (a zone empty most of the time) keep two decimals instead of rounding to 0.
  const num = (v: unknown) => {
    const n = Number(v);
    return formatNumber(locale, n, n !== 0 && Math.abs(n) < 1 ? 2 : 1);
  };
  const dirName = (d: string | null) =>
    d === 'left-to-right' || d === 'right-to-left' ? t(`analytics.direction.${d}`) : '';

  const counts = data
    ? pivot(
        data.counts,
        (r) => r.bucket,
        (r) => (r.direction ? `${r.classLabel} · ${dirName(r.direction)}` : r.classLabel),
        (r) => r.count,
      )
    : undefined;
  const occupancy = data
    ? pivot(
        data.occupancy,
        (r) => r.bucket,
        (r) => r.classLabel,
        (r) => r.mean,
      )
    : undefined;
  const utilisation = data
    ? pivot(
        data.utilisation,
        (r) => r.bucket,
        (r) => zones.find((z) => z.id === r.zoneId)?.name ?? r.zoneId,
        (r) => r.share * 100,
      )
    : undefined;
  const dwellEdges = data?.dwell.edgesMs ?? [];
  const seconds = (ms: number) => (ms >= 60_000 ? `${ms / 60_000} min` : `${ms / 1000} s`);
  const dwellRows = dwellEdges.concat([Infinity]).map((edge, i) => {
    const row: Record<string, number | string> = {
      bin:
        edge === Infinity
          ? t('analytics.dwell.longer', { limit: seconds(dwellEdges[dwellEdges.length - 1]) })
          : `< ${seconds(edge)}`,
    };
    for (const c of data?.dwell.byClass ?? []) row[c.classLabel] = c.bins[i] ?? 0;
    return row;
  });
  const dwellClasses = (data?.dwell.byClass ?? []).map((c) => c.classLabel);
  const queue = (data?.queue ?? []).map((q) => ({ ...q, meanWaitS: q.meanWaitMs / 1000 }));

  const bars = (names: string[], stack?: string) =>
    names.map((n, i) => (
      <Bar
        key={n}
        dataKey={n}
        name={n}
        fill={COLORS[i % COLORS.length]}
        stackId={stack}
        isAnimationActive={false}
      />
    ));
  const timeAxis = (
    <XAxis
      dataKey="bucket"
      type="number"
      scale="time"
      domain={['dataMin', 'dataMax']}
      tickFormatter={tick}
    />
  );

  const empty = dims && dims.tracks === 0;
  return (
    <section className="analytics" aria-labelledby="analytics-title" data-testid="analytics-view">
      <h2 id="analytics-title">{t('analytics.title')}</h2>
      {dims && (
        <p data-testid="analytics-tracks">
          {t('analytics.tracks', { count: formatNumber(locale, dims.tracks, 0) })}
        </p>
      )}
      <div className="analytics__controls">
        <label>
          {t('analytics.camera')}{' '}
          <select
            value={cameraId}
            onChange={(e) => {
              setCameraId(e.target.value);
              setZoneId('');
              setLineId('');
            }}
            data-testid="analytics-camera"
          >
            <option value="">{t('analytics.camera.all')}</option>
            {dims?.cameras.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('analytics.range')}{' '}
          <select
            value={rangeKey}
            onChange={(e) => {
              setRangeKey(e.target.value as RangeKey);
              setIntervalMs(undefined);
            }}
            data-testid="analytics-range"
          >
            {RANGES.map((r) => (
              <option key={r} value={r}>
                {t(`analytics.range.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('analytics.interval')}{' '}
          <select
            value={iv}
            onChange={(e) => setIntervalMs(Number(e.target.value) as Interval)}
            data-testid="analytics-interval"
          >
            {ANALYTICS_INTERVALS_MS.filter((v) => (to - from) / v <= 20_000).map((v) => (
              <option key={v} value={v}>
                {t(`analytics.interval.${v}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('analytics.source')}{' '}
          <select
            value={source}
            onChange={(e) => setSource(e.target.value as Source)}
            data-testid="analytics-source"
          >
            {(['line', 'zone', 'class'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`analytics.source.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('analytics.zone')}{' '}
          <select value={zoneId} onChange={(e) => setZoneId(e.target.value)}>
            <option value="">{t('analytics.zone.all')}</option>
            {zones.map((z) => (
              <option key={z.id} value={z.id}>
                {z.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('analytics.line')}{' '}
          <select value={lineId} onChange={(e) => setLineId(e.target.value)}>
            <option value="">{t('analytics.line.all')}</option>
            {lines.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <AnalyticsExportButtons
          disabled={!dims || dims.cameras.length === 0}
          filters={{
            from,
            to,
            intervalMs: iv,
            source,
            ...(cameraId ? { cameraIds: [cameraId] } : {}),
            ...(zoneId ? { zoneIds: [zoneId] } : {}),
            ...(lineId ? { lineIds: [lineId] } : {}),
          }}
        />
      </div>
      {error && <p role="alert">{error}</p>}
      {empty && <p>{t('analytics.empty')}</p>}
      {data && counts && occupancy && utilisation && (
        <div className="analytics__charts">
          <figure data-testid="analytics-counts">
            <figcaption>{t('analytics.counts.title')}</figcaption>
            <BarChart width={W} height={H} data={counts.data}>
              <CartesianGrid strokeDasharray="3 3" />
              {timeAxis}
              <YAxis allowDecimals={false} />
              <Tooltip labelFormatter={labelTime} />
              <Legend />
              {bars(counts.names, 'c')}
            </BarChart>
          </figure>
          <figure data-testid="analytics-occupancy">
            <figcaption>{t('analytics.occupancy.title')}</figcaption>
            <LineChart width={W} height={H} data={occupancy.data}>
              <CartesianGrid strokeDasharray="3 3" />
              {timeAxis}
              <YAxis tickFormatter={num} />
              <Tooltip labelFormatter={labelTime} formatter={num} />
              <Legend />
              {occupancy.names.map((n, i) => (
                <Line
                  key={n}
                  dataKey={n}
                  name={n}
                  stroke={COLORS[i % COLORS.length]}
                  dot={false}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </figure>
          <figure data-testid="analytics-dwell">
            <figcaption>{t('analytics.dwell.title')}</figcaption>
            <BarChart width={W} height={H} data={dwellRows}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="bin" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              {bars(dwellClasses, 'd')}
            </BarChart>
          </figure>
          <figure data-testid="analytics-queue">
            <figcaption>{t('analytics.queue.title')}</figcaption>
            <ComposedChart width={W} height={H} data={queue}>
              <CartesianGrid strokeDasharray="3 3" />
              {timeAxis}
              <YAxis yAxisId="l" tickFormatter={num} />
              <YAxis yAxisId="w" orientation="right" tickFormatter={num} />
              <Tooltip labelFormatter={labelTime} formatter={num} />
              <Legend />
              <Bar
                yAxisId="l"
                dataKey="meanLength"
                name={t('analytics.queue.length')}
                fill={COLORS[0]}
                isAnimationActive={false}
              />
              <Line
                yAxisId="w"
                dataKey="meanWaitS"
                name={t('analytics.queue.wait')}
                stroke={COLORS[1]}
                dot={false}
                isAnimationActive={false}
              />
            </ComposedChart>
          </figure>
          <figure data-testid="analytics-utilisation">
            <figcaption>{t('analytics.utilisation.title')}</figcaption>
            <BarChart width={W} height={H} data={utilisation.data}>
              <CartesianGrid strokeDasharray="3 3" />
              {timeAxis}
              <YAxis domain={[0, 100]} unit="%" />
              <Tooltip labelFormatter={labelTime} formatter={num} />
              <Legend />
              {bars(utilisation.names)}
            </BarChart>
          </figure>
          <figure data-testid="analytics-inout">
            <figcaption>{t('analytics.inout.title')}</figcaption>
            <ComposedChart width={W} height={H} data={data.inOut}>
              <CartesianGrid strokeDasharray="3 3" />
              {timeAxis}
              <YAxis allowDecimals={false} />
              <Tooltip labelFormatter={labelTime} />
              <Legend />
              <Bar
                dataKey="in"
                name={t('analytics.inout.in')}
                fill={COLORS[2]}
                isAnimationActive={false}
              />
              <Bar
                dataKey="out"
                name={t('analytics.inout.out')}
                fill={COLORS[3]}
                isAnimationActive={false}
              />
              <Line
                dataKey="inside"
                name={t('analytics.inout.inside')}
                stroke={COLORS[0]}
                dot={false}
                isAnimationActive={false}
              />
            </ComposedChart>
          </figure>
          <figure data-testid="analytics-compare">
            <figcaption>{t('analytics.compare.title')}</figcaption>
            <LineChart width={W} height={H} data={data.compare.series}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis
                dataKey="offsetMs"
                type="number"
                tickFormatter={(ms: number) => tick(from + ms)}
                domain={['dataMin', 'dataMax']}
              />
              <YAxis allowDecimals={false} />
              <Tooltip labelFormatter={(ms) => labelTime(from + Number(ms))} />
              <Legend />
              <Line
                dataKey="a"
                name={t('analytics.compare.current')}
                stroke={COLORS[0]}
                dot={false}
                isAnimationActive={false}
              />
              <Line
                dataKey="b"
                name={t('analytics.compare.previous')}
                stroke={COLORS[7]}
                strokeDasharray="4 3"
                dot={false}
                isAnimationActive={false}
              />
            </LineChart>
          </figure>
          <figure data-testid="analytics-heatmap">
            <figcaption>{t('analytics.heatmap.title')}</figcaption>
            {data.heatmap && cameraId ? (
              <HeatmapCanvas heat={data.heatmap} cameraId={cameraId} />
            ) : (
              <p>{t('analytics.heatmap.pickCamera')}</p>
            )}
          </figure>
        </div>
      )}
    </section>
  );
}

/** The heat grid over the camera's latest preview frame (a dark frame when none has arrived). */
function HeatmapCanvas({
  heat,
  cameraId,
}: {
  heat: ApiResult<'analytics.heatmap'>;
  cameraId: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    let cancelled = false;
    const paintHeat = () => {
      const cw = canvas.width / heat.cols;
      const ch = canvas.height / heat.rows;
      for (let r = 0; r < heat.rows; r++)
        for (let c = 0; c < heat.cols; c++) {
          const v = heat.max ? heat.cells[r * heat.cols + c] / heat.max : 0;
          if (v <= 0) continue;
          // Blue (few) → red (many), more opaque where denser.
          ctx.fillStyle = `hsla(${Math.round(240 * (1 - v))}, 90%, 50%, ${0.2 + 0.55 * v})`;
          ctx.fillRect(c * cw, r * ch, cw + 0.5, ch + 0.5);
        }
    };
    ctx.fillStyle = '#1b1f24';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    const frame = latestPreview(cameraId);
    if (frame) {
      const url = URL.createObjectURL(new Blob([frame.jpeg as BlobPart], { type: 'image/jpeg' }));
      const img = new Image();
      img.onload = () => {
        if (cancelled) return;
        ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
        paintHeat();
        URL.revokeObjectURL(url);
      };
      img.onerror = () => {
        paintHeat();
        URL.revokeObjectURL(url);
      };
      img.src = url;
    } else paintHeat();
    return () => {
      cancelled = true;
    };
  }, [heat, cameraId]);
  return (
    <canvas ref={ref} width={W} height={(W * 9) / 16} data-testid="analytics-heatmap-canvas" />
  );
}
