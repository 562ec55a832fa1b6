import path from 'node:path';
import { parseCommandArgs, type CliCommand } from '../../electron/host/cli/command';
import { defaultDataDir } from '../../electron/host/data-dir';
import {
  inferenceSettingsSchema,
  PROVIDER_CHOICES,
  type InferenceSettings,
} from '../../electron/shared/protocol/worker-protocol';
import { ImageClassifier } from '../../inference/worker/classifier/image-classifier';
import { loadClassificationDataset } from '../../inference/worker/eval/classification-dataset';
import { evaluateClassifier } from '../../inference/worker/eval/evaluate-classifier';
import { percentile } from '../../inference/worker/eval/evaluate-detector';

const usage = `watcher eval-classify <folder|labels.csv> --model <id|file.onnx> [--labels file] [--json]

Classifies every image of a labelled folder and prints top-1 and top-5 accuracy.
<folder> holds one subfolder per class (its name is the label) or a labels.csv (file,label).
Labels match the model's class names exactly, then ignoring case and separators (_ - space).
Preprocessing comes from the model (input size, mean/std and crop from its metadata, ImageNet's
otherwise): short side resized to input/0.875, centre crop, RGB /255, (x − mean) / std.
Options:
  --model M       installed model id or .onnx file (required)
  --labels F      class names, one per line, index 0 first (default: the model's metadata)
  --provider P    ${PROVIDER_CHOICES.join(' | ')} (default cpu)   --threads N (default 1)
  --models-dir D  where installed model ids live
  --verbose       one line per image
  --json          one JSON object: images, top1, top5, perClass, msPerImage, predictions`;

const r4 = (v: number) => Math.round(v * 10000) / 10000;
const r2 = (v: number) => Math.round(v * 100) / 100;

export const command: CliCommand = {
  name: 'eval-classify',
  summary: 'Score an image classifier on a labelled folder (top-1 / top-5)',
  usage,
  async run(argv) {
    const parsed = parseCommandArgs('eval-classify', usage, argv, {
      model: { type: 'string' },
      labels: { type: 'string' },
      provider: { type: 'string', default: 'cpu' },
      threads: { type: 'string', default: '1' },
      'models-dir': { type: 'string' },
      verbose: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    });
    if (!parsed) return 2;
    const { values: v, positionals } = parsed;
    const fail = (msg: string) => {
      process.stderr.write(`watcher eval-classify: ${msg}\n`);
      return 2;
    };
    if (!positionals[0] || !v.model) return fail(`a folder and --model are required\n\n${usage}`);
    const threads = Number(v.threads);
    if (!(Number.isInteger(threads) && threads >= 0)) return fail('--threads must be an integer');
    let inference: InferenceSettings;
    try {
      inference = inferenceSettingsSchema.parse({ provider: v.provider, intraOpThreads: threads });
    } catch {
      return fail(`--provider must be one of ${PROVIDER_CHOICES.join(', ')}`);
    }
    const items = await loadClassificationDataset(positionals[0]);
    if (!items.length) return fail(`no labelled images in ${positionals[0]}`);
    const classifier = await ImageClassifier.open(v.model, {
      modelsDir: v['models-dir'] ?? path.join(defaultDataDir(), 'models'),
      inference,
      labelsFile: v.labels,
    });
    let ev;
    try {
      ev = await evaluateClassifier(classifier, items);
    } finally {
      await classifier.close();
    }
    const sorted = [...ev.msPerImage].sort((a, b) => a - b);
    const report = {
      dataset: path.resolve(positionals[0]),
      model: classifier.modelPath,
      provider: classifier.provider,
      images: ev.accuracy.images,
      top1: r4(ev.accuracy.top1),
      top5: r4(ev.accuracy.top5),
      perClass: ev.accuracy.perClass.map((c) => ({ ...c, top1: r4(c.top1), top5: r4(c.top5) })),
      unknownLabels: ev.unknownLabels,
      msPerImage: {
        mean: r2(sorted.reduce((s, x) => s + x, 0) / sorted.length),
        p50: r2(percentile(sorted, 50)),
        p95: r2(percentile(sorted, 95)),
      },
    };
    if (v.json) {
      process.stdout.write(`${JSON.stringify({ ...report, predictions: ev.predictions })}\n`);
      return 0;
    }
    const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
    const lines = [
      `Classification benchmark: ${report.dataset} (${report.images} images, ${report.perClass.length} classes)`,
      `  model ${report.model} (${report.provider})`,
      `  top-1 ${pct(report.top1)}   top-5 ${pct(report.top5)}`,
      `  time per image: mean ${report.msPerImage.mean} ms, p50 ${report.msPerImage.p50} ms, p95 ${report.msPerImage.p95} ms`,
      ...report.perClass.map(
        (c) =>
          `  ${c.label.padEnd(22)} ${String(c.images).padStart(4)} images  top-1 ${pct(c.top1)}  top-5 ${pct(c.top5)}`,
      ),
      ...(report.unknownLabels.length
        ? [`  labels that are none of the model's classes: ${report.unknownLabels.join(', ')}`]
        : []),
      ...(v.verbose
        ? ev.predictions.map(
            (p) =>
              `  ${p.top[0]?.label === p.label ? 'OK  ' : 'MISS'} ${path.basename(p.file)} ${p.label} → ${p.top.map((t) => `${t.label} ${t.score.toFixed(2)}`).join(', ')}`,
          )
        : []),
      '',
    ];
    process.stdout.write(lines.join('\n'));
    return 0;
  },
};
