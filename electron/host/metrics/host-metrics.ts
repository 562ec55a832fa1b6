import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';
import type { EventEnvelope } from '../../shared/api/envelope';
import { cameraStateSchema, type CameraStatus } from '../../shared/config/camera';
import type { Alarm } from '../../shared/domain/alarm';
import type { InfractionEvent } from '../../shared/domain/infraction';
import type { EvidenceUsage, WorkerStateInfo } from '../../shared/api/methods/system';
import type { WorkerMetricsSnapshot } from '../../shared/protocol/worker-metrics';
import { SnapshotHistogram } from './snapshot-histogram';
import { CumulativeDeltas, WorkerFigures } from './worker-figures';

export const METRIC_PREFIX = 'watcher_';

/** What the host's metrics read at scrape time; each source is optional (no store: no sync). */
export interface HostMetricsSources {
  cameraStatuses(): CameraStatus[];
  workerStates(): WorkerStateInfo[];
  /** Epoch ms of the last successful sync (undefined: never / not configured) and outbox size. */
  sync?(): { lastSyncAt?: number; pendingChanges: number } | undefined;
  evidence?(): EvidenceUsage[];
  /** Items waiting in the store's batch writer, and how many it has dropped so far. */
  eventWriter?(): { queued: number; dropped: number } | undefined;
  now?(): number;
}

/**
 * The host's one Prometheus registry (`GET /metrics`): the host process (prom-client's default
 * metrics, prefixed), cameras, the workers' stage histograms merged from their snapshots,
 * infractions and alarms counted from the event bus, sync, evidence disk use.
 *
 * Other modules add their own figures to the same registry, e.g. the notification outbox:
 *
 * ```ts
 * const depth = host.metrics.gauge({ name: 'watcher_notify_outbox_items', help: '…' });
 * const failed = host.metrics.counter({
 *   name: 'watcher_notify_failures_total', help: '…', labelNames: ['channel'],
 * });
 * host.metrics.registerCollector(() => depth.set(outbox.size()));   // run before each scrape
 * failed.inc({ channel: 'email' });
 * ```
 *
 * Names must start with `watcher_`, use base units (`_seconds`, `_bytes`) and counters end in
 * `_total` (a unit test checks every exposed name). Labels must have bounded values: camera ids
 * (bounded by configuration), stage, model, provider, type, never track ids, plates or event ids.
 */
export class HostMetrics {
  readonly registry = new Registry();
  private readonly collectors = new Set<() => void | Promise<void>>();
  private readonly figures = new WorkerFigures();
  private readonly cameraDeltas = new CumulativeDeltas();
  private readonly workerRestarts = new CumulativeDeltas();
  private readonly writerDropped = new CumulativeDeltas();
  private readonly openAlarms = new Map<string, { priority: string; category: string }>();

  readonly stageSeconds: SnapshotHistogram;
  readonly inferenceSeconds: SnapshotHistogram;
  private readonly droppedFrames: Counter<'camera'>;
  private readonly lostFrames: Counter<'camera'>;
  private readonly reconnects: Counter<'camera'>;
  private readonly infractions: Counter<'type'>;
  private readonly alarms: Counter<'priority' | 'category'>;
  private readonly workerCpu: Counter<'worker'>;

