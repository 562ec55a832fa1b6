import { describe, expect, it } from 'vitest';
import { HostMetrics } from '../../../../electron/host/metrics/host-metrics';
import { CumulativeDeltas, WorkerFigures } from '../../../../electron/host/metrics/worker-figures';
import { registerMqttMetrics } from '../../../../electron/host/integrations/mqtt/mqtt-metrics';
import type { MqttStatus } from '../../../../electron/shared/api/methods/mqtt';
import {
  emptyHistogram,
  LATENCY_BUCKETS_SECONDS,
  type WorkerMetricsSnapshot,
} from '../../../../electron/shared/protocol/worker-metrics';
import type { CameraStatus } from '../../../../electron/shared/config/camera';
import { registerNotifyMetrics } from '../../../../electron/host/notify/notify-metrics';
import type { NotifyStore } from '../../../../electron/host/notify/notify-store';

const status = (over: Partial<CameraStatus> = {}): CameraStatus => ({
  cameraId: 'demo',
  state: 'streaming',
  frames: 100,
  fps: 12.5,
  droppedByRate: 3,
  lost: 1,
  reconnects: 0,
  ...over,
});

function snapshot(cpuSeconds: number, decodeCount = 2): WorkerMetricsSnapshot {
  const h = emptyHistogram();
  h.counts[3] = decodeCount;
  h.sum = 0.004 * decodeCount;
  h.count = decodeCount;
  return {
    cpuSeconds,
    rssBytes: 123_456_789,
    stages: [
      { cameraId: 'demo', stage: 'decode', h },
      { cameraId: 'demo', stage: 'track', h },
    ],
    inference: [{ model: 'motion', provider: 'motion', h }],
    inferenceQueue: [{ cameraId: 'demo', frames: 1 }],
  };
}

function makeMetrics(): HostMetrics {
  return new HostMetrics({
    cameraStatuses: () => [status()],
    workerStates: () => [
      { workerId: 'worker-1', state: 'running', restarts: 0, cameras: ['demo'] },
    ],
    sync: () => ({ lastSyncAt: 1_000, pendingChanges: 4 }),
    evidence: () => [
      {
        cameraId: 'demo',
        usedBytes: 10,
        budgetBytes: 100,
        protectedBytes: 0,
        warnAtPercent: 80,
        level: 'ok',
        clipsAllowed: true,
        checkedAt: 0,
      },
    ],
    eventWriter: () => ({ queued: 2, dropped: 0 }),
    now: () => 31_000,
  });
}

function mqttStatus(over: Partial<MqttStatus> = {}): MqttStatus {
  return { enabled: true, connected: false, queued: 0, dropped: 0, published: 0, ...over };
}

/** Metric families (name → type) of an exposition. */
function families(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) out.set(m[1], m[2]);
  return out;
}

function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

const ALLOWED_LABELS = new Set([
  // ours: every value is bounded by configuration or by a fixed list
  'camera',
  'stage',
  'model',
  'provider',
  'type',
  'priority',
  'category',
  'state',
  'channel_kind',
  'worker',
  'le',
  // prom-client's default process / Node.js metrics
  'kind',
  'space',
  'version',
  'major',
  'minor',
  'patch',
]);

