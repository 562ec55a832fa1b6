import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../../electron/host/cli/command';
import {
  byFrame,
  formatMot,
  MotParseError,
  parseMot,
  type MotRow,
} from '../../inference/vision/mot/mot-format';
import {
  evaluateMot,
  usableGroundTruth,
  type MotMetrics,
} from '../../inference/vision/mot/clear-mot';
import { ByteTracker, type TrackerOptions } from '../../inference/vision/tracking/byte-tracker';

const usage = `watcher eval-mot --det det.txt --gt gt.txt [options]

Runs the ByteTrack-style tracker over MOTChallenge public detections and scores it against the
ground truth with CLEAR MOT (MOTA, MOTP, FP, FN, ID switches, fragmentations) and identity
metrics (IDF1, IDP, IDR), IoU ≥ 0.5 as a match.

Options:
  --det <file>         detections, MOT format (frame,-1,x,y,w,h,score,...)
  --gt <file>          ground truth, MOT format (frame,id,x,y,w,h,conf,...)
  --out <file>         also write the tracker output (frame,id,x,y,w,h,score,-1,-1,-1)
  --fps <n>            frame rate used for timestamps (default 25)
  --high <s>           high-score threshold (default 0.7, tuned on TUD-Stadtmitte)
  --low <s>            low-score threshold (default 0.1)
  --match <c>          max 1−IoU for the first association (default 0.8)
  --buffer-ms <ms>     lost-track buffer (default 1200)
  --box <b>            box written for a track: "filter" (Kalman estimate) or "det" (default filter)
  --json               print one JSON object instead of the table`;

export interface EvalMotResult {
  metrics: MotMetrics;
  tracks: MotRow[];
}

/** Runs the tracker over MOT detections frame by frame and scores the result. */
export function runEvalMot(
  detRows: readonly MotRow[],
  gtRows: readonly MotRow[],
  opts: { fps: number; tracker: TrackerOptions; box: 'filter' | 'det' },
): EvalMotResult {
  const tracker = new ByteTracker({ ...opts.tracker, perClass: false });
  const dets = byFrame(detRows);
  const lastFrame = Math.max(0, ...detRows.map((r) => r.frame), ...gtRows.map((r) => r.frame));
  const out: MotRow[] = [];
  for (let f = 1; f <= lastFrame; f++) {
    const rows = dets.get(f) ?? [];
    const input = rows.map((r) => ({
      x1: r.x,
      y1: r.y,
      x2: r.x + r.w,
      y2: r.y + r.h,
      score: r.conf,
      classId: 0,
      label: 'pedestrian',
    }));
    const tracks = tracker.update(input, ((f - 1) * 1000) / opts.fps);
    for (const t of tracks) {
      const b = opts.box === 'det' ? input[t.detectionIndex] : t.box();
      out.push({
        frame: f,
        id: t.id,
        x: b.x1,
        y: b.y1,
        w: b.x2 - b.x1,
        h: b.y2 - b.y1,
        conf: t.score,
      });
    }
  }
  return { metrics: evaluateMot(usableGroundTruth(gtRows), out), tracks: out };
}

export function formatMetricsTable(m: MotMetrics): string {
  const pct = (v: number) => (v * 100).toFixed(1);
  const head = [
    'MOTA',
    'MOTP',
    'IDF1',
    'IDP',
    'IDR',
    'FP',
    'FN',
    'IDs',
    'Frag',
    'MT',
    'ML',
    'Rcll',
    'Prcn',
    'GT',
    'IDs(gt)',
  ];
  const vals = [
    pct(m.mota),
    pct(m.motp),
    pct(m.idf1),
    pct(m.idp),
    pct(m.idr),
    String(m.fp),
    String(m.fn),
    String(m.idSwitches),
    String(m.fragmentations),
    String(m.mostlyTracked),
    String(m.mostlyLost),
    pct(m.recall),
    pct(m.precision),
    String(m.gtObjects),
    String(m.gtIds),
  ];
  const w = head.map((h, i) => Math.max(h.length, vals[i].length));
  return [
    head.map((h, i) => h.padStart(w[i])).join('  '),
    vals.map((v, i) => v.padStart(w[i])).join('  '),
  ].join('\n');
}

export const command: CliCommand = {
  name: 'eval-mot',
  summary: 'Score the tracker on MOTChallenge detections with CLEAR MOT and IDF1',
  usage,
  async run(argv) {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: {
          det: { type: 'string' },
          gt: { type: 'string' },
          out: { type: 'string' },
          fps: { type: 'string', default: '25' },
          high: { type: 'string', default: '0.7' },
          low: { type: 'string', default: '0.1' },
          match: { type: 'string', default: '0.8' },
          'buffer-ms': { type: 'string', default: '1200' },
          box: { type: 'string', default: 'filter' },
          json: { type: 'boolean', default: false },
        },
      }));
    } catch (e) {
      process.stderr.write(`watcher eval-mot: ${(e as Error).message}\n\n${usage}\n`);
      return 2;
    }
    if (!values.det || !values.gt) {
      process.stderr.write(`watcher eval-mot: --det and --gt are required\n\n${usage}\n`);
      return 2;
    }
    const nums = {
      fps: Number(values.fps),
      high: Number(values.high),
      low: Number(values.low),
      match: Number(values.match),
      buffer: Number(values['buffer-ms']),
    };
    for (const [k, v] of Object.entries(nums)) {
      if (!Number.isFinite(v) || v < 0) {
        process.stderr.write(`watcher eval-mot: --${k} must be a non-negative number\n`);
        return 2;
      }
    }
    if (values.box !== 'filter' && values.box !== 'det') {
      process.stderr.write('watcher eval-mot: --box must be "filter" or "det"\n');
      return 2;
    }
    let det: MotRow[];
    let gt: MotRow[];
    try {
      det = parseMot(await readFile(values.det, 'utf8'));
      gt = parseMot(await readFile(values.gt, 'utf8'));
    } catch (e) {
      const msg =
        e instanceof MotParseError
          ? e.message
          : (e as NodeJS.ErrnoException).code === 'ENOENT'
            ? `file not found: ${(e as NodeJS.ErrnoException).path}`
            : (e as Error).message;
      process.stderr.write(`watcher eval-mot: ${msg}\n`);
      return 1;
    }
    const started = performance.now();
    const { metrics, tracks } = runEvalMot(det, gt, {
      fps: nums.fps,
      box: values.box,
      tracker: {
        highThreshold: nums.high,
        lowThreshold: nums.low,
        matchThreshold: nums.match,
        lostTimeoutMs: nums.buffer,
      },
    });
    const ms = performance.now() - started;
    if (values.out) await writeFile(values.out, formatMot(tracks));
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ ...metrics, elapsedMs: Math.round(ms) })}\n`);
    } else {
      process.stdout.write(
        `${formatMetricsTable(metrics)}\n(${metrics.frames} frames, ${metrics.hypIds} track ids, ${ms.toFixed(0)} ms)\n`,
      );
    }
    return 0;
  },
};
