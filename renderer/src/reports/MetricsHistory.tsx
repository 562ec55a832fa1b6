import { useEffect, useState } from 'react';
// recharts: a well-kept, widely used React chart library (SVG, declarative, axes / legends /
// tooltips built in), so the System view's time series need no hand-written chart code.
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
  BarChart,
  Bar,
} from 'recharts';
import { useClient } from '../api/client-context';
import { formatDateTime, formatNumber, translateCode, useI18n, useT } from '../i18n/i18n';
import {
  METRICS_RANGES,
  type MetricsHistory as History,
  type MetricsRange,
} from '../../../electron/shared/api/methods/metrics';
import type { CameraConfig } from '../../../electron/shared/config/camera';
import type { MessageKey } from '../../../electron/shared/i18n';

const REFRESH_MS = 15_000;
const WIDTH = 560;
const HEIGHT = 180;

/** One plotted series: the point's field, its legend text and its colour. */
interface Series {
  dataKey: string;
  label: MessageKey;
  color: string;
}
const FPS_LINES: Series[] = [
  { dataKey: 'fpsAvg', label: 'metrics.history.fpsAvg', color: '#2f7ed8' },
  { dataKey: 'fpsMin', label: 'metrics.history.fpsMin', color: '#d8762f' },
];
const INFERENCE_LINES: Series[] = [
  { dataKey: 'inferenceMsAvg', label: 'metrics.history.inferenceAvg', color: '#3a9d5d' },
  { dataKey: 'inferenceMsMax', label: 'metrics.history.inferenceMax', color: '#b03a48' },
];
const COUNT_BARS: Series[] = [
  { dataKey: 'dropped', label: 'metrics.history.dropped', color: '#d8762f' },
  { dataKey: 'reconnects', label: 'metrics.history.reconnects', color: '#b03a48' },
];

/**
 * Per camera history of the stored status reports over a chosen range: fps (average and
 * minimum), detector time, and frames dropped / reconnects per bucket. Refreshes every 15 s.
 */
export function MetricsHistory({ cameras }: { cameras: Pick<CameraConfig, 'id' | 'name'>[] }) {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const [range, setRange] = useState<MetricsRange>('1h');
  const [history, setHistory] = useState<History>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    const load = () =>
      void client
        .call('metrics.history', { range })
        .then((h) => {
          if (!live) return;
          setHistory(h);
          setError(undefined);
        })
        .catch((err: unknown) => {
          if (!live) return;
          const code = (err as { code?: string }).code;
          setError(code ? translateCode(t, code) : t('metrics.history.loadFailed'));
        });
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [client, range, t]);

  const tickFormat = new Intl.DateTimeFormat(locale === 'es' ? 'es-PE' : 'en-US', {
    // 24 h in Spanish, as every other time on screen.
    ...(locale === 'es' ? { hourCycle: 'h23' as const } : {}),
    ...(range === '1h' || range === '6h' ? {} : { day: '2-digit', month: '2-digit' }),
    hour: '2-digit',
    minute: '2-digit',
  });
  const tick = (ms: number) => tickFormat.format(ms);
  const label = (ms: unknown) => formatDateTime(locale, Number(ms), 'datetime');
  const num = (v: unknown) => formatNumber(locale, Number(v), 1);
  const lines = (series: Series[], dot: boolean) =>
    series.map((l) => (
      <Line
        key={l.dataKey}
        type="monotone"
        dataKey={l.dataKey}
        name={t(l.label)}
        stroke={l.color}
        dot={dot}
        isAnimationActive={false}
      />
    ));

  return (
    <section aria-labelledby="metrics-history-title" data-testid="metrics-history">
      <h3 id="metrics-history-title">{t('metrics.history.title')}</h3>
      <label>
        {t('metrics.history.range')}{' '}
        <select
          data-testid="metrics-history-range"
          value={range}
          onChange={(e) => setRange(e.target.value as MetricsRange)}
        >
          {METRICS_RANGES.map((r) => (
            <option key={r} value={r}>
              {t(`metrics.history.range.${r}`)}
            </option>
          ))}
        </select>
      </label>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {cameras.map((c) => {
        const points = history?.cameras.find((h) => h.cameraId === c.id)?.points ?? [];
        const domain: [number, number] = history ? [history.from, history.to] : [0, 1];
        // Six evenly spaced time ticks over the whole range (recharts would only tick the data).
        const ticks = [0, 1, 2, 3, 4, 5].map((i) => domain[0] + ((domain[1] - domain[0]) * i) / 5);
        const xAxis = (
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={domain}
            ticks={ticks}
            tickFormatter={tick}
            label={{ value: t('metrics.history.time'), position: 'insideBottom', offset: -4 }}
            height={40}
          />
        );
        return (
          <figure key={c.id} className="metrics-history" data-testid={`metrics-history-${c.id}`}>
            <figcaption>{c.name}</figcaption>
            {points.length === 0 ? (
              <p className="muted">{t('metrics.history.empty')}</p>
            ) : (
              <div className="metrics-history__charts">
                <LineChart
                  width={WIDTH}
                  height={HEIGHT}
                  data={points}
                  accessibilityLayer
                  data-testid={`metrics-fps-${c.id}`}
                >
                  <CartesianGrid strokeDasharray="3 3" />
                  {xAxis}
                  <YAxis
                    label={{ value: 'fps', angle: -90, position: 'insideLeft' }}
                    allowDecimals
                  />
                  <Tooltip labelFormatter={label} formatter={num} />
                  <Legend verticalAlign="top" />
                  {lines(FPS_LINES, points.length < 3)}
                </LineChart>
                {points.some((p) => p.inferenceMsAvg !== undefined) ? (
                  <LineChart width={WIDTH} height={HEIGHT} data={points} accessibilityLayer>
                    <CartesianGrid strokeDasharray="3 3" />
                    {xAxis}
                    <YAxis label={{ value: 'ms', angle: -90, position: 'insideLeft' }} />
                    <Tooltip labelFormatter={label} formatter={num} />
                    <Legend verticalAlign="top" />
                    {lines(INFERENCE_LINES, false)}
                  </LineChart>
                ) : null}
                <BarChart width={WIDTH} height={HEIGHT} data={points} accessibilityLayer>
                  <CartesianGrid strokeDasharray="3 3" />
                  {xAxis}
                  <YAxis
                    allowDecimals={false}
                    label={{
                      value: t('metrics.history.perBucket'),
                      angle: -90,
                      position: 'insideLeft',
                    }}
                  />
                  <Tooltip labelFormatter={label} formatter={num} />
                  <Legend verticalAlign="top" />
                  {COUNT_BARS.map((b) => (
                    <Bar
                      key={b.dataKey}
                      dataKey={b.dataKey}
                      name={t(b.label)}
                      fill={b.color}
                      isAnimationActive={false}
                    />
                  ))}
                </BarChart>
              </div>
            )}
          </figure>
        );
      })}
    </section>
  );
}
