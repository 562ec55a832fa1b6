import { describe, it, expect } from 'vitest';
import {
  Candidates,
  letterbox,
  letterboxPoint,
  nmsInPlace,
  Postprocessor,
  resolveLayout,
  yoloxAnchorCount,
  type DetectorSpec,
  type OutputTensor,
} from '../../../../inference/vision/detect';
import type { LayoutKind } from '../../../../electron/shared/domain/model-layout';

// A 1280×720 source letterboxed into 640×640: scale 0.5, 140 px bars top and bottom.
const SRC_W = 1280;
const SRC_H = 720;
const IN = 640;
const lb = letterbox(SRC_W, SRC_H, IN, IN);
const C = 3;
const labels = ['car', 'person', 'truck'];

/** Ground truth in source pixels; duplicates add near-identical lower-scored boxes NMS must remove. */
const truth = [
  { x1: 100, y1: 200, x2: 300, y2: 360, score: 0.9, classId: 0 },
  { x1: 700, y1: 100, x2: 760, y2: 260, score: 0.8, classId: 1 },
  // Overlaps the car heavily but is another class: class-aware NMS keeps both.
  { x1: 110, y1: 210, x2: 310, y2: 370, score: 0.7, classId: 2 },
];

function toCanvas(b: {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}): [number, number, number, number] {
  const [x1, y1] = letterboxPoint(b.x1, b.y1, lb);
  const [x2, y2] = letterboxPoint(b.x2, b.y2, lb);
  return [x1, y1, x2, y2];
}

/** The truth plus a shifted duplicate of each box (same class, lower score) and a sub-threshold one. */
function rows(): Array<{ box: [number, number, number, number]; score: number; classId: number }> {
  const out: Array<{ box: [number, number, number, number]; score: number; classId: number }> = [];
  for (const t of truth) {
    const box = toCanvas(t);
    out.push({ box, score: t.score, classId: t.classId });
    out.push({
      box: [box[0] + 2, box[1] + 1, box[2] + 2, box[3] + 1],
      score: t.score - 0.1,
      classId: t.classId,
    });
  }
  out.push({ box: [10, 150, 40, 180], score: 0.1, classId: 1 });
  return out;
}

function spec(
  layout: LayoutKind,
  outputNames: string[],
  extra: Partial<DetectorSpec> = {},
): DetectorSpec {
  return {
    layout,
    inputName: 'images',
    inputWidth: IN,
    inputHeight: IN,
    dynamicBatch: false,
    numClasses: C,
    labels,
    outputNames,
    strides: [8, 16, 32],
    logits: false,
    ...extra,
  };
}

function expectTruth(dets: ReturnType<Postprocessor['run']>, tol = 0.01): void {
  expect(dets.map((d) => d.label).sort()).toEqual(['car', 'person', 'truck']);
  for (const t of truth) {
    const d = dets.find((x) => x.classId === t.classId)!;
    expect(d.score).toBeCloseTo(t.score, 4);
    for (const k of ['x1', 'y1', 'x2', 'y2'] as const)
      expect(Math.abs(d[k] - t[k])).toBeLessThan(tol);
  }
}

const opts = { scoreThreshold: 0.25, iouThreshold: 0.5, maxDetections: 100 };

describe('letterbox', () => {
  it('centres the scaled picture and maps points back exactly', () => {
    expect(lb).toMatchObject({ scaledWidth: 640, scaledHeight: 360, padX: 0, padY: 140 });
    const odd = letterbox(768, 432, 416, 416);
    expect(odd).toMatchObject({ scaledWidth: 416, scaledHeight: 234, padX: 0, padY: 91 });
  });
});

