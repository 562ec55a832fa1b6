import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../../electron/host/cli/command';
import type { Detection } from '../../electron/shared/domain/detection';
import { ffmpegBinary, ffprobeBinary } from '../../inference/worker/ffmpeg/ffmpeg-path';
import { ImageDetector } from '../../inference/worker/detector/image-detector';
import { AppearanceEmbedder } from '../../inference/worker/reid/appearance-embedder';
import { ByteTracker } from '../../inference/vision/tracking/byte-tracker';
import { ReidReattacher, type ReattachOptions } from '../../inference/vision/reid/reattach';
import {
  identityFigures,
  type IdentityFigures,
} from '../../inference/vision/reid/identity-figures';
import type { RgbImage } from '../../inference/vision/plates/image';

const usage = `watcher eval-reid --video <file> --detector <model> --embedder <model> [options]

Runs the real detector and tracker over a video, then the same tracks through re-identification
re-attachment (a new track compared by appearance with the tracks lost in the last --window-ms,
gated by position and size; above --threshold it takes the old id). Prints, without and with
re-ID: distinct track ids, id changes, and, given --people (the known number of people, who pass
one at a time), the ids in excess of it (each one an identity switch or fragment).

Options:
  --video <file>        the footage (decoded with ffmpeg at its own frame rate)
  --detector <model>    person detector (installed id or .onnx path)
  --embedder <model>    re-identification model (installed id or .onnx path)
  --label <name>        class tracked (default person)
  --people <n>          the number of distinct people in the footage, when known
  --threshold <s>       cosine similarity to re-attach (default 0.7)
  --window-ms <ms>      how long a lost track can be re-attached (default 10000)
  --score <s>           detector score threshold (default 0.1, ByteTrack uses the low ones)
  --occlude <every:ms>  simulated occlusion: every <every> ms of video, the detections of the next
                        <ms> are removed (e.g. 8000:2500, longer than the tracker's 1 s lost
                        buffer), so the tracker loses the person and must start a new track
  --max-frames <n>      stop after n frames
  --json                one JSON object instead of the table`;

interface EvalReidResult {
  video: string;
  frames: number;
  fps: number;
  people?: number;
  occlude?: { everyMs: number; forMs: number };
  withoutReid: Omit<IdentityFigures, 'ids'> & { ids: IdentityFigures['ids'] };
  withReid: Omit<IdentityFigures, 'ids'> & { ids: IdentityFigures['ids'] };
  reattached: number;
  embeddings: number;
  msPerFrame: number;
}

async function probeSize(file: string): Promise<{ width: number; height: number; fps: number }> {
  const { stdout } = await promisify(execFile)(ffprobeBinary().path, [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=width,height,r_frame_rate',
    '-of',
    'json',
    file,
  ]);
  const s = (JSON.parse(stdout) as { streams: Array<Record<string, string | number>> }).streams[0];
  const [n, d] = String(s.r_frame_rate).split('/').map(Number);
  return { width: Number(s.width), height: Number(s.height), fps: d ? n / d : n || 25 };
}

/** Decoded RGB frames of a video, one at a time (never the whole video in memory). */
async function* videoFrames(
  file: string,
  width: number,
  height: number,
  maxFrames: number,
): AsyncGenerator<RgbImage> {
  const size = width * height * 3;
  const child = spawn(
    ffmpegBinary().path,
    ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // Kept to explain a failed decode; a stop asked for here (enough frames) is not a failure.
  let errors = '';
  child.stderr.on('data', (d: Buffer) => {
    if (errors.length < 4000) errors += d.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => resolve(code)),
  );
  let pending: Buffer<ArrayBufferLike> = Buffer.alloc(0);
  let n = 0;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= size) {
        const data = new Uint8Array(pending.subarray(0, size));
        pending = pending.subarray(size);
        yield { width, height, data };
        if (++n >= maxFrames) return;
      }
    }
    const code = await exited;
    if (code !== 0) throw new Error(`ffmpeg could not decode ${file}: ${errors.trim()}`);
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
  }
}

