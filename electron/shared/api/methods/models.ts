import { z } from 'zod';
import { cameraIdSchema } from '../../config/camera';
import { detectionSchema } from '../../domain/detection';
import { LAYOUTS } from '../../domain/model-layout';
import { MODEL_TASKS, normalisationSchema } from '../../domain/model-registry';
import type { MethodSpec } from '../method-spec';

/**
 * Settings → Models: list the installed detection models, import a local `.onnx` from the UI
 * (uploaded in chunks so the bytes travel over either transport: Electron IPC or the browser's
 * WebSocket, whose messages are limited to MAX_MESSAGE_BYTES), remove one, and run one once on a
 * frame to see what it finds. Pure: the host's handlers and the UI share these schemas and helpers.
 */

/** Largest model the UI may import (a YOLOv8x / RT-DETR-X export is ~250–300 MB). */
export const MODEL_UPLOAD_MAX_BYTES = 512 * 1024 * 1024;
/** What the UI sends per chunk: 512 KiB → ~683 KiB of base64, well under the 1 MiB message limit. */
export const MODEL_UPLOAD_CHUNK_BYTES = 512 * 1024;
/** Largest base64 text the host accepts in one chunk (1 MiB of text, 768 KiB of bytes). */
export const MODEL_UPLOAD_MAX_CHUNK_BASE64 = 1024 * 1024;
/** Longest plate-OCR config text accepted (fast-plate-ocr's are a few hundred bytes). */
export const PLATE_OCR_CONFIG_MAX_CHARS = 16_384;

/** Largest labels file (one name per line, a JSON list or a YAML `names:` block). */
export const MODEL_LABELS_MAX_CHARS = 256 * 1024;
/** Most class names a labels file may give. */
export const MODEL_LABELS_MAX = 10_000;

/**
 * A file name as the browser reports it: a bare name, never a path. Separators, `..`, control
 * characters and leading dots are refused here; the host never uses it as a path anyway.
 */
export const modelFileNameSchema = z
  .string()
  .min(1)
  .max(255)
  .refine(
    (s) => ![...s].some((c) => c === '/' || c === '\\' || c.charCodeAt(0) < 0x20 || c === '\x7f'),
    'file name: no path separators or control characters',
  )
  .refine((s) => !s.startsWith('.'), 'file name: must not start with "."');

/** An installed model's id: the file is `<models dir>/<id>.onnx`. */
export const modelIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/, 'model id: letters, digits, ".", "-" and "_" only');

export const uploadIdSchema = z.string().regex(/^[0-9a-f-]{36}$/, 'expected an upload id');

const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

export const layoutSchema = z.enum(LAYOUTS);

export const installedModelSchema = z.object({
  id: modelIdSchema,
  /** Name the file had when it was imported (or the catalog's file name). */
  fileName: z.string(),
  /** The catalog's display name when the model comes from the catalog. */
  name: z.string().optional(),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string().optional(),
  /** Decoder picked from the output shapes and metadata; absent when the sidecar says nothing. */
  layout: layoutSchema.optional(),
  inputSize: z
    .object({ width: z.number().int().positive(), height: z.number().int().positive() })
    .optional(),
  labels: z.array(z.string()),
  labelsCount: z.number().int().nonnegative(),
  /** What the model does; absent on detectors imported before tasks were recorded. */
  task: z.enum(MODEL_TASKS).optional(),
  /** Embedding models: the vector's width. */
  embeddingDim: z.number().int().positive().optional(),
  licence: z.string().optional(),
  source: z.string().optional(),
  importedAt: z.number().optional(),
  importedBy: z.string().optional(),
  /** Cameras whose detector uses this model (a model in use cannot be removed). */
  usedBy: z.array(z.string()),
});
export type InstalledModel = z.infer<typeof installedModelSchema>;

export const providerNameSchema = z.enum(['cuda', 'tensorrt', 'webgpu', 'cpu']);

