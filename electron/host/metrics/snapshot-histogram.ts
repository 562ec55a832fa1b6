import type { Registry } from 'prom-client';
import {
  LATENCY_BUCKETS_SECONDS,
  addHistogram,
  emptyHistogram,
  type HistogramDelta,
} from '../../shared/protocol/worker-metrics';

type Labels = Record<string, string>;

/**
 * A Prometheus histogram whose observations happen elsewhere (in the inference workers): it holds
 * bucket totals that the host adds worker deltas into, and renders them in the exposition format
 * through prom-client's registry like any other metric (same buckets as the workers fold into).
 */
export class SnapshotHistogram {
  readonly type = 'histogram';
  private readonly series = new Map<string, { labels: Labels; h: HistogramDelta }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    registry: Registry,
  ) {
    registry.registerMetric(this as never);
  }

  add(labels: Labels, delta: HistogramDelta): void {
    const key = this.labelNames.map((n) => labels[n] ?? '').join('\u0000');
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { labels: { ...labels }, h: emptyHistogram() }));
    addHistogram(s.h, delta);
  }

  /** Totals of one label set, for tests. */
  totals(labels: Labels): HistogramDelta | undefined {
    return this.series.get(this.labelNames.map((n) => labels[n] ?? '').join('\u0000'))?.h;
  }

  reset(): void {
    this.series.clear();
  }

  /** prom-client's metric interface: what the registry serialises. */
  get(): {
    name: string;
    help: string;
    type: string;
    aggregator: 'sum';
    values: { metricName: string; labels: Record<string, string | number>; value: number }[];
  } {
    const values: {
      metricName: string;
      labels: Record<string, string | number>;
      value: number;
    }[] = [];
    for (const { labels, h } of this.series.values()) {
      let cumulative = 0;
      LATENCY_BUCKETS_SECONDS.forEach((le, i) => {
        cumulative += h.counts[i];
        values.push({
          metricName: `${this.name}_bucket`,
          labels: { ...labels, le },
          value: cumulative,
        });
      });
      values.push({
        metricName: `${this.name}_bucket`,
        labels: { ...labels, le: '+Inf' },
        value: h.count,
      });
      values.push({ metricName: `${this.name}_sum`, labels, value: h.sum });
      values.push({ metricName: `${this.name}_count`, labels, value: h.count });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: 'sum', values };
  }
}
