import { CodedError } from '../../shared/coded-error';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { InstalledModel } from '../../shared/api/methods/models';
import type { CameraConfig } from '../../shared/config/camera';
import { COCO80 } from '../../../inference/vision/detect/labels';
import { LAYOUTS } from '../../shared/domain/model-layout';
import { MODEL_TASKS } from '../../shared/domain/model-registry';
import { demoTrafficGraph } from '../../../inference/worker/camera/source-input';
import { runFfmpeg } from '../../../inference/worker/ffmpeg/ffmpeg-run';

/** The sidecar `<id>.json` as `watcher models fetch|import` and the UI import write it. */
const sidecarSchema = z
  .object({
    name: z.string().optional(),
    file: z.string().optional(),
    sha256: z.string().optional(),
    layout: z.enum(LAYOUTS).optional(),
    inputSize: z
      .object({ width: z.number().int().positive(), height: z.number().int().positive() })
      .optional(),
    labels: z.union([z.literal('coco80'), z.array(z.string())]).optional(),
    task: z.enum(MODEL_TASKS).optional(),
    embeddingDim: z.number().int().positive().optional(),
    licence: z.string().optional(),
    source: z.string().optional(),
    importedAt: z.number().optional(),
    importedBy: z.string().optional(),
  })
  .passthrough();

const MODEL_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** Cameras whose detector runs model `id`. */
export function camerasUsing(cameras: readonly CameraConfig[], id: string): string[] {
  return cameras
    .filter(
      (c) =>
        (c.detector.kind === 'onnx' && c.detector.modelId === id) ||
        (typeof c.plates?.recognizer === 'object' && c.plates.recognizer.modelId === id),
    )
    .map((c) => c.id);
}

/** Every `<id>.onnx` in the models folder with what its sidecar says (an unreadable one: little). */
export function listInstalledModels(
  modelsDir: string,
  cameras: readonly CameraConfig[],
): InstalledModel[] {
  if (!existsSync(modelsDir)) return [];
  const out: InstalledModel[] = [];
  for (const f of readdirSync(modelsDir)) {
    if (!f.endsWith('.onnx')) continue;
    const id = f.slice(0, -5);
    if (!MODEL_ID.test(id)) continue;
    let sizeBytes = 0;
    try {
      const st = statSync(path.join(modelsDir, f));
      if (!st.isFile()) continue;
      sizeBytes = st.size;
    } catch {
      continue;
    }
    let side: z.infer<typeof sidecarSchema> = {};
    try {
      const parsed = sidecarSchema.safeParse(
        JSON.parse(readFileSync(path.join(modelsDir, `${id}.json`), 'utf8')),
      );
      if (parsed.success) side = parsed.data;
    } catch {
      // No sidecar: the worker resolves the layout from the file itself.
    }
    const labels = side.labels === 'coco80' ? [...COCO80] : (side.labels ?? []);
    out.push({
      id,
      fileName: side.file ?? f,
      ...(side.name ? { name: side.name } : {}),
      sizeBytes,
      ...(side.sha256 ? { sha256: side.sha256 } : {}),
      ...(side.layout ? { layout: side.layout } : {}),
      ...(side.inputSize ? { inputSize: side.inputSize } : {}),
      labels,
      labelsCount: labels.length,
      ...(side.task ? { task: side.task } : {}),
      ...(side.embeddingDim ? { embeddingDim: side.embeddingDim } : {}),
      ...(side.licence ? { licence: side.licence } : {}),
      ...(side.source ? { source: side.source } : {}),
      ...(side.importedAt ? { importedAt: side.importedAt } : {}),
      ...(side.importedBy ? { importedBy: side.importedBy } : {}),
      usedBy: camerasUsing(cameras, id),
    });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Deletes `<id>.onnx` and its sidecar; refused while a camera uses the model. */
export function removeInstalledModel(
  modelsDir: string,
  id: string,
  cameras: readonly CameraConfig[],
): boolean {
  if (!MODEL_ID.test(id)) throw new CodedError('models.bad_id', `invalid model id "${id}"`);
  const file = path.join(modelsDir, `${id}.onnx`);
  if (!existsSync(file))
    throw new CodedError('models.not_installed', `no installed model "${id}"`, { id });
  const users = camerasUsing(cameras, id);
  if (users.length)
    throw new CodedError(
      'models.in_use',
      `model "${id}" is used by camera(s) ${users.join(', ')}; choose another detector for them first`,
      { id, cameras: users.join(', ') },
    );
  rmSync(file, { force: true });
  rmSync(path.join(modelsDir, `${id}.json`), { force: true });
  // A plate-OCR model's config beside it (install-plate-ocr.ts).
  for (const ext of ['yaml', 'yml', 'json'])
    rmSync(path.join(modelsDir, `${id}.plate-ocr.${ext}`), { force: true });
  return true;
}

let demoFrame: Promise<Uint8Array> | undefined;

/**
 * One frame of the built-in synthetic traffic scene (the demo camera's picture: road, lane marks
 * and vehicles drawn by ffmpeg's lavfi sources) as a JPEG; rendered once, then cached.
 */
export function demoFrameJpeg(ffmpegPath: string, timeoutMs = 15_000): Promise<Uint8Array> {
  demoFrame ??= runFfmpeg(
    ffmpegPath,
    [
      '-f',
      'lavfi',
      '-i',
      demoTrafficGraph(),
      '-ss',
      '1.2',
      '-frames:v',
      '1',
      '-f',
      'image2pipe',
      '-c:v',
      'mjpeg',
      '-q:v',
      '3',
      'pipe:1',
    ],
    timeoutMs,
  ).then(
    (jpeg) => {
      if (jpeg.length > 4 && jpeg[0] === 0xff && jpeg[1] === 0xd8) return new Uint8Array(jpeg);
      throw new Error('ffmpeg could not render the demo frame: no JPEG came out');
    },
    (e: unknown) => {
      throw new Error(
        `ffmpeg could not render the demo frame: ${(e as Error).message.split('\n').at(-1)}`,
      );
    },
  );
  // A failure is not cached: the next call tries again.
  demoFrame.catch(() => (demoFrame = undefined));
  return demoFrame;
}