export async function runEvalReid(o: {
  video: string;
  detector: string;
  embedder: string;
  label: string;
  people?: number;
  score: number;
  maxFrames: number;
  occlude?: { everyMs: number; forMs: number };
  reattach: ReattachOptions;
}): Promise<EvalReidResult> {
  const inference = { provider: 'cpu' as const, intraOpThreads: 1, interOpThreads: 1 };
  const { width, height, fps } = await probeSize(o.video);
  const detector = await ImageDetector.open(o.detector, {
    modelsDir: '.',
    inference,
    scoreThreshold: o.score,
    iouThreshold: 0.5,
    maxDetections: 100,
    multiLabel: false,
  });
  const embedder = await AppearanceEmbedder.open(o.embedder, { modelsDir: '.', inference });
  const tracker = new ByteTracker();
  const reid = new ReidReattacher(o.reattach);
  /** Latest embedding of each tracker id, refreshed once a second while it is seen. */
  const latest = new Map<number, { ts: number; v: Float32Array }>();
  const plain: Array<{ tsMs: number; ids: number[] }> = [];
  const reided: Array<{ tsMs: number; ids: number[] }> = [];
  let embeddings = 0;
  const started = performance.now();
  let f = 0;
  try {
    for await (const frame of videoFrames(o.video, width, height, o.maxFrames)) {
      const tsMs = (f++ * 1000) / fps;
      const occluded = o.occlude && tsMs % o.occlude.everyMs >= o.occlude.everyMs - o.occlude.forMs;
      const dets: Detection[] = occluded
        ? []
        : (await detector.detect(frame)).detections.filter((d) => d.label === o.label);
      const tracks = tracker.update(dets, tsMs);
      const pending = new Set(reid.pending());
      for (const t of tracks) {
        // A new track is embedded on every frame until its re-attachment is decided; others once
        // a second (what a lost track is compared with).
        const have = latest.get(t.id);
        if (have && tsMs - have.ts < 1000 && !pending.has(t.id)) continue;
        const v = await embedder.embed(frame, dets[t.detectionIndex]);
        embeddings++;
        if (v) latest.set(t.id, { ts: tsMs, v });
      }
      for (const id of latest.keys()) if (!tracker.all.some((t) => t.id === id)) latest.delete(id);
      plain.push({ tsMs, ids: tracks.map((t) => t.id) });
      reided.push({
        tsMs,
        ids: reid.update(
          tracks.map((t) => ({ trackId: t.id, label: t.label, box: dets[t.detectionIndex] })),
          tsMs,
          (id) => latest.get(id)?.v,
        ),
      });
    }
  } finally {
    await detector.close();
    await embedder.close();
  }
  return {
    video: o.video,
    frames: f,
    fps,
    ...(o.people !== undefined ? { people: o.people } : {}),
    ...(o.occlude ? { occlude: o.occlude } : {}),
    withoutReid: identityFigures(plain, o.people),
    withReid: identityFigures(reided, o.people),
    reattached: reid.reattached,
    embeddings,
    msPerFrame: Math.round(((performance.now() - started) / Math.max(1, f)) * 100) / 100,
  };
}