export const tryOnFrameResultSchema = z.object({
  modelId: z.string(),
  /** Where the frame came from: the camera's latest preview, or the built-in synthetic scene. */
  frameSource: z.enum(['camera', 'demo']),
  /** Set when a camera was asked for but had no frame yet, so the demo frame was used. */
  fallbackReason: z.string().optional(),
  cameraId: z.string().optional(),
  jpegBase64: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Boxes in the returned frame's pixels. */
  detections: z.array(detectionSchema),
  layout: layoutSchema,
  inputSize: z.object({ width: z.number().int(), height: z.number().int() }),
  /** The execution provider that ran the model, and why better ones were skipped. */
  provider: providerNameSchema,
  providerNote: z.string().optional(),
  /** One `session.run`, milliseconds. */
  inferenceMs: z.number().nonnegative(),
  /** Decode + letterbox of the frame, milliseconds. */
  preprocessMs: z.number().nonnegative(),
  /** The whole call on the host (process start, model load, warm-up included), milliseconds. */
  totalMs: z.number().nonnegative(),
});
export type TryOnFrameResult = z.infer<typeof tryOnFrameResultSchema>;

const uploadState = z.object({
  uploadId: uploadIdSchema,
  received: z.number().int().nonnegative(),
  size: z.number().int().positive(),
  /** Index the host expects next. */
  nextIndex: z.number().int().nonnegative(),
});

export const modelMethods = {
  'models.list': {
    params: z.object({}).strict(),
    result: z.object({
      models: z.array(installedModelSchema),
      /** Providers the host tries, in order, before falling back to the next (`cpu` last). */
      providers: z.array(providerNameSchema),
      limits: z.object({
        maxBytes: z.number().int(),
        chunkBytes: z.number().int(),
        maxChunkBase64: z.number().int(),
      }),
    }),
    permission: 'config',
  },
  /** Starts an upload: the host reserves a temp file and answers with the id the chunks name. */
  'models.import.begin': {
    params: z
      .object({
        fileName: modelFileNameSchema,
        size: z.number().int().positive().max(MODEL_UPLOAD_MAX_BYTES),
        /** Lower-case hex SHA-256 of the whole file, checked at commit when given. */
        sha256: z
          .string()
          .regex(/^[0-9a-f]{64}$/, 'sha256: 64 lower-case hex digits')
          .optional(),
      })
      .strict(),
    result: uploadState.extend({ chunkBytes: z.number().int().positive() }),
    permission: 'models.admin',
  },
  /** One chunk, in order (index 0, 1, …); base64 text of at most MODEL_UPLOAD_MAX_CHUNK_BASE64. */
  'models.import.chunk': {
    params: z
      .object({
        uploadId: uploadIdSchema,
        index: z.number().int().nonnegative().max(1_000_000),
        base64: z
          .string()
          .min(1)
          .max(MODEL_UPLOAD_MAX_CHUNK_BASE64)
          .refine((s) => s.length % 4 === 0 && BASE64_RE.test(s), 'chunk: expected base64 text'),
      })
      .strict(),
    result: uploadState,
    permission: 'models.admin',
  },
  /**
   * All bytes sent: the host validates the file (ONNX, a known detector output layout, ONNX
   * Runtime loads it) in a separate process and installs it under a new id. A failure names what
   * was expected and found; nothing already installed is touched either way.
   */
  'models.import.commit': {
    params: z
      .object({
        uploadId: uploadIdSchema,
        /** Text of a labels file: one class name per line, a JSON list, or YAML `names:`. */
        labels: z.string().max(MODEL_LABELS_MAX_CHARS).optional(),
        /** Wanted id; default from the file name. An id already installed gets a suffix. */
        id: modelIdSchema.optional(),
        /**
         * Detector, ImageNet-style classifier (`[N,K]` scores) or embedding model (`[N,D]`);
         * `auto` decides from the output shapes (K = 1000 or the labels' count: classifier).
         */
        task: z.enum(['auto', ...MODEL_TASKS]).default('auto'),
        /** Classifier / embedding preprocessing; default: its family's convention. */
        normalisation: normalisationSchema.optional(),
        /** Task `plate-ocr`: text of the model's config (fast-plate-ocr YAML, or JSON). */
        plateOcrConfig: z.string().max(PLATE_OCR_CONFIG_MAX_CHARS).optional(),
      })
      .strict(),
    result: z.object({
      model: installedModelSchema,
      task: z.enum(MODEL_TASKS),
      numClasses: z.number().int().positive(),
      dynamicBatch: z.boolean(),
    }),
    permission: 'models.admin',
  },
  'models.import.abort': {
    params: z.object({ uploadId: uploadIdSchema }).strict(),
    result: z.object({ aborted: z.boolean() }),
    permission: 'models.admin',
  },
  /** Deletes an installed model; refused while a camera's detector uses it. */
  'models.remove': {
    params: z.object({ id: modelIdSchema }).strict(),
    result: z.object({ removed: z.boolean() }),
    permission: 'models.admin',
  },
  /**
   * Runs the model once, in a short-lived process, on the camera's latest preview frame (or the
   * built-in synthetic scene when no camera is named or it has no frame yet).
   */
  'models.tryOnFrame': {
    params: z
      .object({
        modelId: modelIdSchema,
        cameraId: cameraIdSchema.optional(),
        sample: z.literal('demo').optional(),
        scoreThreshold: z.number().min(0.01).max(1).default(0.25),
      })
      .strict(),
    result: tryOnFrameResultSchema,
    permission: 'config',
  },
} satisfies Record<string, MethodSpec>;

