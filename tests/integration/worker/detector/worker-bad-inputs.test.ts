import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { until } from '../../../helpers/until';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  cameraConfigSchema,
  type CameraConfigInput,
  type CameraStatus,
} from '../../../../electron/shared/config/camera';
import { forkWithChildProcess } from '../../../../electron/host/workers/node-forker';
import type { WorkerProcess } from '../../../../electron/host/workers/worker-process';
import {
  workerToHostSchema,
  type HostToWorker,
  type WorkerToHost,
} from '../../../../electron/shared/protocol/worker-protocol';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import { repoRoot } from '../../../helpers/fixtures';
import { writeTestH264 } from '../../../helpers/ring-buffer-fixture';
import { freePort } from '../../../helpers/rtsp-server';
import { identityImageModel, reshapeV8Model } from './onnx-writer';

const dir = mkdtempSync(path.join(os.tmpdir(), 'worker-bad-'));
const entry = path.join(repoRoot, 'inference/worker/worker-main.ts');

interface Seen {
  statuses: Map<string, CameraStatus[]>;
  detections: Map<string, number>;
  previews: Map<string, number[]>;
  detectionFrames: Map<string, number[]>;
  pongs: number;
  logs: Array<{ msg: string; fields?: Record<string, unknown> }>;
}

