import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { inferenceSettingsSchema } from '../../electron/shared/protocol/worker-protocol';
import { runAnalysis, sourceFromArg } from '../../inference/worker/analyze-runner';
import type { FrameTimings } from '../../inference/worker/camera-pipeline';
import { ffmpegBinary } from '../../inference/worker/ffmpeg/ffmpeg-path';
import { ANALYSIS_FD, pipelineArgs } from '../../inference/worker/camera/pipeline-args';
import { EngineCache } from '../../inference/worker/detector/model-resolver';
import { automaticIntraOpThreads } from '../../inference/worker/onnx/provider-plan';

const usage = `watcher bench pipeline --model <file.onnx> --source <video> [options]

Measures, in one run and one process: bare session.run throughput on a pre-made tensor (the
limit) and the end-to-end pipeline (ffmpeg decode + letterbox → CHW normalise → infer → decode
outputs → NMS) over the source, interleaved: after a warm-up of both, each round measures bare
runs, then the pipeline, then bare runs again, and its ratio is the pipeline's rate over the mean
of the bare rates around it (so drifting machine load biases neither side). Prints the median
ratio with its spread (min, max over rounds), per-stage and end-to-end latency, the peak RSS of
this process (which plays the worker: the pipeline runs here; ffmpeg decoders are separate
processes) and the load average.

Options:
  --cameras <n>     run n copies of the source at once, sharing one session (default 1)
  --seconds <s>     pipeline time in all, split over the rounds (default 20)
  --rounds <n>      interleaved bare / pipeline rounds (default 5)
  --bare-runs <n>   session.run calls for the bare figure per round, half before and half after
                    the round's pipeline (default 60)
  --provider <p>    auto | cuda | tensorrt | webgpu | cpu (default cpu, falls back)
  --threads <n>     ONNX Runtime intra-op threads (default 0: automatic, on the CPU one core
                    left to decoding: the cores less one)
  --session-thread <on|off|both>
                    the session on a thread of its own, as cameras run it (default on), or on the
                    pipeline's thread (off: the fallback path); both: a second session on the
                    pipeline's thread measured in the same rounds (order alternating), side by side
  --json            one JSON object
`;

