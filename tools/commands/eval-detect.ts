import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseCommandArgs, type CliCommand } from '../../electron/host/cli/command';
import { defaultDataDir } from '../../electron/host/data-dir';
import {
  inferenceSettingsSchema,
  PROVIDER_CHOICES,
  type InferenceSettings,
} from '../../electron/shared/protocol/worker-protocol';
import { resolveLayout } from '../../inference/vision/detect/layout';
import { mapClasses, parseClassesMap } from '../../inference/vision/eval/datasets';
import { resolveModel } from '../../inference/worker/detector/model-resolver';
import { readOnnxModelInfo } from '../../inference/worker/onnx/onnx-model-info';
import { ImageDetector } from '../../inference/worker/detector/image-detector';
import {
  loadDetectionDataset,
  type DetectionDataset,
} from '../../inference/worker/eval/detection-dataset';
import { evaluateDetector, percentile } from '../../inference/worker/eval/evaluate-detector';

const usage = `watcher eval-detect <dataset> --model <id|file.onnx> [--classes-map a=b,…] [--json] [--save-predictions preds.json]

Runs a detector on every image of a labelled set and scores it as COCO does (pycocotools
COCOeval, bbox): mAP@[.50:.95], mAP@.50, per-class AP and recall (IoU .50:.05:.95, 101-point
interpolated precision, 100 detections per image and class, crowd regions ignored).
<dataset> is a YOLO folder (data.yaml, images/, labels/) or a COCO instances .json.
Options:
  --model M             installed model id or .onnx file (required)
  --classes-map a=b,…   model class a scores as dataset class b (names or indices); other
                        classes match by name (case and separators ignored), the rest are left out
  --split S             YOLO: data.yaml split (default val, then test, then train)
  --images DIR          COCO JSON: folder of its images (default: found beside the JSON)
  --save-predictions F  write the predictions in COCO results format (pycocotools loadRes)
  --score T             score threshold (default 0.001)   --iou T  NMS IoU (default 0.7)
  --limit N             only the first N images
  --provider P          ${PROVIDER_CHOICES.join(' | ')} (default cpu)   --threads N (default 1)
  --models-dir D        where installed model ids live
  --json                one JSON object: map50_95, map50, perClass, images, msPerImage, …`;

const modelsDir = (d: string | undefined) => d ?? path.join(defaultDataDir(), 'models');

/** The model's class names, read from its file without opening a session (to check a classes map first). */
async function modelLabels(model: string, dir: string | undefined): Promise<string[]> {
  const resolved = resolveModel(model, modelsDir(dir));
  const layout = resolveLayout(readOnnxModelInfo(resolved.path), resolved.override);
  if (!layout.ok) throw new Error(`${resolved.path}: ${layout.message}`);
  return layout.spec.labels;
}

const r4 = (v: number) => Math.round(v * 10000) / 10000;
const r2 = (v: number) => Math.round(v * 100) / 100;