function table(r: EvalReidResult): string {
  const row = (name: string, x: IdentityFigures) =>
    `${name.padEnd(12)} ${String(x.distinctIds).padStart(11)} ${String(x.newIdEvents).padStart(14)} ${String(x.excessIds ?? '-').padStart(10)}`;
  const spans = (x: IdentityFigures) =>
    x.ids
      .map((i) => `${i.id}:${(i.firstMs / 1000).toFixed(1)}–${(i.lastMs / 1000).toFixed(1)}s`)
      .join(' ');
  return [
    `${r.video}: ${r.frames} frames at ${r.fps} fps${r.people !== undefined ? `, ${r.people} people` : ''}${r.occlude ? `, occluded ${r.occlude.forMs} ms every ${r.occlude.everyMs} ms` : ''}`,
    `${''.padEnd(12)} ${'distinct ids'.padStart(11)} ${'new-id events'.padStart(14)} ${'excess ids'.padStart(10)}`,
    row('without re-ID', r.withoutReid),
    row('with re-ID', r.withReid),
    `re-attached ${r.reattached} tracks; ${r.embeddings} embeddings; ${r.msPerFrame} ms/frame`,
    `ids without re-ID: ${spans(r.withoutReid)}`,
    `ids with re-ID:    ${spans(r.withReid)}`,
  ].join('\n');
}

export const command: CliCommand = {
  name: 'eval-reid',
  summary: 'Identity switches of the tracker on a video with and without re-identification',
  usage,
  async run(argv) {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: {
          video: { type: 'string' },
          detector: { type: 'string' },
          embedder: { type: 'string' },
          label: { type: 'string', default: 'person' },
          people: { type: 'string' },
          threshold: { type: 'string', default: '0.7' },
          'window-ms': { type: 'string', default: '10000' },
          score: { type: 'string', default: '0.1' },
          'max-frames': { type: 'string' },
          occlude: { type: 'string' },
          json: { type: 'boolean', default: false },
        },
      }));
    } catch (e) {
      process.stderr.write(`watcher eval-reid: ${(e as Error).message}\n\n${usage}\n`);
      return 2;
    }
    if (!values.video || !values.detector || !values.embedder) {
      process.stderr.write(
        `watcher eval-reid: --video, --detector and --embedder are required\n\n${usage}\n`,
      );
      return 2;
    }
    if (!existsSync(values.video)) {
      process.stderr.write(`watcher eval-reid: video not found: ${values.video}\n`);
      return 1;
    }
    const threshold = Number(values.threshold);
    const windowMs = Number(values['window-ms']);
    const score = Number(values.score);
    const people = values.people !== undefined ? Number(values.people) : undefined;
    const maxFrames = values['max-frames'] !== undefined ? Number(values['max-frames']) : Infinity;
    if (
      ![threshold, windowMs, score, maxFrames, people ?? 0].every(
        (v) => Number.isFinite(v) || v === Infinity,
      ) ||
      threshold < -1 ||
      threshold > 1 ||
      windowMs < 0 ||
      (people !== undefined && (!Number.isInteger(people) || people < 0))
    ) {
      process.stderr.write('watcher eval-reid: numeric options are out of range\n');
      return 2;
    }
    let occlude: { everyMs: number; forMs: number } | undefined;
    if (values.occlude !== undefined) {
      const [every, ms] = values.occlude.split(':').map(Number);
      if (!(every > 0) || !(ms > 0) || ms >= every) {
        process.stderr.write('watcher eval-reid: --occlude is <every-ms>:<for-ms>, for < every\n');
        return 2;
      }
      occlude = { everyMs: every, forMs: ms };
    }
    let r: EvalReidResult;
    try {
      r = await runEvalReid({
        video: values.video,
        detector: values.detector,
        embedder: values.embedder,
        label: values.label,
        ...(people !== undefined ? { people } : {}),
        score,
        maxFrames,
        ...(occlude ? { occlude } : {}),
        reattach: { minSimilarity: threshold, windowMs },
      });
    } catch (e) {
      process.stderr.write(`watcher eval-reid: ${(e as Error).message}\n`);
      return 1;
    }
    if (r.withoutReid.framesWithTracks === 0)
      process.stderr.write(
        `watcher eval-reid: no "${values.label}" was tracked on any frame: check --label and the detector\n`,
      );
    process.stdout.write(values.json ? `${JSON.stringify(r)}\n` : `${table(r)}\n`);
    return 0;
  },
};
