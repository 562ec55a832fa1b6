import { hostToWorkerSchema, type HostToWorker, type WorkerToHost } from '../common/worker-protocol';
import type { CameraConfig } from '../../electron/common/config/camera';
import { parentPort } from './parent-port';
import { CameraRunner } from './camera/camera-runner';

/**
 * Inference worker process entry. It owns its cameras end to end; only status, detections, events
 * and preview JPEGs go to the host. Started by the host's supervisor through utilityProcess.fork
 * (Electron) or child_process.fork (Node).
 */
const send = (msg: WorkerToHost): void => parentPort.send(msg);
const log = (level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void =>
  send({ type: 'log', level, msg, ...(fields ? { fields } : {}) });

let init: Extract<HostToWorker, { type: 'init' }> | undefined;
const runners = new Map<string, { config: string; runner: CameraRunner }>();

function setCameras(cameras: CameraConfig[]): void {
  if (!init) return;
  const wanted = new Map(cameras.filter((c) => c.enabled).map((c) => [c.id, c]));
  for (const [id, r] of runners) {
    const next = wanted.get(id);
    if (!next || JSON.stringify(next) !== r.config) {
      r.runner.stop();
      runners.delete(id);
    }
  }
  for (const [id, config] of wanted) {
    if (runners.has(id)) continue;
    const runner = new CameraRunner(config, init.ffmpegPath, {
      status: (status) => send({ type: 'camera-status', status }),
      preview: (frame) => send({ type: 'preview', cameraId: id, ...frame }),
      log,
    });
    runners.set(id, { config: JSON.stringify(config), runner });
    runner.start();
  }
}

function shutdown(): void {
  for (const r of runners.values()) r.runner.stop();
  runners.clear();
  // Give the IPC channel a moment to flush the final statuses.
  setTimeout(() => process.exit(0), 50);
}

parentPort.onMessage((raw) => {
  const parsed = hostToWorkerSchema.safeParse(raw);
  if (!parsed.success) {
    log('warn', 'invalid message from host ignored');
    return;
  }
  const msg = parsed.data;
  switch (msg.type) {
    case 'init':
      init = msg;
      send({ type: 'ready', pid: process.pid });
      break;
    case 'set-cameras':
      setCameras(msg.cameras);
      break;
    case 'ping':
      send({
        type: 'pong',
        t: msg.t,
        rssBytes: process.memoryUsage().rss,
        cameras: runners.size,
        childPids: [...runners.values()].map((r) => r.runner.pid).filter((p): p is number => p !== undefined),
      });
      break;
    case 'shutdown':
      shutdown();
      break;
  }
});
parentPort.onParentGone(shutdown);
process.on('SIGTERM', shutdown);
