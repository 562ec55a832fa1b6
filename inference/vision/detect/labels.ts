/** The 80 COCO class names in Ultralytics order: the labels of most off-the-shelf detectors. */
export const COCO80: readonly string[] = [
  'person',
  'bicycle',
  'car',
  'motorcycle',
  'airplane',
  'bus',
  'train',
  'truck',
  'boat',
  'traffic light',
  'fire hydrant',
  'stop sign',
  'parking meter',
  'bench',
  'bird',
  'cat',
  'dog',
  'horse',
  'sheep',
  'cow',
  'elephant',
  'bear',
  'zebra',
  'giraffe',
  'backpack',
  'umbrella',
  'handbag',
  'tie',
  'suitcase',
  'frisbee',
  'skis',
  'snowboard',
  'sports ball',
  'kite',
  'baseball bat',
  'baseball glove',
  'skateboard',
  'surfboard',
  'tennis racket',
  'bottle',
  'wine glass',
  'cup',
  'fork',
  'knife',
  'spoon',
  'bowl',
  'banana',
  'apple',
  'sandwich',
  'orange',
  'broccoli',
  'carrot',
  'hot dog',
  'pizza',
  'donut',
  'cake',
  'chair',
  'couch',
  'potted plant',
  'bed',
  'dining table',
  'toilet',
  'tv',
  'laptop',
  'mouse',
  'remote',
  'keyboard',
  'cell phone',
  'microwave',
  'oven',
  'toaster',
  'sink',
  'refrigerator',
  'book',
  'clock',
  'vase',
  'scissors',
  'teddy bear',
  'hair drier',
  'toothbrush',
];

/**
 * Class names from ONNX metadata: Ultralytics writes a Python dict literal
 * (`{0: 'person', 1: 'bicycle'}`); other exporters a JSON array or object. Undefined if unparseable.
 */
export function parseNames(raw: string | undefined): string[] | undefined {
  if (!raw) return undefined;
  const text = raw.trim();
  try {
    const j: unknown = JSON.parse(text);
    if (Array.isArray(j) && j.every((v) => typeof v === 'string')) return j as string[];
    if (j && typeof j === 'object') return fromPairs(Object.entries(j as Record<string, unknown>));
  } catch {
    // Not JSON: try the Python dict form below.
  }
  const pairs: Array<[string, unknown]> = [];
  const re = /(\d+)\s*:\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g;
  for (let m = re.exec(text); m; m = re.exec(text)) pairs.push([m[1], m[2] ?? m[3]]);
  return pairs.length ? fromPairs(pairs) : undefined;
}

function fromPairs(pairs: Array<[string, unknown]>): string[] | undefined {
  const out: string[] = [];
  for (const [k, v] of pairs) {
    const i = Number(k);
    if (!Number.isInteger(i) || i < 0 || i > 100_000 || typeof v !== 'string') return undefined;
    out[i] = v;
  }
  for (let i = 0; i < out.length; i++) out[i] ??= `class${i}`;
  return out;
}

/** `imgsz` metadata (`[640, 640]` or `640`) → [height, width]. */
export function parseImgsz(raw: string | undefined): [number, number] | undefined {
  if (!raw) return undefined;
  const nums = raw.match(/\d+/g)?.map(Number) ?? [];
  if (nums.length === 1) return [nums[0], nums[0]];
  if (nums.length >= 2) return [nums[0], nums[1]];
  return undefined;
}