describe('output decoders (hand-built tensors → same boxes after NMS and un-letterboxing)', () => {
  it('YOLOv8 / YOLO11 [1, 4+C, N]', () => {
    const r = rows();
    const n = 50;
    const data = new Float32Array((4 + C) * n);
    r.forEach((row, i) => {
      const [x1, y1, x2, y2] = row.box;
      data[0 * n + i] = (x1 + x2) / 2;
      data[1 * n + i] = (y1 + y2) / 2;
      data[2 * n + i] = x2 - x1;
      data[3 * n + i] = y2 - y1;
      data[(4 + row.classId) * n + i] = row.score;
    });
    const pp = new Postprocessor(spec('yolov8', ['output0']), opts);
    expectTruth(pp.run({ output0: { data, dims: [1, 4 + C, n] } }, 0, lb));
  });

  it('YOLOv5 [1, N, 5+C] with objectness', () => {
    const r = rows();
    const n = 40;
    const s = 5 + C;
    const data = new Float32Array(n * s);
    r.forEach((row, i) => {
      const [x1, y1, x2, y2] = row.box;
      data.set([(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1, 1], i * s);
      data[i * s + 5 + row.classId] = row.score;
    });
    const pp = new Postprocessor(spec('yolov5', ['output']), opts);
    expectTruth(pp.run({ output: { data, dims: [1, n, s] } }, 0, lb));
  });

  it('end-to-end YOLOv10 / YOLO26 [1, 300, 6] (no NMS)', () => {
    const data = new Float32Array(300 * 6);
    truth.forEach((t, i) => data.set([...toCanvas(t), t.score, t.classId], i * 6));
    data.set([1, 1, 5, 5, 0.05, 1], 3 * 6);
    const pp = new Postprocessor(spec('end2end', ['output0']), opts);
    expectTruth(pp.run({ output0: { data, dims: [1, 300, 6] } }, 0, lb));
  });

  it('YOLOX grid + stride decode', () => {
    const s = 5 + C;
    const n = yoloxAnchorCount(IN, IN, [8, 16, 32]);
    expect(n).toBe(8400);
    const data = new Float32Array(n * s);
    // Each truth box goes in the cell containing its centre, on a different stride level.
    const levels = [8, 16, 32];
    truth.forEach((t, k) => {
      const stride = levels[k];
      let base = 0;
      for (const s2 of levels.slice(0, k)) base += (IN / s2) ** 2;
      const g = IN / stride;
      const [x1, y1, x2, y2] = toCanvas(t);
      const cx = (x1 + x2) / 2;
      const cy = (y1 + y2) / 2;
      const gx = Math.floor(cx / stride);
      const gy = Math.floor(cy / stride);
      const i = base + gy * g + gx;
      data.set(
        [
          cx / stride - gx,
          cy / stride - gy,
          Math.log((x2 - x1) / stride),
          Math.log((y2 - y1) / stride),
          1,
        ],
        i * s,
      );
      data[i * s + 5 + t.classId] = t.score;
    });
    const pp = new Postprocessor(spec('yolox', ['output']), opts);
    expectTruth(pp.run({ output: { data, dims: [1, n, s] } }, 0, lb), 0.05);
  });

  it('RT-DETR / D-FINE: boxes [1,Q,4] (cxcywh 0..1) + logits [1,Q,C], no NMS', () => {
    const q = 300;
    const boxes = new Float32Array(q * 4);
    const logits = new Float32Array(q * C).fill(-9);
    truth.forEach((t, i) => {
      const [x1, y1, x2, y2] = toCanvas(t);
      boxes.set([(x1 + x2) / 2 / IN, (y1 + y2) / 2 / IN, (x2 - x1) / IN, (y2 - y1) / IN], i * 4);
      logits[i * C + t.classId] = Math.log(t.score / (1 - t.score));
    });
    const pp = new Postprocessor(spec('detr', ['boxes', 'logits'], { logits: true }), opts);
    expectTruth(
      pp.run(
        { boxes: { data: boxes, dims: [1, q, 4] }, logits: { data: logits, dims: [1, q, C] } },
        0,
        lb,
      ),
      0.05,
    );
  });

  it('Ultralytics RT-DETR combined [1, Q, 4+C] probabilities', () => {
    const q = 300;
    const data = new Float32Array(q * (4 + C));
    truth.forEach((t, i) => {
      const [x1, y1, x2, y2] = toCanvas(t);
      data.set(
        [(x1 + x2) / 2 / IN, (y1 + y2) / 2 / IN, (x2 - x1) / IN, (y2 - y1) / IN],
        i * (4 + C),
      );
      data[i * (4 + C) + 4 + t.classId] = t.score;
    });
    const pp = new Postprocessor(spec('detr', ['output0']), opts);
    expectTruth(pp.run({ output0: { data, dims: [1, q, 4 + C] } }, 0, lb), 0.05);
  });

  it('reads batch item b of a batched output and keeps only enabled classes', () => {
    const n = 20;
    const one = new Float32Array((4 + C) * n);
    const [x1, y1, x2, y2] = toCanvas(truth[1]);
    one.set([(x1 + x2) / 2], 0);
    one[n] = (y1 + y2) / 2;
    one[2 * n] = x2 - x1;
    one[3 * n] = y2 - y1;
    one[(4 + 1) * n] = 0.8;
    one[(4 + 0) * n] = 0.5;
    const data = new Float32Array(2 * one.length);
    data.set(one, one.length);
    const all = new Postprocessor(spec('yolov8', ['o']), opts);
    const t: OutputTensor = { data, dims: [2, 4 + C, n] };
    expect(all.run({ o: t }, 0, lb)).toEqual([]);
    expect(all.run({ o: t }, 1, lb).map((d) => d.label)).toEqual(['person']);
    const carsOnly = new Postprocessor(spec('yolov8', ['o']), { ...opts, classes: ['car'] });
    const d = carsOnly.run({ o: t }, 1, lb);
    expect(d.map((x) => [x.label, x.score])).toEqual([['car', 0.5]]);
  });
});

describe('class-aware NMS', () => {
  it('suppresses same-class overlaps only, best first, up to maxDetections', () => {
    const c = new Candidates(2);
    c.push(0, 0, 10, 10, 0.6, 0);
    c.push(1, 1, 11, 11, 0.9, 0);
    c.push(0, 0, 10, 10, 0.5, 1);
    c.push(50, 50, 60, 60, 0.4, 0);
    nmsInPlace(c, 0.5);
    expect(Array.from(c.scores.subarray(0, c.count))).toEqual([0.9, 0.5, 0.4].map(Math.fround));
    expect(Array.from(c.classes.subarray(0, c.count))).toEqual([0, 1, 0]);
    nmsInPlace(c, 0.5, 1);
    expect(c.count).toBe(1);
  });
});

describe('layout choice from output shape and metadata', () => {
  const input = { name: 'images', dims: [1, 3, 640, 640] };
  const names = "{0: 'person', 1: 'bicycle', 2: 'car'}";
  const pick = (dims: number[], metadata: Record<string, string> = {}, override = {}) =>
    resolveLayout({ inputs: [input], outputs: [{ name: 'output0', dims }], metadata }, override);
  const kind = (r: ReturnType<typeof pick>) => (r.ok ? r.spec.layout : r.code);

  it('recognises each family', () => {
    expect(kind(pick([1, 84, 8400]))).toBe('yolov8');
    expect(kind(pick([1, 7, 8400], { names }))).toBe('yolov8');
    expect(kind(pick([1, 25200, 85]))).toBe('yolov5');
    expect(kind(pick([1, 8400, 85]))).toBe('yolox');
    expect(kind(pick([1, 300, 6]))).toBe('end2end');
    expect(kind(pick([1, 300, 7], { names }))).toBe('detr');
    const split = resolveLayout({
      inputs: [input],
      outputs: [
        { name: 'logits', dims: [1, 300, 80] },
        { name: 'pred_boxes', dims: [1, 300, 4] },
      ],
      metadata: {},
    });
    expect(split.ok && split.spec).toMatchObject({
      layout: 'detr',
      outputNames: ['pred_boxes', 'logits'],
      numClasses: 80,
      logits: true,
    });
  });

  it('takes names and imgsz from Ultralytics metadata and lets the catalog override', () => {
    const r = resolveLayout(
      {
        inputs: [{ name: 'images', dims: ['batch', 3, 'h', 'w'] }],
        outputs: [{ name: 'output0', dims: ['batch', 7, 'anchors'] }],
        metadata: { names, imgsz: '[416, 416]', task: 'detect' },
      },
      { layout: 'yolov8' },
    );
    expect(r.ok && r.spec).toMatchObject({
      layout: 'yolov8',
      inputWidth: 416,
      inputHeight: 416,
      dynamicBatch: true,
      labels: ['person', 'bicycle', 'car'],
    });
    expect(kind(pick([1, 84, 8400], {}, { layout: 'yolov5' }))).toBe('yolov5');
  });

  it('rejects unknown layouts and non-detection tasks with what was expected and found', () => {
    const r = pick([1, 1000]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('inference.model.layout');
      expect(r.message).toContain('expected one of');
      expect(r.message).toContain('output0 [1,1000]');
    }
    expect(kind(pick([1, 116, 8400], { task: 'segment' }))).toBe('inference.model.task');
    const badInput = resolveLayout({
      inputs: [{ name: 'x', dims: [1, 10] }],
      outputs: [],
      metadata: {},
    });
    expect(!badInput.ok && badInput.message).toContain(
      'expected an image input [N,3,H,W], found x [1,10]',
    );
  });
});
