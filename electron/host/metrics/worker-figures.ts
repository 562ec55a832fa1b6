import type { WorkerMetricsSnapshot } from '../../shared/protocol/worker-metrics';

/**
 * Per worker process figures that arrive as absolute values (CPU seconds since the process
 * started, resident memory) and the queue depths of its cameras. CPU time becomes a counter that
 * never goes down: a restarted worker starts from zero again, so its first value counts whole.
 */
export class WorkerFigures {
  private readonly lastCpu = new Map<string, number>();
  private readonly rss = new Map<string, number>();
  private readonly queues = new Map<string, Map<string, number>>();

  /** Folds one snapshot in; returns the CPU seconds to add to the worker's counter. */
  apply(workerId: string, s: WorkerMetricsSnapshot): number {
    const prev = this.lastCpu.get(workerId);
    const delta = prev === undefined || s.cpuSeconds < prev ? s.cpuSeconds : s.cpuSeconds - prev;
    this.lastCpu.set(workerId, s.cpuSeconds);
    this.rss.set(workerId, s.rssBytes);
    this.queues.set(workerId, new Map(s.inferenceQueue.map((q) => [q.cameraId, q.frames])));
    return delta;
  }

  /** The worker is gone for good (removed, stopped): its gauges go too. */
  forget(workerId: string): void {
    this.rss.delete(workerId);
    this.queues.delete(workerId);
  }

  rssBytes(): [workerId: string, bytes: number][] {
    return [...this.rss];
  }

  /** Frames waiting for the detector per camera, as the workers last said. */
  inferenceQueue(): [cameraId: string, frames: number][] {
    const out = new Map<string, number>();
    for (const q of this.queues.values())
      for (const [camera, frames] of q) out.set(camera, (out.get(camera) ?? 0) + frames);
    return [...out];
  }
}

/**
 * Turns cumulative per-camera figures that restart from zero (a camera's pipeline restarts with
 * its worker) into increments for counters: a value below the previous one is a restart.
 */
export class CumulativeDeltas {
  private readonly last = new Map<string, number>();

  delta(key: string, value: number): number {
    const prev = this.last.get(key);
    this.last.set(key, value);
    if (prev === undefined) return value;
    return value < prev ? value : value - prev;
  }
}
