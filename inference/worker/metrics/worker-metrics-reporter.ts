import {
  HistogramAccumulator,
  WORKER_METRICS_INTERVAL_MS,
  type PipelineStage,
  type WorkerMetricsSnapshot,
} from '../../../electron/shared/protocol/worker-metrics';

/**
 * The worker's side of `/metrics`: every stage timing is folded into histogram buckets here, and
 * only a compact snapshot (what accumulated since the previous one, plus the process's CPU time
 * and memory) goes to the host every WORKER_METRICS_INTERVAL_MS. Nothing is sent per frame.
 */
export class WorkerMetricsReporter {
  private readonly stages = new HistogramAccumulator<{ cameraId: string; stage: PipelineStage }>();
  private readonly inference = new HistogramAccumulator<{ model: string; provider: string }>();
  private timer?: ReturnType<typeof setInterval>;

  constructor(
    private readonly send: (snapshot: WorkerMetricsSnapshot) => void,
    private readonly queues: () => { cameraId: string; frames: number }[],
  ) {}

  /** Observer for one camera's pipeline and scene stage. */
  observer(
    cameraId: string,
  ): (stage: PipelineStage, ms: number, inference?: { model: string; provider: string }) => void {
    return (stage, ms, inference) => {
      this.stages.observe({ cameraId, stage }, ms / 1000);
      if (inference) this.inference.observe(inference, ms / 1000);
    };
  }

  start(intervalMs = WORKER_METRICS_INTERVAL_MS): this {
    this.timer = setInterval(() => this.flush(), intervalMs);
    this.timer.unref();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  snapshot(): WorkerMetricsSnapshot {
    const cpu = process.cpuUsage();
    return {
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      rssBytes: process.memoryUsage().rss,
      stages: this.stages.take().map(({ key, h }) => ({ ...key, h })),
      inference: this.inference.take().map(({ key, h }) => ({ ...key, h })),
      inferenceQueue: this.queues(),
    };
  }

  flush(): void {
    this.send(this.snapshot());
  }
}
