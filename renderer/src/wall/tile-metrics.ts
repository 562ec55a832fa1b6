/**
 * Per-tile paint figures (frames painted, capture-to-screen latency) kept in plain objects and
 * exposed as `window.watcherMetrics`, so `watcher bench ui` and the e2e tests can read what the
 * wall actually delivered without instrumenting React.
 */
export interface TileMetrics {
  painted: number;
  /** Sum and count of (paint time − capture time) in ms; both clocks are the host's wall clock. */
  latencySumMs: number;
  latencyMaxMs: number;
  lastFrameId: number;
  overlaysDrawn: number;
  /** The most recent latencies (ring of LATENCY_SAMPLES) for percentiles. */
  recentLatencyMs: number[];
}

const LATENCY_SAMPLES = 600;

const metrics: Record<string, TileMetrics> = {};
(globalThis as { watcherMetrics?: Record<string, TileMetrics> }).watcherMetrics = metrics;

export function recordPaint(
  cameraId: string,
  frameId: number,
  captureTs: number,
  withOverlay: boolean,
): void {
  const m = (metrics[cameraId] ??= {
    painted: 0,
    latencySumMs: 0,
    latencyMaxMs: 0,
    lastFrameId: -1,
    overlaysDrawn: 0,
    recentLatencyMs: [],
  });
  const latency = Math.max(0, Date.now() - captureTs);
  m.painted++;
  m.latencySumMs += latency;
  m.latencyMaxMs = Math.max(m.latencyMaxMs, latency);
  m.lastFrameId = frameId;
  m.recentLatencyMs[m.painted % LATENCY_SAMPLES] = latency;
  if (withOverlay) m.overlaysDrawn++;
}
