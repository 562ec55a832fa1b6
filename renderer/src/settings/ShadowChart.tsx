import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDateTime, useI18n, useT } from '../i18n/i18n';
import type { ApiResult } from '../../../electron/shared/api/contract';
import { shadowSeriesByHour } from '../../../electron/shared/api/methods/model-lab';

/**
 * The challenger's shadow run over time: agreement with the champion (%) and both p95
 * latencies, one point per hour over all cameras (frames-weighted).
 */
export function ShadowChart({ buckets }: { buckets: ApiResult<'registry.shadow'>['buckets'] }) {
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const data = shadowSeriesByHour(buckets).map((p) => ({
    ...p,
    label: formatDateTime(locale, p.bucketStart),
  }));
  return (
    <figure className="chart" data-testid="registry-shadow-chart">
      <figcaption>{t('models.lab.shadow_chart')}</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" />
          <YAxis yAxisId="pct" domain={[0, 100]} width={40} />
          <YAxis yAxisId="ms" orientation="right" width={48} unit=" ms" />
          <Tooltip />
          <Legend />
          <Line
            yAxisId="pct"
            dataKey="agreementPct"
            name={t('registry.ui.shadow.col.agreement')}
            stroke="#7ed957"
            isAnimationActive={false}
          />
          <Line
            yAxisId="ms"
            dataKey="challengerP95Ms"
            name={t('models.lab.shadow_challenger_p95')}
            stroke="#ffb347"
            isAnimationActive={false}
          />
          <Line
            yAxisId="ms"
            dataKey="championP95Ms"
            name={t('models.lab.shadow_champion_p95')}
            stroke="#4fa3ff"
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