// ----------------------------------------------------------------------------------------------
// Pure helpers shared by the host (validation) and the UI (slicing, progress).

/** Number of chunks a file of `size` bytes takes at `chunkBytes` per chunk. */
export function chunkCount(size: number, chunkBytes = MODEL_UPLOAD_CHUNK_BYTES): number {
  return Math.max(1, Math.ceil(size / chunkBytes));
}

/** Bytes that well-formed base64 text decodes to. */
export function base64DecodedLength(b64: string): number {
  const pad = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return (b64.length / 4) * 3 - pad;
}

/** Whole percent of an upload, for the progress bar's text. */
export function uploadPercent(sent: number, size: number): number {
  if (!(size > 0)) return 0;
  return Math.min(100, Math.floor((100 * sent) / size));
}

export type ChunkCheck = { ok: true; bytes: number } | { ok: false; code: string; message: string };

/**
 * Whether a chunk may be appended to an upload that has `received` of `size` bytes and expects
 * chunk `nextIndex`: in order, not empty, and not past the declared size.
 */
export function checkChunk(
  state: { received: number; size: number; nextIndex: number },
  index: number,
  decodedBytes: number,
): ChunkCheck {
  if (index !== state.nextIndex)
    return {
      ok: false,
      code: 'models.upload.out_of_order',
      message: `expected chunk ${state.nextIndex}, got ${index}`,
    };
  if (decodedBytes <= 0)
    return { ok: false, code: 'models.upload.empty_chunk', message: 'chunk is empty' };
  if (state.received + decodedBytes > state.size)
    return {
      ok: false,
      code: 'models.upload.too_large',
      message: `chunk ${index} would make ${state.received + decodedBytes} bytes, more than the ${state.size} declared`,
    };
  return { ok: true, bytes: decodedBytes };
}

/**
 * A model id from a file name: the name without `.onnx`, anything outside [A-Za-z0-9._-] turned
 * into `_`, no leading dots, at most 64 characters; `model` when nothing is left.
 */
export function modelIdFromFileName(fileName: string): string {
  const base = fileName.split(/[/\\]/).pop() ?? '';
  const id = base
    .replace(/\.onnx$/i, '')
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^[.]+/, '')
    .slice(0, 64);
  return id && /[A-Za-z0-9]/.test(id) ? id : 'model';
}

