import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber, useI18n } from '../i18n/i18n';

/**
 * Counts as a bar chart with both axes titled (recharts, like the System view's history). Per
 * hour by default (labels 00–23); pass `labels` for other buckets (days of a period).
 */
export function HourChart({
  values,
  label,
  labels,
  xTitle,
  yTitle,
}: {
  values: number[];
  label: string;
  labels?: string[];
  /** Axis titles, e.g. "Hour" and "Infractions". */
  xTitle: string;
  yTitle: string;
}) {
  const locale = useI18n((s) => s.locale);
  const names = labels ?? values.map((_, i) => String(i).padStart(2, '0'));
  const data = values.map((count, i) => ({ name: names[i], count }));
  const n = (v: unknown) => formatNumber(locale, Number(v), 0);
  return (
    <figure className="chart" role="img" aria-label={label} data-testid="report-chart">
      <figcaption>{label}</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} margin={{ top: 8, right: 12, bottom: 18, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="name"
            interval="preserveStartEnd"
            minTickGap={4}
            label={{ value: xTitle, position: 'insideBottom', offset: -12 }}
          />
          <YAxis
            allowDecimals={false}
            tickFormatter={n}
            width={48}
            label={{ value: yTitle, angle: -90, position: 'insideLeft', offset: 4 }}
          />
          <Tooltip formatter={(v) => [n(v), yTitle]} labelFormatter={(l) => `${xTitle} ${l}`} />
          <Bar dataKey="count" fill="#4fa3ff" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