describe('bad inputs through a real worker process', () => {
  let worker: WorkerProcess;
  const seen: Seen = {
    statuses: new Map(),
    detections: new Map(),
    previews: new Map(),
    detectionFrames: new Map(),
    pongs: 0,
    logs: [],
  };
  const last = (id: string): CameraStatus | undefined => seen.statuses.get(id)?.at(-1);
  const everErr = (id: string): CameraStatus | undefined =>
    seen.statuses.get(id)?.find((s) => s.state === 'error');

  beforeAll(async () => {
    // A text file named like a video, and a video cut in half (its index at the end is lost).
    writeFileSync(path.join(dir, 'notes.mp4'), 'not a video at all\n'.repeat(100));
    const clip = path.join(dir, 'clip.mp4');
    writeTestH264({ ffmpeg: ffmpegBinary().path, seconds: 3, size: '320x240', gop: null }, clip);
    const bytes = readFileSync(clip);
    writeFileSync(path.join(dir, 'truncated.mp4'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    writeFileSync(path.join(dir, 'not-a-model.onnx'), 'definitely not protobuf');
    writeFileSync(path.join(dir, 'identity.onnx'), identityImageModel());
    writeFileSync(path.join(dir, 'tiny.onnx'), reshapeV8Model(8, ['a', 'b'], 32));
    const closedPort = await freePort();

    worker = forkWithChildProcess(entry, { name: 'test-worker' });
    worker.onMessage((raw) => {
      const parsed = workerToHostSchema.safeParse(raw);
      if (!parsed.success) throw new Error(`invalid worker message: ${parsed.error.message}`);
      const msg: WorkerToHost = parsed.data;
      if (msg.type === 'camera-status') {
        const list = seen.statuses.get(msg.status.cameraId) ?? [];
        list.push(msg.status);
        seen.statuses.set(msg.status.cameraId, list);
      } else if (msg.type === 'detections') {
        seen.detections.set(
          msg.cameraId,
          (seen.detections.get(msg.cameraId) ?? 0) + msg.detections.length,
        );
        seen.detectionFrames.set(msg.cameraId, [
          ...(seen.detectionFrames.get(msg.cameraId) ?? []),
          msg.frameId,
        ]);
      } else if (msg.type === 'preview') {
        seen.previews.set(msg.cameraId, [...(seen.previews.get(msg.cameraId) ?? []), msg.frameId]);
      } else if (msg.type === 'pong') seen.pongs++;
      else if (msg.type === 'log') seen.logs.push({ msg: msg.msg, fields: msg.fields });
    });
    const send = (m: HostToWorker) => worker.postMessage(m);
    send({
      type: 'init',
      workerId: 'test-worker',
      dataDir: dir,
      ffmpegPath: ffmpegBinary().path,
      modelsDir: path.join(dir, 'models'),
      // CUDA cannot start here (no provider libraries): every model must fall back to CPU and say why.
      inference: { provider: 'cuda', intraOpThreads: 1, interOpThreads: 1 },
    });
    const cam = (c: CameraConfigInput) =>
      cameraConfigSchema.parse({
        stallTimeoutSec: 5,
        buffer: { seconds: 0 },
        preview: { fps: 5, width: 320 },
        analysis: { fps: 5 },
        ...c,
      });
    send({
      type: 'set-cameras',
      cameras: [
        cam({ id: 'good', name: 'demo', source: { kind: 'demo' } }),
        cam({
          id: 'unreachable',
          name: 'x',
          source: { kind: 'rtsp', url: `rtsp://admin:hunter2@127.0.0.1:${closedPort}/stream` },
        }),
        cam({
          id: 'notvideo',
          name: 'x',
          source: { kind: 'file', path: path.join(dir, 'notes.mp4') },
        }),
        cam({
          id: 'truncated',
          name: 'x',
          source: { kind: 'file', path: path.join(dir, 'truncated.mp4') },
        }),
        cam({
          id: 'badmodel',
          name: 'x',
          source: { kind: 'demo' },
          detector: { kind: 'onnx', modelId: path.join(dir, 'not-a-model.onnx') },
        }),
        cam({
          id: 'layout',
          name: 'x',
          source: { kind: 'demo' },
          detector: { kind: 'onnx', modelId: path.join(dir, 'identity.onnx') },
        }),
        cam({
          id: 'cudafallback',
          name: 'x',
          source: { kind: 'demo' },
          detector: { kind: 'onnx', modelId: path.join(dir, 'tiny.onnx'), motionGate: false },
        }),
        cam({
          id: 'noplatemodel',
          name: 'x',
          source: { kind: 'demo' },
          plateDetectorModelId: 'no-such-plate-model',
        }),
      ],
    });
    await until(
      () =>
        ['notvideo', 'truncated', 'unreachable', 'badmodel', 'layout'].every((id) => everErr(id)) &&
        (seen.detections.get('good') ?? 0) > 0,
      45_000,
      'all cameras to report',
    );
  });

  afterAll(async () => {
    worker?.postMessage({ type: 'shutdown' } satisfies HostToWorker);
    await new Promise((r) => setTimeout(r, 300));
    worker?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('unreachable RTSP URL: error state, reason without the password, retried', () => {
    const s = everErr('unreachable')!;
    expect(s.reasonCode).toBe('camera.error.unreachable');
    expect(s.reason).toMatch(/cannot reach the source/);
    for (const st of seen.statuses.get('unreachable')!)
      expect(st.reason ?? '').not.toContain('hunter2');
  });

  it('a file that is not video and a truncated mp4 each get their own reason', () => {
    expect(everErr('notvideo')).toMatchObject({ reasonCode: 'camera.error.not_video' });
    expect(everErr('truncated')).toMatchObject({ reasonCode: 'camera.error.truncated' });
    expect(everErr('truncated')!.reason).toMatch(/truncated or damaged/);
  });

  it('a model file that is not ONNX, and an ONNX model with an unknown output layout', () => {
    expect(everErr('badmodel')).toMatchObject({ reasonCode: 'inference.model.not_onnx' });
    expect(everErr('badmodel')!.reason).toContain('is not an ONNX model');
    const layout = everErr('layout')!;
    expect(layout.reasonCode).toBe('inference.model.layout');
    expect(layout.reason).toContain('expected one of');
    expect(layout.reason).toContain('found features [1,3,32,32]');
  });

  it('a provider that cannot start falls back to CPU and says why', async () => {
    await until(
      () => last('cudafallback')?.state === 'streaming',
      30_000,
      'the fallback camera to stream',
    );
    const s = last('cudafallback')!;
    expect(s.provider).toBe('cpu');
    expect(s.providerNote).toMatch(
      /cuda unavailable: .+; tensorrt unavailable: .+; webgpu unavailable: .+; using cpu/,
    );
  });

  it('the worker and the healthy camera keep running, previews and detections sharing frameIds', async () => {
    const framesBefore = last('good')!.frames;
    await until(() => last('good')!.frames > framesBefore, 30_000, 'more frames');
    worker.postMessage({ type: 'ping', t: Date.now() } satisfies HostToWorker);
    await until(() => seen.pongs > 0, 5000, 'pong');
    expect(last('good')!.state).toBe('streaming');
    expect(last('good')!.frames).toBeGreaterThan(framesBefore);
    expect(last('good')!.provider).toBe('motion');
    // Motion boxes around the demo's moving vehicles, computed on frames that were also previewed.
    expect(seen.detections.get('good')).toBeGreaterThan(0);
    const previewIds = new Set(seen.previews.get('good'));
    const detIds = seen.detectionFrames.get('good')!;
    expect(detIds.filter((id) => previewIds.has(id)).length).toBeGreaterThan(detIds.length / 2);
  });

  it('a plate-detector model that is not installed is logged; the camera streams and reads plates by text', async () => {
    await until(() => last('noplatemodel')?.state === 'streaming', 30_000, 'the camera to stream');
    const line = seen.logs.find((l) => l.msg.startsWith('plate detector model unavailable'));
    expect(line, JSON.stringify(seen.logs.slice(-10))).toBeDefined();
    expect(line!.fields).toMatchObject({
      cameraId: 'noplatemodel',
      modelId: 'no-such-plate-model',
    });
    expect(String(line!.fields!.error)).toContain('is not installed');
  });
});