export const command: CliCommand = {
  name: 'eval-detect',
  summary: 'Score a detector on a YOLO or COCO labelled set with COCO mAP',
  usage,
  async run(argv) {
    const parsed = parseCommandArgs('eval-detect', usage, argv, {
      model: { type: 'string' },
      'classes-map': { type: 'string' },
      split: { type: 'string' },
      images: { type: 'string' },
      'save-predictions': { type: 'string' },
      score: { type: 'string', default: '0.001' },
      iou: { type: 'string', default: '0.7' },
      limit: { type: 'string' },
      provider: { type: 'string', default: 'cpu' },
      threads: { type: 'string', default: '1' },
      'models-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    if (!parsed) return 2;
    const { values: v, positionals } = parsed;
    const fail = (msg: string) => {
      process.stderr.write(`watcher eval-detect: ${msg}\n`);
      return 2;
    };
    const dataset = positionals[0];
    if (!dataset || !v.model) return fail(`a dataset and --model are required\n\n${usage}`);
    const score = Number(v.score);
    const iou = Number(v.iou);
    const limit = v.limit === undefined ? undefined : Number(v.limit);
    const threads = Number(v.threads);
    if (!(score >= 0 && score < 1) || !(iou > 0 && iou <= 1))
      return fail('--score must be in [0,1) and --iou in (0,1]');
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
      return fail('--limit must be a positive integer');
    if (!(Number.isInteger(threads) && threads >= 0)) return fail('--threads must be an integer');
    let explicit: [string, string][];
    let inference: InferenceSettings;
    try {
      explicit = parseClassesMap(v['classes-map']);
      inference = inferenceSettingsSchema.parse({ provider: v.provider, intraOpThreads: threads });
    } catch (err) {
      return fail(
        err instanceof Error && err.name !== 'ZodError'
          ? err.message
          : `--provider must be one of ${PROVIDER_CHOICES.join(', ')}`,
      );
    }

    let ds: DetectionDataset;
    let detector: ImageDetector;
    try {
      ds = await loadDetectionDataset(dataset, { split: v.split, imagesDir: v.images, limit });
      if (!ds.images.length) return fail(`no images in ${ds.imagesDir}`);
      mapClasses(await modelLabels(v.model, v['models-dir']), ds.categories, explicit);
      detector = await ImageDetector.open(v.model, {
        modelsDir: modelsDir(v['models-dir']),
        inference,
        scoreThreshold: score,
        iouThreshold: iou,
      });
    } catch (err) {
      process.stderr.write(`watcher eval-detect: ${(err as Error).message}\n`);
      return 1;
    }
    const started = performance.now();
    let ev;
    try {
      ev = await evaluateDetector(detector, ds, explicit, (done, total) => {
        if (done === total || done % 25 === 0)
          process.stderr.write(`eval-detect ${done}/${total}\n`);
      });
    } finally {
      await detector.close();
    }
    const seconds = (performance.now() - started) / 1000;
    if (v['save-predictions'])
      await writeFile(v['save-predictions'], `${JSON.stringify(ev.results)}\n`);

    const sorted = [...ev.msPerImage].sort((a, b) => a - b);
    const mean = sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length);
    const perClass = ev.coco.perClass
      .filter((c) => c.groundTruths > 0 || c.detections > 0)
      .map((c) => ({
        id: c.id,
        class: c.name,
        ap: c.ap < 0 ? null : r4(c.ap),
        ap50: c.ap50 < 0 ? null : r4(c.ap50),
        recall: c.recall < 0 ? null : r4(c.recall),
        recall50: c.recall50 < 0 ? null : r4(c.recall50),
        groundTruths: c.groundTruths,
        detections: c.detections,
      }));
    const [, , , aps, apm, apl, ar1, ar10, ar100, ars, arm, arl] = ev.coco.stats.map(r4);
    const report = {
      dataset: path.resolve(dataset),
      format: ds.kind,
      model: detector.modelPath,
      layout: detector.spec.layout,
      provider: detector.provider,
      images: ds.images.length,
      groundTruths: ds.groundTruths.filter((g) => !g.iscrowd).length,
      crowdRegions: ds.groundTruths.filter((g) => g.iscrowd).length,
      map50_95: r4(ev.coco.map50_95),
      map50: r4(ev.coco.map50),
      map75: r4(ev.coco.map75),
      stats: { aps, apm, apl, ar1, ar10, ar100, ars, arm, arl },
      perClass,
      msPerImage: {
        mean: r2(mean),
        p50: r2(percentile(sorted, 50)),
        p95: r2(percentile(sorted, 95)),
      },
      seconds: r2(seconds),
      unmappedModelClasses: ev.mapping.unmapped.length,
      uncoveredDatasetClasses: ev.mapping.uncovered,
      settings: { score, iou, maxDetections: 300, multiLabel: true, threads },
    };
    if (v.json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
      return 0;
    }
    const pct = (x: number | null) => (x === null ? '   -  ' : (100 * x).toFixed(1).padStart(6));
    const lines = [
      `Detection benchmark: ${report.dataset} (${report.format}, ${report.images} images, ${report.groundTruths} boxes${report.crowdRegions ? `, ${report.crowdRegions} crowd regions ignored` : ''})`,
      `  model ${report.model} (${report.layout}, ${report.provider})`,
      `  mAP@[.50:.95] ${pct(report.map50_95)} %   mAP@.50 ${pct(report.map50)} %   mAP@.75 ${pct(report.map75)} %`,
      `  AP small/medium/large ${[aps, apm, apl].map((x) => (x < 0 ? '-' : (100 * x).toFixed(1))).join(' / ')}   AR@100 ${(100 * ar100).toFixed(1)} %`,
      `  time per image: mean ${report.msPerImage.mean} ms, p50 ${report.msPerImage.p50} ms, p95 ${report.msPerImage.p95} ms`,
      '',
      '  class                  AP   AP50  recall    gt   dets',
      ...perClass
        .filter((c) => c.groundTruths > 0)
        .map(
          (c) =>
            `  ${c.class.padEnd(18).slice(0, 18)} ${pct(c.ap)} ${pct(c.ap50)} ${pct(c.recall)} ${String(c.groundTruths).padStart(5)} ${String(c.detections).padStart(6)}`,
        ),
      ...(ev.mapping.uncovered.length
        ? [`  dataset classes the model has no class for: ${ev.mapping.uncovered.join(', ')}`]
        : []),
      '',
    ];
    process.stdout.write(lines.join('\n'));
    return 0;
  },
};