describe('host metrics', () => {
  it('every exposed name follows the naming rules', async () => {
    const m = makeMetrics();
    registerMqttMetrics(m, () => mqttStatus());
    m.workerSnapshot('worker-1', snapshot(2));
    m.onHostEvent({ kind: 'event', topic: 'camera.status', payload: status() });
    const outbox = registerNotifyMetrics(m, {
      db: { open: true },
      outboxDepthByKind: () => new Map([['email', 2]]),
    } as unknown as NotifyStore);
    outbox.outcome('webhook', 'sent');
    outbox.retry('webhook');
    const text = await m.text();
    const fams = families(text);
    expect(fams.size).toBeGreaterThan(20);
    for (const [name, type] of fams) {
      expect(name, name).toMatch(/^watcher_[a-z0-9_]+$/);
      if (type === 'counter') expect(name, name).toMatch(/_total$/);
      else expect(name, name).not.toMatch(/_total$/);
      // Base units only.
      expect(name, name).not.toMatch(
        /_(ms|milliseconds|us|microseconds|minutes|hours|kb|mb|gb|kib|mib|percent)(_|$)/,
      );
      if (/duration|lag|latency|cpu|time/.test(name))
        expect(name, name).toMatch(/_seconds(_total)?$|_info$/);
      if (/memory|disk|heap|budget/.test(name) && type !== 'counter')
        expect(name, name).toMatch(/_bytes$|_items$|_spaces?$/);
    }
    // No label with unbounded values.
    for (const m of text.matchAll(/^watcher_\w+\{([^}]*)\}/gm))
      for (const pair of m[1].split(/,(?=\w+=")/)) {
        const name = pair.split('=')[0];
        expect(ALLOWED_LABELS.has(name), `label ${name}`).toBe(true);
      }
    for (const name of [
      'watcher_camera_fps',
      'watcher_camera_state',
      'watcher_camera_frames_dropped_total',
      'watcher_camera_frames_lost_total',
      'watcher_camera_reconnects_total',
      'watcher_stage_duration_seconds',
      'watcher_inference_duration_seconds',
      'watcher_inference_queue_frames',
      'watcher_event_writer_queue_items',
      'watcher_infractions_total',
      'watcher_alarms_total',
      'watcher_alarms_open',
      'watcher_sync_lag_seconds',
      'watcher_sync_pending_changes',
      'watcher_evidence_disk_bytes',
      'watcher_evidence_budget_bytes',
      'watcher_worker_cpu_seconds_total',
      'watcher_worker_resident_memory_bytes',
      'watcher_process_cpu_seconds_total',
      'watcher_process_resident_memory_bytes',
      'watcher_nodejs_eventloop_lag_seconds',
      'watcher_mqtt_connected',
      'watcher_mqtt_queue_messages',
      'watcher_mqtt_dropped_total',
      'watcher_mqtt_published_total',
      'watcher_notify_outbox_depth',
      'watcher_notify_deliveries_total',
      'watcher_notify_retries_total',
    ])
      expect(fams.has(name), name).toBe(true);
    expect(sample(text, 'watcher_notify_outbox_depth', 'channel_kind="email"')).toBe(2);
    expect(sample(text, 'watcher_notify_outbox_depth', 'channel_kind="sms"')).toBe(0);
    expect(
      sample(text, 'watcher_notify_deliveries_total', 'channel_kind="webhook",state="sent"'),
    ).toBe(1);
    expect(
      sample(text, 'watcher_notify_deliveries_total', 'channel_kind="email",state="failed"'),
    ).toBe(0);
    expect(sample(text, 'watcher_notify_retries_total', 'channel_kind="webhook"')).toBe(1);
    expect(sample(text, 'watcher_sync_lag_seconds', '')).toBeUndefined(); // label-less: no braces
    expect(text).toMatch(/^watcher_sync_lag_seconds 30$/m);
    expect(sample(text, 'watcher_camera_state', 'camera="demo",state="streaming"')).toBe(1);
    expect(sample(text, 'watcher_camera_state', 'camera="demo",state="error"')).toBe(0);
  });

  it('exposes the MQTT publisher: connected, queue, dropped and published', async () => {
    const m = makeMetrics();
    let st = mqttStatus({ connected: true, queued: 3, dropped: 0, published: 10 });
    registerMqttMetrics(m, () => st);
    let text = await m.text();
    expect(families(text).get('watcher_mqtt_connected')).toBe('gauge');
    expect(families(text).get('watcher_mqtt_queue_messages')).toBe('gauge');
    expect(families(text).get('watcher_mqtt_dropped_total')).toBe('counter');
    expect(families(text).get('watcher_mqtt_published_total')).toBe('counter');
    expect(text).toMatch(/^watcher_mqtt_connected 1$/m);
    expect(text).toMatch(/^watcher_mqtt_queue_messages 3$/m);
    expect(text).toMatch(/^watcher_mqtt_published_total 10$/m);
    expect(text).toMatch(/^watcher_mqtt_dropped_total 0$/m);
    // The broker went away: the queue fills and the oldest are dropped.
    st = mqttStatus({ connected: false, queued: 50, dropped: 12, published: 14 });
    text = await m.text();
    expect(text).toMatch(/^watcher_mqtt_connected 0$/m);
    expect(text).toMatch(/^watcher_mqtt_queue_messages 50$/m);
    expect(text).toMatch(/^watcher_mqtt_dropped_total 12$/m);
    expect(text).toMatch(/^watcher_mqtt_published_total 14$/m);
  });

  it('registration API refuses names that break the rules', () => {
    const m = makeMetrics();
    expect(() => m.counter({ name: 'notify_failures_total', help: 'x' })).toThrow(/watcher_/);
    expect(() => m.counter({ name: 'watcher_notify_failures', help: 'x' })).toThrow(/_total/);
    expect(() => m.gauge({ name: 'watcher_outbox_total', help: 'x' })).toThrow(/_total/);
  });

  it('another module adds its figures to the same registry', async () => {
    const m = makeMetrics();
    const depth = m.gauge({ name: 'watcher_notify_outbox_items', help: 'Outbox depth.' });
    let outbox = 7;
    m.registerCollector(() => depth.set(outbox));
    expect(await m.text()).toMatch(/^watcher_notify_outbox_items 7$/m);
    outbox = 2;
    expect(await m.text()).toMatch(/^watcher_notify_outbox_items 2$/m);
  });

  it('merges worker snapshots into cumulative histograms and a CPU counter', async () => {
    const m = makeMetrics();
    m.workerSnapshot('worker-1', snapshot(2, 2));
    m.workerSnapshot('worker-1', snapshot(3, 5));
    // The worker restarted: its CPU time starts again from zero and counts whole.
    m.workerSnapshot('worker-1', snapshot(0.5, 1));
    const decode = m.stageSeconds.totals({ camera: 'demo', stage: 'decode' })!;
    expect(decode.count).toBe(8);
    expect(decode.counts[3]).toBe(8);
    const text = await m.text();
    expect(sample(text, 'watcher_worker_cpu_seconds_total', 'worker="worker-1"')).toBeCloseTo(3.5);
    expect(
      sample(
        text,
        'watcher_stage_duration_seconds_bucket',
        'camera="demo",stage="decode",le="+Inf"',
      ),
    ).toBe(8);
    // Buckets are cumulative: the one holding the observations and every larger one show 8.
    expect(
      sample(
        text,
        'watcher_stage_duration_seconds_bucket',
        `camera="demo",stage="decode",le="${LATENCY_BUCKETS_SECONDS[2]}"`,
      ),
    ).toBe(0);
    expect(
      sample(
        text,
        'watcher_stage_duration_seconds_bucket',
        `camera="demo",stage="decode",le="${LATENCY_BUCKETS_SECONDS[3]}"`,
      ),
    ).toBe(8);
    expect(
      sample(text, 'watcher_stage_duration_seconds_count', 'camera="demo",stage="decode"'),
    ).toBe(8);
    expect(sample(text, 'watcher_inference_queue_frames', 'camera="demo"')).toBe(1);
    expect(sample(text, 'watcher_worker_resident_memory_bytes', 'worker="worker-1"')).toBe(
      123_456_789,
    );
  });

  it('counts camera frame counters across pipeline restarts, infractions and alarms', async () => {
    const m = makeMetrics();
    const ev = (p: CameraStatus) =>
      m.onHostEvent({ kind: 'event', topic: 'camera.status', payload: p });
    ev(status({ droppedByRate: 3, lost: 1, reconnects: 0 }));
    ev(status({ droppedByRate: 5, lost: 1, reconnects: 1 }));
    ev(status({ droppedByRate: 2, lost: 0, reconnects: 0 })); // restarted pipeline
    const alarm = {
      id: 'a1',
      category: 'traffic',
      priority: 2,
      state: 'new',
      source: { kind: 'infraction' },
      firstAt: 0,
      lastAt: 0,
      count: 1,
      eventIds: [],
    };
    m.onHostEvent({ kind: 'event', topic: 'alarm.raised', payload: alarm } as never);
    m.onHostEvent({ kind: 'event', topic: 'alarm.raised', payload: alarm } as never);
    m.onHostEvent({
      kind: 'event',
      topic: 'infraction.created',
      payload: { type: 'speeding' },
    } as never);
    let text = await m.text();
    expect(sample(text, 'watcher_camera_frames_dropped_total', 'camera="demo"')).toBe(7);
    expect(sample(text, 'watcher_camera_frames_lost_total', 'camera="demo"')).toBe(1);
    expect(sample(text, 'watcher_camera_reconnects_total', 'camera="demo"')).toBe(1);
    expect(sample(text, 'watcher_infractions_total', 'type="speeding"')).toBe(1);
    expect(sample(text, 'watcher_alarms_total', 'priority="2",category="traffic"')).toBe(1);
    expect(sample(text, 'watcher_alarms_open', 'priority="2",category="traffic"')).toBe(1);
    m.onHostEvent({
      kind: 'event',
      topic: 'alarm.updated',
      payload: { ...alarm, state: 'closed' },
    } as never);
    text = await m.text();
    expect(sample(text, 'watcher_alarms_open', 'priority="2",category="traffic"')).toBeUndefined();
  });
});

describe('worker figures', () => {
  it('turns restarting cumulative values into increments', () => {
    const d = new CumulativeDeltas();
    expect([d.delta('k', 3), d.delta('k', 5), d.delta('k', 1), d.delta('k', 4)]).toEqual([
      3, 2, 1, 3,
    ]);
  });

  it('sums queue depths per camera and forgets a worker that is gone', () => {
    const f = new WorkerFigures();
    f.apply('w1', snapshot(1));
    expect(f.inferenceQueue()).toEqual([['demo', 1]]);
    f.forget('w1');
    expect(f.inferenceQueue()).toEqual([]);
    expect(f.rssBytes()).toEqual([]);
  });
});