  constructor(private readonly sources: HostMetricsSources) {
    const registry = this.registry;
    collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
    // prom-client also exposes these three as gauges ending in `_total`, which Prometheus' own
    // lint (`promtool check metrics`) refuses; the same figures stay as `…_active_handles` etc.
    for (const name of ['active_handles_total', 'active_requests_total', 'active_resources_total'])
      registry.removeSingleMetric(`${METRIC_PREFIX}nodejs_${name}`);
    const now = sources.now ?? Date.now;

    this.gauge({
      name: 'watcher_camera_fps',
      help: 'Frames per second the camera is analysed at now.',
      labelNames: ['camera'],
      collect() {
        this.reset();
        for (const s of sources.cameraStatuses()) this.set({ camera: s.cameraId }, s.fps);
      },
    });
    this.gauge({
      name: 'watcher_camera_state',
      help: 'Camera state: 1 for the state the camera is in, 0 for the others.',
      labelNames: ['camera', 'state'],
      collect() {
        this.reset();
        for (const s of sources.cameraStatuses())
          for (const state of cameraStateSchema.options)
            this.set({ camera: s.cameraId, state }, s.state === state ? 1 : 0);
      },
    });
    this.droppedFrames = this.counter({
      name: 'watcher_camera_frames_dropped_total',
      help: 'Source frames skipped on purpose to keep the configured analysis rate.',
      labelNames: ['camera'],
    });
    this.lostFrames = this.counter({
      name: 'watcher_camera_frames_lost_total',
      help: 'Frames lost to load (replaced before the detector could run) or unreadable.',
      labelNames: ['camera'],
    });
    this.reconnects = this.counter({
      name: 'watcher_camera_reconnects_total',
      help: 'Times the camera source was reconnected.',
      labelNames: ['camera'],
    });
    this.stageSeconds = new SnapshotHistogram(
      'watcher_stage_duration_seconds',
      'Time one frame (evidence: one infraction) spends in a pipeline stage of its worker.',
      ['camera', 'stage'],
      registry,
    );
    this.inferenceSeconds = new SnapshotHistogram(
      'watcher_inference_duration_seconds',
      'Detector run time by model and execution provider (motion detector: model "motion").',
      ['model', 'provider'],
      registry,
    );
    const figures = this.figures;
    this.gauge({
      name: 'watcher_inference_queue_frames',
      help: 'Frames waiting for the detector, per camera.',
      labelNames: ['camera'],
      collect() {
        this.reset();
        for (const [camera, frames] of figures.inferenceQueue()) this.set({ camera }, frames);
      },
    });
    const writerDropped = this.writerDropped;
    const droppedEvents = this.counter({
      name: 'watcher_event_writer_dropped_total',
      help: 'Events and metrics rows the store writer dropped because its queue was full.',
    });
    this.gauge({
      name: 'watcher_event_writer_queue_items',
      help: 'Events, metrics rows and infractions waiting to be written to the local store.',
      collect() {
        const w = sources.eventWriter?.();
        this.set(w?.queued ?? 0);
        if (w) droppedEvents.inc(writerDropped.delta('dropped', w.dropped));
      },
    });
    this.infractions = this.counter({
      name: 'watcher_infractions_total',
      help: 'Sealed infractions and safety alerts received from the workers, by type.',
      labelNames: ['type'],
    });
    this.alarms = this.counter({
      name: 'watcher_alarms_total',
      help: 'Alarms raised, by priority (1 highest) and category.',
      labelNames: ['priority', 'category'],
    });
    const openAlarms = this.openAlarms;
    this.gauge({
      name: 'watcher_alarms_open',
      help: 'Alarms not closed, by priority and category (as raised or updated since start).',
      labelNames: ['priority', 'category'],
      collect() {
        this.reset();
        for (const a of openAlarms.values()) this.inc(a);
      },
    });
    const lag = new CallbackGauge(
      'watcher_sync_lag_seconds',
      'Seconds since the last successful sync with the central database (absent before the first).',
      () => {
        const s = safe(() => sources.sync?.());
        return s?.lastSyncAt === undefined ? [] : [{ value: (now() - s.lastSyncAt) / 1000 }];
      },
    );
    registry.registerMetric(lag as never);
    this.gauge({
      name: 'watcher_sync_pending_changes',
      help: 'Local changes waiting in the outbox to be pushed to the central database.',
      collect() {
        this.set(safe(() => sources.sync?.())?.pendingChanges ?? 0);
      },
    });
    const evidence = () => safe(() => sources.evidence?.()) ?? [];
    this.gauge({
      name: 'watcher_evidence_disk_bytes',
      help: 'Evidence bytes on disk per camera (as of the last budget check).',
      labelNames: ['camera'],
      collect() {
        this.reset();
        for (const u of evidence()) this.set({ camera: u.cameraId }, u.usedBytes);
      },
    });
    this.gauge({
      name: 'watcher_evidence_budget_bytes',
      help: 'Evidence disk budget per camera.',
      labelNames: ['camera'],
      collect() {
        this.reset();
        for (const u of evidence()) this.set({ camera: u.cameraId }, u.budgetBytes);
      },
    });
    this.gauge({
      name: 'watcher_evidence_protected_bytes',
      help: 'Evidence bytes per camera that retention never deletes (open or locked cases).',
      labelNames: ['camera'],
      collect() {
        this.reset();
        for (const u of evidence()) this.set({ camera: u.cameraId }, u.protectedBytes);
      },
    });
    this.workerCpu = this.counter({
      name: 'watcher_worker_cpu_seconds_total',
      help: 'CPU time (user + system) of each inference worker process.',
      labelNames: ['worker'],
    });
    this.gauge({
      name: 'watcher_worker_resident_memory_bytes',
      help: 'Resident memory of each inference worker process.',
      labelNames: ['worker'],
      collect() {
        this.reset();
        // Only workers the supervisor still has (a removed one's last figure must not linger).
        const live = new Set(
          sources
            .workerStates()
            .filter((w) => w.state !== 'stopped')
            .map((w) => w.workerId),
        );
        for (const [worker, bytes] of figures.rssBytes())
          if (live.has(worker)) this.set({ worker }, bytes);
          else figures.forget(worker);
      },
    });
    const restarts = this.workerRestarts;
    const restartsTotal = this.counter({
      name: 'watcher_worker_restarts_total',
      help: 'Times the supervisor restarted an inference worker.',
      labelNames: ['worker'],
    });
    this.gauge({
      name: 'watcher_worker_up',
      help: 'Inference worker running (1) or not (0).',
      labelNames: ['worker'],
      collect() {
        this.reset();
        for (const w of sources.workerStates()) {
          this.set({ worker: w.workerId }, w.state === 'running' ? 1 : 0);
          restartsTotal.inc({ worker: w.workerId }, restarts.delta(w.workerId, w.restarts));
        }
      },
    });
  }

