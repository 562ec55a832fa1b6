import { formatNumber, useI18n } from '../i18n/i18n';

/**
 * Counts as an SVG bar chart (no inline styles: CSP-safe). Per hour by default (labels 00–23);
 * pass `labels` for other buckets (days of a period). With many bars only some labels are drawn.
 */
export function HourChart({
  values,
  label,
  labels,
}: {
  values: number[];
  label: string;
  labels?: string[];
}) {
  const locale = useI18n((s) => s.locale);
  const max = Math.max(1, ...values);
  const W = 720;
  const H = 200;
  const slot = W / Math.max(1, values.length);
  const names = labels ?? values.map((_, i) => String(i).padStart(2, '0'));
  const every = Math.max(1, Math.ceil(values.length / 31));
  const tip = (i: number) => (labels ? names[i] : `${names[i]}:00`);
  // Values above the bars only when they fit their slot (the tooltip always has them).
  const widest = Math.max(...values.map((v) => formatNumber(locale, v, 0).length));
  const showValues = every === 1 && widest * 6.6 <= slot;
  return (
    <svg viewBox={`0 0 ${W} ${H + 24}`} className="chart" role="img" aria-label={label}>
      {values.map((v, i) => {
        const h = (v / max) * (H - 16);
        return (
          <g key={i}>
            <rect
              x={i * slot + slot * 0.15}
              y={H - h}
              width={slot * 0.7}
              height={h}
              className="chart__bar"
            >
              <title>{`${tip(i)} — ${formatNumber(locale, v, 0)}`}</title>
            </rect>
            {v > 0 && showValues ? (
              <text
                x={i * slot + slot / 2}
                y={H - h - 4}
                textAnchor="middle"
                className="chart__value"
              >
                {formatNumber(locale, v, 0)}
              </text>
            ) : null}
            {i % every === 0 ? (
              <text x={i * slot + slot / 2} y={H + 16} textAnchor="middle" className="chart__label">
                {names[i]}
              </text>
            ) : null}
          </g>
        );
      })}
      <line x1={0} x2={W} y1={H} y2={H} className="chart__axis" />
    </svg>
  );
}
