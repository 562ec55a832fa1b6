import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import { parseCommandArgs, type CliCommand } from '../command';
import { inferenceSettingsSchema } from '../../../shared/protocol/worker-protocol';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import { runAnalysis, sourceFromArg } from '../../../../inference/worker/analyze-runner';
import type { FrameDetections } from '../../../shared/domain/detection';
import { defaultDataDir } from '../../data-dir';
import { SceneAnalyzer } from '../../../../inference/vision/scene/scene-analyzer';
import { EvidenceWriter } from '../../../../inference/worker/evidence/evidence-writer';
import {
  loadCalibrationFile,
  loadRulesFile,
} from '../../../../inference/worker/evidence/scene-config-files';
import { probeVideoFps } from '../../../../inference/worker/camera/stream-info';
import { StillRing } from '../../../../inference/worker/camera/still-ring';
import type { JpegFrame } from '../../../../inference/worker/camera/camera-runner';
import type { InfractionEvent } from '../../../shared/domain/infraction';

const usage = `watcher analyze <video|url> [options]

Runs the camera pipeline (ffmpeg ingest → detector → post-processing) headless over a video file
or stream and writes the detections of every analysed frame as JSON lines.

Options:
  --model <file.onnx|id>  ONNX detector (path, or an id installed with \`watcher models\`);
                          without it the motion detector runs (label "motion")
  --json                  JSON lines on stdout (default: one readable line per frame)
  --out <file>            write the JSON lines to a file instead; prints a summary
  --fps <n>               analysis rate (default: every frame of the source)
  --classes <a,b,...>     keep only these class names
  --score <0..1>          score threshold (default 0.35)
  --multi-label           every class above the threshold per box (car and truck)
  --motion-gate           skip the model on static frames, as live cameras do
  --realtime              read files at their own pace instead of as fast as possible
  --duration <s>          stop after this many seconds (streams)
  --loop                  loop a file (with --duration)
  --provider <p>          auto | cuda | tensorrt | webgpu | cpu (falls back down the list; default cpu)
  --threads <n>           ONNX Runtime intra-op threads (0: automatic)
  --models-dir <dir>      where installed models live (default <data dir>/models)
  --calibration <file>    camera calibration JSON: tracks get speeds (km/h)
  --rules <file>          rule set JSON: infractions are written as JSON lines, with evidence
  --evidence-dir <dir>    where evidence goes (default ./evidence); check it with verify-evidence
  --camera-id <id>        camera id recorded in infractions (default: "recording")

With --calibration or --rules every frame is analysed and timed by its position in the video, so
speeds are right however fast the file is read. Output lines then have a "type": "frame" (tracks
with trackId and speedKmh), "infraction" (the sealed event with its evidence) or "count".
`;