  // ── registration API for other modules ────────────────────────────────────────────────────

  /** A counter on the host's registry (name checked: `watcher_…_total`). */
  counter<L extends string = string>(
    config: Omit<CounterConfiguration<L>, 'registers'>,
  ): Counter<L> {
    checkName(config.name, 'counter');
    return new Counter<L>({ ...config, registers: [this.registry] });
  }

  /** A gauge on the host's registry (`collect` runs before each scrape). */
  gauge<L extends string = string>(config: Omit<GaugeConfiguration<L>, 'registers'>): Gauge<L> {
    checkName(config.name, 'gauge');
    return new Gauge<L>({ ...config, registers: [this.registry] });
  }

  /** A histogram on the host's registry (observations in seconds or bytes). */
  histogram<L extends string = string>(
    config: Omit<HistogramConfiguration<L>, 'registers'>,
  ): Histogram<L> {
    checkName(config.name, 'histogram');
    return new Histogram<L>({ ...config, registers: [this.registry] });
  }

  /** Runs before every scrape (to set gauges from another module's state); returns an unregister. */
  registerCollector(collect: () => void | Promise<void>): () => void {
    this.collectors.add(collect);
    return () => this.collectors.delete(collect);
  }

  // ── inputs ────────────────────────────────────────────────────────────────────────────────

  /** A worker's snapshot: stage and inference deltas added in, CPU and memory taken over. */
  workerSnapshot(workerId: string, s: WorkerMetricsSnapshot): void {
    for (const st of s.stages)
      this.stageSeconds.add({ camera: st.cameraId, stage: st.stage }, st.h);
    for (const inf of s.inference)
      this.inferenceSeconds.add({ model: inf.model, provider: inf.provider }, inf.h);
    this.workerCpu.inc({ worker: workerId }, this.figures.apply(workerId, s));
  }

  /** A camera's status (cumulative frame counters since its pipeline started). */
  cameraStatus(s: CameraStatus): void {
    const camera = s.cameraId;
    this.droppedFrames.inc({ camera }, this.cameraDeltas.delta(`${camera}\0d`, s.droppedByRate));
    this.lostFrames.inc({ camera }, this.cameraDeltas.delta(`${camera}\0l`, s.lost));
    this.reconnects.inc({ camera }, this.cameraDeltas.delta(`${camera}\0r`, s.reconnects));
  }

  /** Every host event passes here (subscribe with `host.onEvent`): infractions and alarms. */
  onHostEvent(event: EventEnvelope): void {
    switch (event.topic) {
      case 'camera.status':
        this.cameraStatus(event.payload as CameraStatus);
        break;
      case 'infraction.created':
        this.infractions.inc({ type: (event.payload as InfractionEvent).type });
        break;
      case 'alarm.raised':
      case 'alarm.updated': {
        const a = event.payload as Alarm;
        const labels = { priority: String(a.priority), category: a.category };
        if (event.topic === 'alarm.raised' && !this.openAlarms.has(a.id)) this.alarms.inc(labels);
        if (a.state === 'closed') this.openAlarms.delete(a.id);
        else this.openAlarms.set(a.id, labels);
        break;
      }
      default:
        break;
    }
  }

  forgetWorker(workerId: string): void {
    this.figures.forget(workerId);
  }

  // ── output ────────────────────────────────────────────────────────────────────────────────

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text (Prometheus text format 0.0.4). */
  async text(): Promise<string> {
    for (const c of this.collectors) {
      try {
        await c();
      } catch {
        // One module's failing collector must not take the scrape down.
      }
    }
    return this.registry.metrics();
  }
}

function checkName(name: string, type: 'counter' | 'gauge' | 'histogram'): void {
  if (!name.startsWith(METRIC_PREFIX)) throw new Error(`metric ${name} must start with watcher_`);
  if (type === 'counter' && !name.endsWith('_total'))
    throw new Error(`counter ${name} must end in _total`);
  if (type !== 'counter' && name.endsWith('_total'))
    throw new Error(`${type} ${name} must not end in _total`);
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/** A gauge that may have no sample at all (prom-client's label-less gauge always shows one). */
class CallbackGauge {
  readonly type = 'gauge';
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly read: () => { labels?: Record<string, string>; value: number }[],
  ) {}
  reset(): void {}
  get() {
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: 'sum' as const,
      values: this.read().map((v) => ({ labels: v.labels ?? {}, value: v.value })),
    };
  }
}