function pct(values: number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const r1 = (n: number): number => Math.round(n * 10) / 10;
const r3 = (n: number): number => Math.round(n * 1000) / 1000;

export async function run(argv: string[]): Promise<number> {
  let v;
  try {
    v = parseArgs({
      args: argv,
      options: {
        model: { type: 'string' },
        source: { type: 'string' },
        cameras: { type: 'string', default: '1' },
        seconds: { type: 'string', default: '20' },
        'bare-runs': { type: 'string', default: '60' },
        rounds: { type: 'string', default: '5' },
        provider: { type: 'string', default: 'cpu' },
        threads: { type: 'string', default: '0' },
        'session-thread': { type: 'string', default: 'on' },
        json: { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    process.stderr.write(`watcher bench pipeline: ${(err as Error).message}\n\n${usage}`);
    return 2;
  }
  const cameras = Number(v.cameras);
  const seconds = Number(v.seconds);
  const bareRuns = Number(v['bare-runs']);
  const threads = Number(v.threads);
  const rounds = Number(v.rounds);
  if (
    !(Number.isInteger(rounds) && rounds >= 1 && rounds <= 50) ||
    !v.model ||
    !v.source ||
    !(cameras >= 1 && cameras <= 32) ||
    !(seconds > 0) ||
    !(bareRuns >= 1) ||
    !(threads >= 0) ||
    !['on', 'off', 'both'].includes(v['session-thread'])
  ) {
    process.stderr.write(
      `watcher bench pipeline: --model and --source are required; --cameras 1..32, --seconds > 0, --session-thread on|off|both\n\n${usage}`,
    );
    return 2;
  }
  const settings = inferenceSettingsSchema.safeParse({
    provider: v.provider,
    intraOpThreads: threads,
  });
  if (!settings.success) {
    process.stderr.write(
      `watcher bench pipeline: --provider must be auto, cuda, tensorrt, webgpu or cpu\n`,
    );
    return 2;
  }
  const modelPath = path.resolve(v.model);
  const sessionThread = v['session-thread'] !== 'off';
  const newCache = (threaded: boolean): EngineCache =>
    new EngineCache(path.dirname(modelPath), settings.data, cameras, undefined, threaded);
  const engines = newCache(sessionThread);
  // `both`: the same model on the pipeline's thread, measured in the same rounds.
  const refEngines = v['session-thread'] === 'both' ? newCache(false) : undefined;
  let engine;
  let refEngine;
  try {
    engine = await engines.acquire(modelPath);
    refEngine = await refEngines?.acquire(modelPath);
  } catch (err) {
    process.stderr.write(`watcher bench pipeline: ${(err as Error).message}\n`);
    return 1;
  }

  const batch = Math.min(cameras, engine.maxBatch);
  const perSide = Math.max(2, Math.ceil(bareRuns / 2));
  // The limit for n cameras: batches when the model takes them, single runs otherwise; timed on
  // the thread that owns the session, back to back, so no hand-over cost is in the bound.
  const bareRate = (e = engine): Promise<number> =>
    batch > 1
      ? e.measureBare(batch, Math.max(3, Math.round(perSide / batch)))
      : e.measureBare(1, perSide);

  // The other bound: ffmpeg alone decoding and letterboxing the source into the model's input.
  const decodeFps = await measureDecode(
    path.resolve(v.source),
    engine.spec.inputWidth,
    engine.spec.inputHeight,
    Math.min(5, seconds / 2),
  );

  const source = sourceFromArg(path.resolve(v.source), true);
  const roundSec = Math.max(3, seconds / rounds);
  /** N cameras reading the same file as fast as the detector takes frames, for `sec` seconds. */
  const pipelineRound = async (sec: number, cache = engines) => {
    const perCamera = Array.from({ length: cameras }, () => ({
      timings: [] as FrameTimings[],
      first: 0,
      last: 0,
    }));
    const summaries = await Promise.all(
      perCamera.map((cam, i) =>
        runAnalysis(
          {
            id: `bench-${i + 1}`,
            source,
            model: modelPath,
            modelsDir: path.dirname(modelPath),
            ffmpegPath: ffmpegBinary().path,
            inference: settings.data,
            motionGate: false,
            durationSec: sec,
          },
          {
            onTimings: (t) => {
              const now = performance.now();
              if (!cam.first) cam.first = now;
              cam.last = now;
              cam.timings.push(t);
            },
          },
          cache,
        ),
      ),
    );
    // Steady state: from each camera's first result to the last one (start-up excluded).
    const windowStart = Math.min(...perCamera.map((c) => c.first));
    const windowEnd = Math.max(...perCamera.map((c) => c.last));
    const frames = perCamera.reduce((n, c) => n + c.timings.length, 0);
    const windowMs = Math.max(1e-9, windowEnd - windowStart);
    // Session time inside that window: each camera's first result ran before it opened.
    const busyMs = perCamera.reduce(
      (ms, c) =>
        ms +
        c.timings.slice(1).reduce((m, t) => m + (t.batchSize ? t.inferMs / t.batchSize : 0), 0),
      0,
    );
    return {
      perCamera,
      summaries,
      frames,
      windowMs,
      busyMs,
      fps: (frames - cameras) / (windowMs / 1000),
    };
  };

  // Warm-up of both sides (arenas, kernels, the decoder's first GOP, JIT), not measured.
  await bareRate();
  await pipelineRound(Math.min(3, roundSec));
  if (refEngine && refEngines) {
    await bareRate(refEngine);
    await pipelineRound(Math.min(3, roundSec), refEngines);
  }

  // 1 + 2, interleaved: bare, pipeline, bare in every round.
  const loadStart = os.loadavg();
  const runsBefore = engine.runs;
  const inferredBefore = engine.framesInferred;
  const wallStart = performance.now();
  const roundResults: Array<{ bareBefore: number; bareAfter: number; fps: number; ratio: number }> =
    [];
  const perCamera: Array<{ timings: FrameTimings[]; first: number; last: number }> = Array.from(
    { length: cameras },
    () => ({ timings: [], first: 0, last: 0 }),
  );
  const summaries: Awaited<ReturnType<typeof pipelineRound>>['summaries'] = [];
  let framesAll = 0;
  let windowMsAll = 0;
  let busyMsAll = 0;
  const refRounds: typeof roundResults = [];
  /** The reference side's bare, pipeline, bare (`both` only). */
  const refRound = async (): Promise<boolean> => {
    if (!refEngine || !refEngines) return true;
    const before = await bareRate(refEngine);
    const round = await pipelineRound(roundSec, refEngines);
    const after = await bareRate(refEngine);
    refRounds.push({
      bareBefore: before,
      bareAfter: after,
      fps: round.fps,
      ratio: round.fps / ((before + after) / 2),
    });
    return !round.summaries.some((x) => x.error);
  };
  for (let r = 0; r < rounds; r++) {
    // Alternate which side goes first so neither always gets the fresher machine.
    if (r % 2 === 1 && !(await refRound())) break;
    const bareBefore = await bareRate();
    const round = await pipelineRound(roundSec);
    const bareAfter = await bareRate();
    roundResults.push({
      bareBefore,
      bareAfter,
      fps: round.fps,
      ratio: round.fps / ((bareBefore + bareAfter) / 2),
    });
    round.perCamera.forEach((c, i) => {
      perCamera[i].timings.push(...c.timings);
      perCamera[i].first ||= c.first;
      perCamera[i].last = c.last;
    });
    summaries.push(...round.summaries);
    framesAll += round.frames;
    windowMsAll += round.windowMs;
    busyMsAll += round.busyMs;
    if (round.summaries.some((x) => x.error)) break;
    if (r % 2 === 0 && !(await refRound())) break;
  }
  const wallSec = (performance.now() - wallStart) / 1000;
  const loadEnd = os.loadavg();
  const bares = roundResults.flatMap((x) => [x.bareBefore, x.bareAfter]);
  const bareFps = median(bares);
  const bareBatchFps = batch > 1 ? bareFps : undefined;
  const bareBefore = median(roundResults.map((x) => x.bareBefore));
  const bareAfter = median(roundResults.map((x) => x.bareAfter));
  const ratios = roundResults.map((x) => x.ratio);
  const failed = summaries.find((s) => s.error);
  engines.release(engine);
  await engines.closeAll();
  if (refEngine) refEngines?.release(refEngine);
  await refEngines?.closeAll();
  const refRatios = refRounds.map((x) => x.ratio);
  const sideBySide = refRounds.length
    ? {
        sessionThreadOff: {
          ratio: r3(median(refRatios)),
          ratioMin: r3(Math.min(...refRatios)),
          ratioMax: r3(Math.max(...refRatios)),
          bareFps: r1(median(refRounds.flatMap((x) => [x.bareBefore, x.bareAfter]))),
          aggregateFps: r1(median(refRounds.map((x) => x.fps))),
          rounds: refRounds.map((x) => ({
            bareBefore: r1(x.bareBefore),
            pipeline: r1(x.fps),
            bareAfter: r1(x.bareAfter),
            ratio: r3(x.ratio),
          })),
        },
      }
    : {};
  if (failed?.error) {
    process.stderr.write(
      `watcher bench pipeline: ${failed.error.message} [${failed.error.code}]\n`,
    );
    return 1;
  }

  const aggregateFps = median(roundResults.map((x) => x.fps));
  const all = perCamera.flatMap((c) => c.timings);
  // Share of the measured window the session spent computing: robust to machine load that makes
  // the bare and pipeline phases run at different speeds (a shared 2-core box swings a lot).
  const sessionBusy = busyMsAll / Math.max(1e-9, windowMsAll);
  const stage = (f: (t: FrameTimings) => number) => ({
    p50: r1(pct(all.map(f), 50)),
    p95: r1(pct(all.map(f), 95)),
  });
  const result = {
    model: modelPath,
    source: path.resolve(v.source),
    provider: engine.provider,
    providerNote: engine.providerNote,
    input: `${engine.spec.inputWidth}x${engine.spec.inputHeight}`,
    cameras,
    bare: {
      runs: bareRuns,
      fps: r1(bareFps),
      before: r1(bareBefore),
      after: r1(bareAfter),
      min: r1(Math.min(...bares)),
      max: r1(Math.max(...bares)),
      msPerRun: r1(1000 / bareFps),
      ...(bareBatchFps ? { batchFps: r1(bareBatchFps) } : {}),
    },
    decodeOnlyFps: r1(decodeFps),
    pipeline: {
      frames: framesAll,
      wallSeconds: r1(wallSec),
      aggregateFps: r1(aggregateFps),
      /** Median over rounds of (round's pipeline rate / mean of the bare rates around it). */
      ratio: r3(median(ratios)),
      ratioMin: r3(Math.min(...ratios)),
      ratioMax: r3(Math.max(...ratios)),
      rounds: roundResults.map((x) => ({
        bareBefore: r1(x.bareBefore),
        pipeline: r1(x.fps),
        bareAfter: r1(x.bareAfter),
        ratio: r3(x.ratio),
      })),
      sessionBusy: r3(sessionBusy),
      sessionRuns: engine.runs - runsBefore,
      framesInferred: engine.framesInferred - inferredBefore,
      lost: summaries.reduce((n, s) => n + (s.status?.lost ?? 0), 0),
      perCamera: perCamera.map((c, i) => ({
        camera: `bench-${i + 1}`,
        frames: c.timings.length,
        fps: r1((c.timings.length - 1) / Math.max(1e-9, (c.last - c.first) / 1000)),
        endToEndMs: {
          p50: r1(
            pct(
              c.timings.map((t) => t.endToEndMs),
              50,
            ),
          ),
          p95: r1(
            pct(
              c.timings.map((t) => t.endToEndMs),
              95,
            ),
          ),
        },
      })),
    },
    stagesMs: {
      queue: stage((t) => t.queuedMs),
      preprocess: stage((t) => t.preprocessMs),
      infer: stage((t) => t.inferMs),
      postprocess: stage((t) => t.postprocessMs),
    },
    endToEndMs: stage((t) => t.endToEndMs),
    peakRssMB: r1(process.resourceUsage().maxRSS / 1024),
    threads,
    intraOpThreads: automaticIntraOpThreads(threads, engine.provider, os.availableParallelism()),
    sessionThread: engine.offThread,
    ...sideBySide,
    ...(engine.sessionThreadNote ? { sessionThreadNote: engine.sessionThreadNote } : {}),
    loadAverage: { start: loadStart.map(r1), end: loadEnd.map(r1) },
    cpuCores: os.cpus().length,
  };
  if (v.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }
  const s = result.stagesMs;
  const lines = [
    `pipeline bench: ${path.basename(result.model)} (${result.input}, ${result.provider}${result.providerNote ? `; ${result.providerNote}` : ''}) on ${path.basename(result.source)}, ${cameras} camera(s)`,
    `  bare session.run        ${result.bare.fps} fps median (${result.bare.msPerRun} ms/run; min ${result.bare.min}, max ${result.bare.max} over ${2 * roundResults.length} measurements)${bareBatchFps ? `; batch ${batch}` : ''}`,
    `  ffmpeg decode+letterbox ${result.decodeOnlyFps} fps alone (one process, no inference)`,
    `  pipeline end to end     ${result.pipeline.aggregateFps} fps aggregate over ${result.pipeline.frames} frames (${result.pipeline.sessionRuns} session runs, ${result.pipeline.lost} lost)`,
    `  ratio pipeline / bare   ${result.pipeline.ratio} median of ${roundResults.length} interleaved rounds (min ${result.pipeline.ratioMin}, max ${result.pipeline.ratioMax}): ${result.pipeline.rounds.map((x) => x.ratio).join(' ')}`,
    ...(result.sessionThreadOff
      ? [
          `  same rounds, session on the pipeline's thread: ratio ${result.sessionThreadOff.ratio} median (min ${result.sessionThreadOff.ratioMin}, max ${result.sessionThreadOff.ratioMax}): ${result.sessionThreadOff.rounds.map((x) => x.ratio).join(' ')}; bare ${result.sessionThreadOff.bareFps} fps, pipeline ${result.sessionThreadOff.aggregateFps} fps`,
        ]
      : []),
    `  session busy            ${(100 * result.pipeline.sessionBusy).toFixed(1)}% of the pipeline's wall time`,
    ...(cameras > 1
      ? result.pipeline.perCamera.map(
          (c) =>
            `    ${c.camera}: ${c.fps} fps, end-to-end p50 ${c.endToEndMs.p50} ms p95 ${c.endToEndMs.p95} ms`,
        )
      : []),
    `  stage latency ms (p50 / p95): queue ${s.queue.p50} / ${s.queue.p95}, preprocess ${s.preprocess.p50} / ${s.preprocess.p95}, infer ${s.infer.p50} / ${s.infer.p95}, decode+NMS ${s.postprocess.p50} / ${s.postprocess.p95}`,
    `  end-to-end frame latency (frame read → detections): p50 ${result.endToEndMs.p50} ms, p95 ${result.endToEndMs.p95} ms`,
    `  peak RSS (worker process) ${result.peakRssMB} MB; ORT intra-op threads ${threads || `automatic (${result.intraOpThreads ?? 'ORT default'})`}; session ${result.sessionThread ? 'on its own thread' : `on the pipeline's thread${engine.sessionThreadNote ? ` (${engine.sessionThreadNote})` : ''}`}`,
    `  load average ${result.loadAverage.start.join(' ')} → ${result.loadAverage.end.join(' ')} (${result.cpuCores} cores)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** Frames per second ffmpeg delivers on its own: decode + letterbox to the model input, discarded. */
async function measureDecode(
  file: string,
  width: number,
  height: number,
  seconds: number,
): Promise<number> {
  const { args } = pipelineArgs({
    source: { kind: 'file', path: file, loop: true },
    analysisFps: 0,
    analysis: { width, height, pixFmt: 'rgb24' },
    realtime: false,
  });
  const frameBytes = width * height * 3;
  const proc = spawn(ffmpegBinary().path, args, { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
  let bytes = 0;
  let start = 0;
  const out = proc.stdio[ANALYSIS_FD] as NodeJS.ReadableStream;
  out.on('data', (d: Buffer) => {
    if (!start) start = performance.now();
    else bytes += d.length;
  });
  await new Promise((r) => setTimeout(r, seconds * 1000));
  proc.kill('SIGKILL');
  return bytes / frameBytes / Math.max(1e-9, (performance.now() - start) / 1000);
}