/** `id`, or `id-2`, `id-3`, … : the first one not in `taken`. */
export function uniqueModelId(id: string, taken: ReadonlySet<string>): string {
  if (!taken.has(id)) return id;
  for (let n = 2; ; n++) {
    const candidate = `${id.slice(0, 120)}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export type LabelsParse = { ok: true; labels: string[] } | { ok: false; message: string };

/**
 * Class names from a labels file: a JSON list (`["person", …]`), a JSON object keyed by index
 * (`{"0": "person", …}`), Ultralytics YAML (`names:` then `  0: person` lines, or an inline
 * `names: [a, b]`), or plain text with one name per line (`0 person` / `0: person` prefixes and
 * `#` comments dropped).
 */
export function parseLabelsFile(text: string): LabelsParse {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (!trimmed) return { ok: false, message: 'the labels file is empty' };
  const done = (labels: string[]): LabelsParse => {
    const clean = labels.map((l) => l.trim());
    if (!clean.length) return { ok: false, message: 'the labels file names no class' };
    if (clean.length > MODEL_LABELS_MAX)
      return { ok: false, message: `the labels file names more than ${MODEL_LABELS_MAX} classes` };
    const blank = clean.findIndex((l) => !l);
    if (blank >= 0) return { ok: false, message: `label ${blank} is empty` };
    if (clean.some((l) => l.length > 200))
      return { ok: false, message: 'a label is longer than 200 characters' };
    return { ok: true, labels: clean };
  };
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      json = undefined;
    }
    if (Array.isArray(json)) {
      if (!json.every((l) => typeof l === 'string'))
        return { ok: false, message: 'the JSON list must contain only strings' };
      return done(json);
    }
    if (json && typeof json === 'object') return fromIndexed(Object.entries(json), done);
    if (trimmed.startsWith('['))
      return done(splitInline(trimmed.slice(1, trimmed.lastIndexOf(']'))));
  }
  const lines = trimmed.split(/\r?\n/);
  const namesAt = lines.findIndex((l) => /^names\s*:/.test(l));
  if (namesAt >= 0) {
    const inline = lines[namesAt].replace(/^names\s*:/, '').trim();
    if (inline.startsWith('[')) return done(splitInline(inline.slice(1, inline.lastIndexOf(']'))));
    const entries: Array<[string, unknown]> = [];
    const list: string[] = [];
    for (const line of lines.slice(namesAt + 1)) {
      if (!/^\s/.test(line) && line.trim()) break;
      const m = /^\s+(\d+)\s*:\s*(.*)$/.exec(line);
      const item = /^\s+-\s*(.*)$/.exec(line);
      if (m) entries.push([m[1], unquote(m[2])]);
      else if (item) list.push(unquote(item[1]));
    }
    return entries.length ? fromIndexed(entries, done) : done(list);
  }
  const names = lines
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.replace(/^\d+\s*[:\s]\s*/, ''));
  return done(names);
}

function unquote(s: string): string {
  const t = s.trim();
  return /^(['"]).*\1$/.test(t) ? t.slice(1, -1) : t;
}

function splitInline(s: string): string[] {
  return s
    .split(',')
    .map(unquote)
    .filter((l, i, all) => l || i < all.length - 1);
}

function fromIndexed(
  entries: Array<[string, unknown]>,
  done: (labels: string[]) => LabelsParse,
): LabelsParse {
  const out: string[] = [];
  for (const [k, v] of entries) {
    const i = Number(k);
    if (!Number.isInteger(i) || i < 0 || i >= MODEL_LABELS_MAX)
      return { ok: false, message: `"${k.slice(0, 20)}" is not a class index` };
    if (typeof v !== 'string') return { ok: false, message: `label ${i} is not text` };
    out[i] = v;
  }
  for (let i = 0; i < out.length; i++)
    if (out[i] === undefined) return { ok: false, message: `class ${i} has no label` };
  return done(out);
}
