import { CodedError } from '../../shared/coded-error';
import { runFfmpeg } from '../../../inference/worker/ffmpeg/ffmpeg-run';
import { parentPort } from '../../../inference/worker/parent-port';
import { letterbox } from '../../../inference/vision/detect/letterbox';
import { Postprocessor } from '../../../inference/vision/detect/postprocess';
import { letterboxFilter } from '../../../inference/worker/camera/pipeline-args';
import { jpegSize } from '../../../inference/worker/camera/jpeg-splitter';
import { ModelEngine, type JobTimings } from '../../../inference/worker/detector/model-engine';
import type { OutputTensor } from '../../../inference/vision/detect/decoders';
import * as ort from 'onnxruntime-node';
import { readOnnxModelInfo } from '../../../inference/worker/onnx/onnx-model-info';
import { describeModelTask } from '../../../inference/vision/detect/model-task';
import { validateModel } from './install';
import { frameImageFormat, pngSize } from './frame-image';
import { compareModels, type CompareFrame } from '../../../inference/worker/eval/compare-runner';
import { decodeImage } from '../../../inference/worker/plates/image-io';
import { probeJobSchema, type ProbeJob, type ProbeReply } from './probe-protocol';
import { AppearanceEmbedder } from '../../../inference/worker/reid/appearance-embedder';

/**
 * Model probe process entry: does one job (validate a model file, or run a model once on a JPEG)
 * and exits. Started by the host through the same forker as the inference workers
 * (child_process.fork under `watcher serve`, utilityProcess under Electron).
 */

const send = (msg: ProbeReply): void => parentPort.send(msg);

/** The JPEG scaled to fit and padded to the model input, as HWC RGB bytes (the worker's letterbox). */
function letterboxedRgb(
  ffmpegPath: string,
  jpeg: Uint8Array,
  width: number,
  height: number,
  strict = false,
  fit: { anchor?: 'centre' | 'top-left' | 'stretch'; padValue?: number } = {},
): Promise<Uint8Array> {
  const expected = width * height * 3;
  return runFfmpeg(
    ffmpegPath,
    [
      ...(strict ? ['-err_detect', 'explode'] : []),
      '-f',
      'image2pipe',
      '-i',
      'pipe:0',
      '-frames:v',
      '1',
      '-vf',
      letterboxFilter(width, height, 'rgb24', fit),
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ],
    30_000,
    jpeg,
  ).then(
    (rgb) => {
      if (rgb.length < expected)
        throw new CodedError('models.try.bad_frame', 'ffmpeg could not decode the frame');
      return new Uint8Array(rgb.subarray(0, expected));
    },
    (e: unknown) => {
      throw new CodedError(
        'models.try.bad_frame',
        `ffmpeg could not decode the frame: ${(e as Error).message.split('\n').at(-1)}`,
      );
    },
  );
}

async function tryModel(job: Extract<ProbeJob, { type: 'try' }>): Promise<ProbeReply> {
  // A JPEG (camera previews, the demo frame) or a PNG (a posted frame, `frames.analyze`).
  const format = frameImageFormat(job.jpeg);
  const size =
    format === 'jpeg'
      ? jpegSize(job.jpeg)
      : format === 'png'
        ? (pngSize(job.jpeg) ?? { width: 0, height: 0 })
        : { width: 0, height: 0 };
  if (!(size.width > 0 && size.height > 0))
    throw new CodedError('models.try.bad_frame', 'the frame is not a JPEG or PNG image');
  const engine = await ModelEngine.open(job.modelPath, job.inference, job.override, 1);
  try {
    const spec = engine.spec;
    const t0 = performance.now();
    const rgb = await letterboxedRgb(
      job.ffmpegPath,
      job.jpeg,
      spec.inputWidth,
      spec.inputHeight,
      job.strictDecode,
      { anchor: spec.normalisation?.letterbox, padValue: spec.normalisation?.padValue },
    );
    const decodeMs = performance.now() - t0;
    const { outputs, timings } = await new Promise<{
      outputs: Record<string, OutputTensor>;
      timings: JobTimings;
    }>((resolve, reject) =>
      engine.submit({
        key: 'try',
        rgb,
        arrivedAt: performance.now(),
        keepAll: true,
        done: (o, _b, t) => resolve({ outputs: o, timings: t }),
        dropped: () => reject(new CodedError('models.try.failed', 'the frame was dropped')),
        failed: (e) => reject(e),
      }),
    );
    const post = new Postprocessor(spec, {
      scoreThreshold: job.scoreThreshold,
      iouThreshold: job.iouThreshold,
      maxDetections: job.maxDetections,
    });
    const lb = letterbox(
      size.width,
      size.height,
      spec.inputWidth,
      spec.inputHeight,
      spec.normalisation?.letterbox,
    );
    const detections = post.run(outputs, 0, lb).map((d) => ({
      x1: d.x1,
      y1: d.y1,
      x2: d.x2,
      y2: d.y2,
      score: d.score,
      classId: d.classId,
      label: d.label,
    }));
    return {
      type: 'tried',
      width: size.width,
      height: size.height,
      detections,
      layout: spec.layout,
      inputWidth: spec.inputWidth,
      inputHeight: spec.inputHeight,
      provider: engine.provider,
      ...(engine.providerNote ? { providerNote: engine.providerNote } : {}),
      inferenceMs: timings.inferMs,
      preprocessMs: decodeMs + timings.preprocessMs,
    };
  } finally {
    await engine.close();
  }
}

