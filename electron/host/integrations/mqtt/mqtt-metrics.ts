import type { MqttStatus } from '../../../shared/api/methods/mqtt';
import type { HostMetrics } from '../../metrics/host-metrics';
import { CumulativeDeltas } from '../../metrics/worker-figures';

/**
 * The MQTT publisher on the host's Prometheus registry: connected (0/1), messages waiting for the
 * broker, and the dropped and published totals (read from the publisher's status at each scrape).
 */
export function registerMqttMetrics(
  metrics: Pick<HostMetrics, 'gauge' | 'counter' | 'registerCollector'>,
  status: () => MqttStatus,
): () => void {
  const deltas = new CumulativeDeltas();
  const dropped = metrics.counter({
    name: 'watcher_mqtt_dropped_total',
    help: 'MQTT messages dropped (oldest first) because the queue was full while the broker was away.',
  });
  const published = metrics.counter({
    name: 'watcher_mqtt_published_total',
    help: 'MQTT messages handed to the broker.',
  });
  const queue = metrics.gauge({
    name: 'watcher_mqtt_queue_messages',
    help: 'MQTT messages waiting for the broker.',
  });
  const connected = metrics.gauge({
    name: 'watcher_mqtt_connected',
    help: 'MQTT broker connection: 1 connected, 0 not (or MQTT off).',
  });
  // Before each scrape, so the counters and gauges of one scrape agree.
  return metrics.registerCollector(() => {
    const s = status();
    queue.set(s.queued);
    connected.set(s.connected ? 1 : 0);
    dropped.inc(deltas.delta('dropped', s.dropped));
    published.inc(deltas.delta('published', s.published));
  });
}
