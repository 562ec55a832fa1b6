import { formatNumber, useI18n } from '../i18n/i18n';

/** Infractions per hour as an SVG bar chart (no inline styles: CSP-safe). */
export function HourChart({ values, label }: { values: number[]; label: string }) {
  const locale = useI18n((s) => s.locale);
  const max = Math.max(1, ...values);
  const W = 720;
  const H = 200;
  const slot = W / values.length;
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
              <title>{`${String(i).padStart(2, '0')}:00 — ${formatNumber(locale, v, 0)}`}</title>
            </rect>
            {v > 0 ? (
              <text
                x={i * slot + slot / 2}
                y={H - h - 4}
                textAnchor="middle"
                className="chart__value"
              >
                {formatNumber(locale, v, 0)}
              </text>
            ) : null}
            <text x={i * slot + slot / 2} y={H + 16} textAnchor="middle" className="chart__label">
              {String(i).padStart(2, '0')}
            </text>
          </g>
        );
      })}
      <line x1={0} x2={W} y1={H} y2={H} className="chart__axis" />
    </svg>
  );
}