export const command: CliCommand = {
  name: 'analyze',
  summary: 'Run detection over a video file or stream, writing detections per frame as JSON lines',
  usage,
  async run(argv) {
    const parsed = parseCommandArgs('analyze', usage, argv, {
      model: { type: 'string' },
      json: { type: 'boolean', default: false },
      out: { type: 'string' },
      fps: { type: 'string' },
      classes: { type: 'string' },
      score: { type: 'string' },
      'multi-label': { type: 'boolean', default: false },
      'motion-gate': { type: 'boolean', default: false },
      realtime: { type: 'boolean', default: false },
      duration: { type: 'string' },
      loop: { type: 'boolean', default: false },
      provider: { type: 'string', default: 'cpu' },
      threads: { type: 'string', default: '0' },
      'models-dir': { type: 'string' },
      calibration: { type: 'string' },
      rules: { type: 'string' },
      'evidence-dir': { type: 'string', default: 'evidence' },
      'camera-id': { type: 'string', default: 'recording' },
    });
    if (!parsed) return 2;
    const { values: v, positionals } = parsed;
    if (positionals.length !== 1) {
      process.stderr.write(
        `watcher analyze: give exactly one video file or stream URL\n\n${usage}`,
      );
      return 2;
    }
    const num = (
      name: string,
      raw: string | undefined,
      min: number,
      max: number,
    ): number | undefined => {
      if (raw === undefined) return undefined;
      const n = Number(raw);
      if (!Number.isFinite(n) || n < min || n > max)
        throw new Error(`--${name} must be a number from ${min} to ${max} (got "${raw}")`);
      return n;
    };
    let fps: number | undefined,
      score: number | undefined,
      duration: number | undefined,
      threads: number | undefined;
    let inference;
    try {
      fps = num('fps', v.fps, 0.1, 60);
      score = num('score', v.score, 0, 1);
      duration = num('duration', v.duration, 0.1, 7 * 24 * 3600);
      threads = num('threads', v.threads, 0, 64);
      inference = inferenceSettingsSchema.parse({ provider: v.provider, intraOpThreads: threads });
    } catch (err) {
      const msg =
        err instanceof Error && !('issues' in err)
          ? err.message
          : `--provider must be one of auto, cuda, tensorrt, webgpu, cpu (got "${v.provider}")`;
      process.stderr.write(`watcher analyze: ${msg}\n`);
      return 2;
    }
    const input = positionals[0];
    const source = sourceFromArg(
      /^[a-z]+:\/\//i.test(input) || input.startsWith('/dev/') ? input : path.resolve(input),
      v.loop,
    );
    // Tracks, speeds and rules on top of the detections, when asked for.
    let scene: SceneStep | undefined;
    if (v.calibration || v.rules) {
      if (fps !== undefined) {
        process.stderr.write(
          'watcher analyze: --fps cannot be used with --calibration/--rules (every frame is needed for speed)\n',
        );
        return 2;
      }
      const made = await makeSceneStep(source.kind === 'file' ? source.path : undefined, v);
      if (!made.ok) {
        process.stderr.write(`watcher analyze: ${made.message}\n`);
        return 2;
      }
      scene = made.step;
    }
    let out: WriteStream | undefined;
    if (v.out) out = createWriteStream(v.out);
    const emitLine = (obj: unknown): void => {
      const line = JSON.stringify(obj);
      if (out) out.write(`${line}\n`);
      else process.stdout.write(`${line}\n`);
    };
    const write = (d: FrameDetections): void => {
      const line = JSON.stringify({
        frameId: d.frameId,
        ts: d.ts,
        width: d.width,
        height: d.height,
        detections: d.detections.map((x) => ({
          ...x,
          x1: round(x.x1),
          y1: round(x.y1),
          x2: round(x.x2),
          y2: round(x.y2),
          score: Math.round(x.score * 1000) / 1000,
        })),
      });
      if (out) out.write(`${line}\n`);
      else if (v.json) process.stdout.write(`${line}\n`);
      else {
        const items = d.detections.map(
          (x) =>
            `${x.label} ${x.score.toFixed(2)} [${[x.x1, x.y1, x.x2, x.y2].map((n) => Math.round(n)).join(',')}]`,
        );
        process.stdout.write(`frame ${d.frameId}: ${items.length ? items.join('  ') : '-'}\n`);
      }
    };
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    const summary = await runAnalysis(
      {
        source,
        model: v.model,
        modelsDir: v['models-dir'] ?? path.join(defaultDataDir(), 'models'),
        ffmpegPath: ffmpegBinary().path,
        inference,
        fps,
        classes: v.classes
          ? v.classes
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : undefined,
        scoreThreshold: score,
        multiLabel: v['multi-label'],
        motionGate: v['motion-gate'],
        realtime: v.realtime,
        durationSec: duration,
        signal: stop.signal,
      },
      {
        onFrame: scene ? (d) => scene!.onFrame(d, emitLine) : write,
        ...(scene ? { onStill: (still: JpegFrame) => scene!.onStill(still) } : {}),
        onLog: (level, msg, fields) => {
          if (level === 'error')
            process.stderr.write(
              `watcher analyze: ${msg}${fields ? ` ${JSON.stringify(fields)}` : ''}\n`,
            );
        },
      },
    );
    const infractions = scene ? await scene.finish() : [];
    if (out) await new Promise<void>((resolve) => out!.end(resolve));
    if (scene)
      process.stderr.write(
        `${infractions.length} infraction(s); evidence in ${path.resolve(v['evidence-dir'])}\n`,
      );
    if (summary.error) {
      process.stderr.write(`watcher analyze: ${summary.error.message} [${summary.error.code}]\n`);
      return 1;
    }
    const provider = summary.status?.provider
      ? `, detector ${summary.status.provider}${summary.status.providerNote ? ` (${summary.status.providerNote})` : ''}`
      : '';
    const line = `${summary.frames} frames, ${summary.detections} detections in ${summary.seconds.toFixed(1)} s (${(summary.frames / Math.max(summary.seconds, 1e-9)).toFixed(1)} frames/s${provider})`;
    // The summary goes to stderr whenever stdout carries the per-frame lines.
    (out ? process.stdout : process.stderr).write(`${line}${out ? ` → ${v.out}` : ''}\n`);
    return 0;
  },
};

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

