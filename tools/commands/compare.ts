import path from 'node:path';
import { parseCommandArgs, type CliCommand } from '../../electron/host/cli/command';
import { defaultDataDir } from '../../electron/host/data-dir';
import {
  inferenceSettingsSchema,
  PROVIDER_CHOICES,
  type InferenceSettings,
} from '../../electron/shared/protocol/worker-protocol';
import { ffmpegBinary } from '../../inference/worker/ffmpeg/ffmpeg-path';
import { loadLabelledFrames, loadSourceFrames } from '../../inference/worker/eval/compare-frames';
import { compareModels, type CompareFrame } from '../../inference/worker/eval/compare-runner';
import type { DetectionDataset } from '../../inference/worker/eval/detection-dataset';

const usage = `watcher compare --models a,b,c --source <video|image folder> [--labels <dataset>] [--provider p] [--json]

Runs every model on the same frames, one model after the other, and prints per model: latency
p50/p95/p99 (letterbox or crop + inference + decoding, per frame), throughput, peak memory growth,
agreement with the first model (detectors: mean per-class F1 at IoU 0.5 over detections scoring
>= --score; classifiers: top-1 agreement), its share of the per-frame consensus (objects a
majority of models found) and, with --labels, accuracy (detectors mAP@.50 and mAP@[.50:.95];
classifiers top-1). Models may be detectors or classifiers (told apart by their outputs).
Options:
  --models a,b,c     installed model ids or .onnx files; the first is the reference
  --source S         image folder or video file
  --labels D         a labelled set (YOLO folder, COCO .json, or class folders / labels.csv):
                     its images are the frames (then --source may be left out)
  --frames N         at most N frames (default 50)   --fps F  video sampling rate (default 2)
  --score T          operating score threshold for agreement and consensus (default 0.25)
  --class-labels F   label file for classifiers without names in the model
  --provider P       ${PROVIDER_CHOICES.join(' | ')} (default cpu)   --threads N (default 1)
  --models-dir D     where installed model ids live
  --json             { models: [{ id, latencyMs: {p50,p95,p99}, fps, agreementF1, map50, … }], agreementMatrix, consensus }`;

export const command: CliCommand = {
  name: 'compare',
  summary: 'Compare models on the same frames: latency, agreement, consensus, accuracy',
  usage,
  async run(argv) {
    const parsed = parseCommandArgs('compare', usage, argv, {
      models: { type: 'string' },
      source: { type: 'string' },
      labels: { type: 'string' },
      frames: { type: 'string', default: '50' },
      fps: { type: 'string', default: '2' },
      score: { type: 'string', default: '0.25' },
      'class-labels': { type: 'string' },
      provider: { type: 'string', default: 'cpu' },
      threads: { type: 'string', default: '1' },
      'models-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    if (!parsed) return 2;
    const { values: v } = parsed;
    const fail = (msg: string) => {
      process.stderr.write(`watcher compare: ${msg}\n`);
      return 2;
    };
    const models = (v.models ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (!models.length || (!v.source && !v.labels))
      return fail(`--models and --source (or --labels) are required\n\n${usage}`);
    const maxFrames = Number(v.frames);
    const fps = Number(v.fps);
    const score = Number(v.score);
    const threads = Number(v.threads);
    if (!(Number.isInteger(maxFrames) && maxFrames > 0))
      return fail('--frames must be a positive integer');
    if (!(fps > 0)) return fail('--fps must be positive');
    if (!(score >= 0 && score < 1)) return fail('--score must be in [0,1)');
    let inference: InferenceSettings;
    try {
      inference = inferenceSettingsSchema.parse({ provider: v.provider, intraOpThreads: threads });
    } catch {
      return fail(`--provider must be one of ${PROVIDER_CHOICES.join(', ')}`);
    }
    let frames: CompareFrame[];
    let dataset: DetectionDataset | undefined;
    if (v.labels) {
      ({ frames, dataset } = await loadLabelledFrames(v.labels, maxFrames));
    } else {
      frames = await loadSourceFrames(v.source!, {
        maxFrames,
        fps,
        ffmpegPath: ffmpegBinary().path,
      });
    }
    if (!frames.length) return fail('no frames to compare on');
    const report = await compareModels(frames, {
      models,
      modelsDir: v['models-dir'] ?? path.join(defaultDataDir(), 'models'),
      inference,
      scoreThreshold: score,
      dataset,
      classifierLabelsFile: v['class-labels'],
      onProgress: ({ model, done, total }) => {
        if (done === total) process.stderr.write(`compare: ${model} ${done}/${total} frames\n`);
      },
    });
    if (v.json) {
      const { perFrame, ...rest } = report;
      process.stdout.write(
        `${JSON.stringify({
          source: path.resolve(v.labels ?? v.source!),
          ...rest,
          consensus: perFrame.map((f) => ({ frame: f.name, consensus: f.consensus })),
        })}\n`,
      );
      return 0;
    }
    const fmt = (x: number | null, pct = true) =>
      x === null ? '-' : pct ? `${(100 * x).toFixed(1)}` : x.toFixed(1);
    const lines = [
      `Model comparison: ${report.frames} frames from ${v.labels ?? v.source}, provider ${v.provider}, score >= ${score}`,
      '  model                         kind      p50 ms  p95 ms  p99 ms    fps  mem MB  agree%  consensus%  mAP50  mAP  top1',
      ...report.models.map(
        (m) =>
          `  ${path.basename(m.id).padEnd(29).slice(0, 29)} ${m.kind.padEnd(8)} ${m.latencyMs.p50.toFixed(1).padStart(7)} ${m.latencyMs.p95.toFixed(1).padStart(7)} ${m.latencyMs.p99.toFixed(1).padStart(7)} ${m.fps.toFixed(1).padStart(6)} ${m.peakRssMb.toFixed(0).padStart(7)} ${fmt(m.agreementF1).padStart(7)} ${fmt(m.consensusShare).padStart(11)} ${fmt(m.map50).padStart(6)} ${fmt(m.map50_95).padStart(4)} ${fmt(m.top1).padStart(5)}`,
      ),
      '  agreement matrix (row = reference):',
      ...report.agreementMatrix.map(
        (row, i) =>
          `   ${String(i + 1).padStart(2)}  ${row.map((x) => fmt(x).padStart(6)).join(' ')}`,
      ),
      '',
    ];
    process.stdout.write(lines.join('\n'));
    return 0;
  },
};