/** Models → Compare: the images decoded once, then every model on them (compare-runner). */
async function compareJob(job: Extract<ProbeJob, { type: 'compare' }>): Promise<ProbeReply> {
  const frames: CompareFrame[] = [];
  for (const [index, im] of job.images.entries()) {
    try {
      frames.push({ name: im.name, image: await decodeImage(im.bytes) });
    } catch (e) {
      throw new CodedError(
        'models.compare.bad_image',
        `image ${index + 1} (${im.name}) cannot be decoded: ${(e as Error).message}`,
        { index: index + 1, name: im.name },
      );
    }
  }
  let report;
  try {
    report = await compareModels(frames, {
      models: job.models,
      modelsDir: job.modelsDir,
      inference: job.inference,
      scoreThreshold: job.scoreThreshold,
      onProgress: (p) => send({ type: 'progress', ...p }),
    });
  } catch (e) {
    if (e instanceof CodedError) throw e;
    throw new CodedError('models.compare.failed', (e as Error).message, {
      message: (e as Error).message.slice(0, 300),
    });
  }
  return {
    type: 'compared',
    report: {
      ...report,
      // Paths stay on the host.
      models: report.models.map(({ path: _path, ...m }) => m),
    },
  };
}

/** Classifier / embedding import: the task and input the shapes say, and a load by ONNX Runtime. */
async function describeJob(job: Extract<ProbeJob, { type: 'describe' }>): Promise<ProbeReply> {
  let info;
  try {
    info = readOnnxModelInfo(job.file);
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'inference.model.unreadable';
    throw new CodedError(code, (err as Error).message.split(job.file).join(job.displayName));
  }
  const d = describeModelTask(info, job.labels ? { labels: job.labels } : {});
  if (!d.ok) throw new CodedError(d.code, `${job.displayName}: ${d.message}`);
  try {
    const session = await ort.InferenceSession.create(job.file, {
      executionProviders: ['cpu'],
      logSeverityLevel: 4,
    });
    await session.release();
  } catch (err) {
    throw new CodedError(
      'inference.session.failed',
      `${job.displayName} is ONNX but ONNX Runtime cannot load it: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  if (d.info.task === 'plate-ocr')
    throw new CodedError('models.task.mismatch', `${job.displayName}: not described by its shapes`);
  return {
    type: 'described',
    task: d.info.task,
    inputWidth: d.info.inputWidth,
    inputHeight: d.info.inputHeight,
    outputs: d.info.outputs,
    normalisation: { ...d.info.normalisation },
    ...(info.metadata.license ? { licence: info.metadata.license } : {}),
  };
}

/** A picture of a person or vehicle (already cropped by the user) → its appearance embedding. */
async function embedJob(job: Extract<ProbeJob, { type: 'embed' }>): Promise<ProbeReply> {
  let image;
  try {
    image = await decodeImage(job.image);
  } catch (e) {
    throw new CodedError(
      'tracks.searchImage.notImage',
      `the picture cannot be decoded: ${(e as Error).message}`,
    );
  }
  const embedder = await AppearanceEmbedder.open(job.modelPath, {
    modelsDir: '.',
    inference: job.inference,
  });
  try {
    const v = await embedder.embed(image, { x1: 0, y1: 0, x2: image.width, y2: image.height });
    if (!v) throw new CodedError('tracks.searchImage.notImage', 'the picture is too small');
    return { type: 'embedded', vector: Array.from(v), width: image.width, height: image.height };
  } finally {
    await embedder.close();
  }
}

async function run(job: ProbeJob): Promise<ProbeReply> {
  if (job.type === 'compare') return compareJob(job);
  if (job.type === 'embed') return embedJob(job);
  if (job.type === 'describe') return describeJob(job);
  if (job.type === 'validate') {
    const v = await validateModel(job.file, undefined, {
      labels: job.labels,
      displayName: job.displayName,
    });
    const plain = (t: { name: string; dims: ReadonlyArray<number | string> }) => ({
      name: t.name,
      dims: [...t.dims],
    });
    return {
      type: 'validated',
      spec: v.spec,
      info: { ...v.info, inputs: v.info.inputs.map(plain), outputs: v.info.outputs.map(plain) },
    };
  }
  return tryModel(job);
}

let started = false;
parentPort.onMessage((raw) => {
  if (started) return;
  const parsed = probeJobSchema.safeParse(raw);
  if (!parsed.success) {
    send({ type: 'failed', code: 'models.probe.bad_job', message: 'invalid probe job' });
    return;
  }
  started = true;
  void run(parsed.data)
    .then(send, (err: unknown) =>
      send({
        type: 'failed',
        code: (err as { code?: unknown }).code
          ? String((err as { code: unknown }).code)
          : 'models.probe.failed',
        message: err instanceof Error ? err.message : String(err),
        ...(err instanceof CodedError && err.params ? { params: err.params } : {}),
      }),
    )
    // Let the reply flush through the IPC channel before leaving.
    .finally(() => setTimeout(() => process.exit(0), 50));
});
parentPort.onParentGone(() => process.exit(0));
send({ type: 'ready' });