interface SceneStep {
  onFrame(d: FrameDetections, emit: (line: unknown) => void): void;
  /** A source-resolution JPEG of an analysed frame (same frameId as its detections). */
  onStill(still: JpegFrame): void;
  /** Waits for evidence still being cut; returns the sealed infractions in order. */
  finish(): Promise<InfractionEvent[]>;
}

async function makeSceneStep(
  sourceFile: string | undefined,
  v: { calibration?: string; rules?: string; 'evidence-dir': string; 'camera-id': string },
): Promise<{ ok: true; step: SceneStep } | { ok: false; message: string }> {
  if (!sourceFile)
    return {
      ok: false,
      message: '--calibration/--rules need a recorded video file (evidence is cut from it)',
    };
  const calibration = v.calibration ? await loadCalibrationFile(v.calibration) : undefined;
  if (calibration && !calibration.ok)
    return { ok: false, message: `${calibration.error.message} [${calibration.error.code}]` };
  const rules = v.rules ? await loadRulesFile(v.rules) : undefined;
  if (rules && !rules.ok)
    return { ok: false, message: `${rules.error.message} [${rules.error.code}]` };
  const fps = await probeVideoFps(ffmpegBinary().path, sourceFile);
  if (!fps) return { ok: false, message: `cannot read the frame rate of ${sourceFile}` };
  const cameraId = v['camera-id'];
  // occurredAt is wall time of the analysis run plus the frame's media time.
  const analyzer = new SceneAnalyzer({
    cameraId,
    calibration: calibration?.value,
    rules: rules?.value,
    timeOriginMs: Date.now(),
  });
  const writer = new EvidenceWriter({
    root: path.resolve(v['evidence-dir']),
    cameraId,
    ffmpegPath: ffmpegBinary().path,
  });
  const pending: Array<Promise<InfractionEvent | undefined>> = [];
  // Snapshot and crop come from the still of the very frame the rule fired on (same decode, same
  // frameId), never from a seek in the file that may land on a neighbouring frame.
  const stills = new StillRing();
  let firstFrameId: number | undefined;
  return {
    ok: true,
    step: {
      onStill(still) {
        stills.push(still);
      },
      onFrame(d, emit) {
        firstFrameId ??= d.frameId;
        // Media time from the frame's position: reading faster than real time must not change speeds.
        const tsMs = ((d.frameId - firstFrameId) * 1000) / fps;
        const result = analyzer.update({ ...d, ts: tsMs });
        emit({ type: 'frame', frameId: d.frameId, tsMs, detections: result.detections });
        for (const ev of result.events) {
          if (ev.kind === 'count') {
            const { kind: _k, ...count } = ev;
            emit({ type: 'count', ...count });
            continue;
          }
          const { frameId } = ev.infraction;
          pending.push(
            writer
              .write(ev.infraction, {
                sourceFile,
                tsSec: tsMs / 1000,
                boxSpace: { width: d.width, height: d.height },
                exactFrame: stills
                  .waitFor(frameId)
                  .then((s) => (s ? { frameId: s.frameId, jpeg: s.jpeg } : undefined)),
              })
              .then(
                (event) => {
                  emit({ type: 'infraction', event });
                  return event;
                },
                (err: unknown) => {
                  process.stderr.write(
                    `watcher analyze: evidence failed for ${ev.infraction.ruleId}: ${err instanceof Error ? err.message : String(err)}\n`,
                  );
                  return undefined;
                },
              ),
          );
        }
      },
      async finish() {
        // The run has ended: every still has come; a wait still open will not be answered.
        stills.close();
        const done = await Promise.all(pending);
        return done.filter((e): e is InfractionEvent => e !== undefined);
      },
    },
  };
}
