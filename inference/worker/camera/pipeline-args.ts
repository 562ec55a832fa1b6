import type { CameraSource, Hwaccel } from '../../../electron/shared/config/camera';
import { hwaccelArgs, timelineInputArgs, timelineOf } from './stream-roles';
import type { HiddenInputCaps } from '../ffmpeg/ffmpeg-caps';
import { sourceInput } from './source-input';
import { ringBufferOutputArgs } from './ring-buffer';

export interface AnalysisOutput {
  width: number;
  height: number;
  pixFmt: 'rgb24' | 'gray';
  /** How the model wants the frame fitted (default centred, grey 114): its normalisation metadata. */
  anchor?: 'centre' | 'top-left' | 'stretch';
  padValue?: number;
}

export interface PipelineSpec {
  source: CameraSource;
  /** Rate of the analysis stream; preview frames are a subset of the same frames when slower. 0: every source frame. */
  analysisFps: number;
  analysis?: AnalysisOutput;
  preview?: { width: number; fps: number; quality: number };
  /**
   * Evidence stills at (up to) source resolution, so snapshots and plate reading see the camera's
   * own pixels, not the 640-px preview: one for every analysis frame (the frames a rule can fire
   * on), whatever the preview rate, with the analysis frame's frameId. Without analysis output,
   * the preview frames. `maxWidth` 0: source width.
   */
  stills?: { maxWidth: number; quality: number };
  /**
   * `list`: also index the segments on the camera's timeline (input timestamps kept, `-copyts`) so
   * stills can be decoded from them on demand (a role-split camera's record leg).
   */
  ringBuffer?: {
    dir: string;
    copy: boolean;
    maxBitrateKbps?: number;
    list?: { keep: number };
  };
  /** Read files at their own pace (live-like). Off for `analyze` and benchmarks: as fast as possible. */
  realtime: boolean;
  /**
   * What the ffmpeg build offers to keep a source's credentials off its command line (see
   * sourceInput); without it they go there as before (benchmarks, tests without credentials).
   */
  hiddenInput?: HiddenInputCaps;
  /** Hardware decoding (`-hwaccel …`) for this decode; 'none' or unset: software. */
  hwaccel?: Hwaccel;
  /** Scale the decoded stream to this size before the analysis letterbox (a main stream used to detect). */
  detectSize?: { width: number; height: number };
  /**
   * Report each frame's timestamp on the camera's timeline (`showinfo` on stderr, `-copyts`) for
   * this output, so frames of two ffmpegs of one role-split camera can be related.
   */
  timestamps?: 'analysis' | 'stills';
  /** `-progress pipe:1`: liveness of a leg with no frame output of its own (a record-only copy). */
  progress?: boolean;
}

/** fd numbers of the pipes ffmpeg writes. */
export const PREVIEW_FD = 1;
export const ANALYSIS_FD = 3;
export const STILLS_FD = 4;

/**
 * The MJPEG encoder's frame threading holds back one picture per thread (a second and more on a
 * many-core machine at 10 fps), so a JPEG would arrive long after the raw frame of the same
 * frameId. Slice threading keeps the cores busy without that delay.
 */
const JPEG_NO_DELAY = ['-thread_type', 'slice'];

/**
 * The one ffmpeg per camera: decode once, then (a) raw frames letterboxed at the analysis size
 * (ffmpeg scales and pads: JS only normalises), (b) preview JPEGs, (c) the H.264 ring buffer,
 * (d) optional evidence stills: the analysis frames at source resolution.
 * Returns the base frame rate and the steps that pick analysis, preview and still frames out of
 * it, so the n-th base frame has the same frameId in every output.
 */
export function pipelineArgs(spec: PipelineSpec): {
  args: string[];
  /** Written to ffmpeg's stdin (then closed) when the source's credentials stay off `args`. */
  stdin?: string;
  /** False when the source has credentials and this ffmpeg cannot take them off its command line. */
  credentialsHidden: boolean;
  baseFps: number;
  analysisStep: number;
  previewStep: number;
  stillStep: number;
} {
  const native = spec.analysisFps <= 0;
  const baseFps = native ? 0 : Math.max(spec.analysisFps, spec.preview?.fps ?? 0);
  const analysisStep = native ? 1 : Math.max(1, Math.round(baseFps / spec.analysisFps));
  const previewStep =
    spec.preview && !native ? Math.max(1, Math.round(baseFps / spec.preview.fps)) : 1;
  const stillStep = spec.analysis ? analysisStep : previewStep;
  const rate = native ? 'null' : `fps=${baseFps}`;
  const branches: string[] = [];
  const maps: string[] = [];
  if (spec.analysis) {
    const { width: W, height: H, pixFmt, anchor, padValue } = spec.analysis;
    // The cheapest scaler: the letterbox after it filters again, and this runs on every frame.
    const pre = spec.detectSize
      ? `scale=${spec.detectSize.width}:${spec.detectSize.height}:flags=fast_bilinear,`
      : '';
    const info = spec.timestamps === 'analysis' ? 'showinfo,' : '';
    branches.push(
      `${pick(analysisStep)}${info}${pre}${letterboxFilter(W, H, pixFmt, { anchor, padValue })}[ao]`,
    );
    maps.push('-map', '[ao]', '-f', 'rawvideo', '-pix_fmt', pixFmt, `pipe:${ANALYSIS_FD}`);
  }
  if (spec.preview) {
    branches.push(`${pick(previewStep)}scale=${spec.preview.width}:-2[po]`);
    maps.push(
      '-map',
      '[po]',
      '-f',
      'image2pipe',
      '-c:v',
      'mjpeg',
      ...JPEG_NO_DELAY,
      '-q:v',
      String(spec.preview.quality),
      `pipe:${PREVIEW_FD}`,
    );
  }
  if (spec.stills) {
    // Never upscaled; even width and height for the JPEG encoder's chroma subsampling.
    const scale =
      spec.stills.maxWidth > 0
        ? `scale='trunc(min(iw,${spec.stills.maxWidth})/2)*2':-2`
        : `scale='trunc(iw/2)*2':'trunc(ih/2)*2'`;
    const info = spec.timestamps === 'stills' ? 'showinfo,' : '';
    branches.push(`${pick(stillStep)}${info}${scale}[eo]`);
    maps.push(
      '-map',
      '[eo]',
      '-f',
      'image2pipe',
      '-c:v',
      'mjpeg',
      ...JPEG_NO_DELAY,
      '-q:v',
      String(spec.stills.quality),
      `pipe:${STILLS_FD}`,
    );
  }
  const graph =
    branches.length > 1
      ? `[0:v:0]${rate},split=${branches.length}${branches.map((_, i) => `[s${i}]`).join('')};` +
        branches.map((b, i) => `[s${i}]${b}`).join(';')
      : `[0:v:0]${rate},${branches[0]}`;
  const input = sourceInput(
    spec.source,
    spec.hiddenInput ?? { concat: false, concatOptions: false },
  );
  const args = [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-loglevel',
    'info',
    ...(spec.progress ? ['-progress', 'pipe:1'] : []),
    ...hwaccelArgs(spec.hwaccel ?? 'none'),
    // A main stream decoded only to be scaled down for analysis: one decoder thread costs less CPU
    // than frame threading (and holds back no frames), measured with `watcher bench cameras`.
    ...(spec.detectSize && (spec.hwaccel ?? 'none') === 'none' ? ['-threads', '1'] : []),
    ...(spec.timestamps || spec.ringBuffer?.list ? timelineInputArgs(spec.source) : []),
    ...(spec.realtime ? input.args : input.args.filter((a) => a !== '-re')),
    ...(branches.length ? ['-filter_complex', graph] : []),
    ...(spec.timestamps || spec.ringBuffer?.list ? ['-copyts'] : []),
    // Frames out exactly as the graph makes them: no duplicates added to hold a nominal rate.
    '-vsync',
    '0',
    ...maps,
    ...(spec.ringBuffer
      ? ringBufferOutputArgs(
          spec.ringBuffer.dir,
          spec.ringBuffer.copy,
          baseFps || 25,
          spec.ringBuffer.maxBitrateKbps,
          spec.ringBuffer.list && {
            keep: spec.ringBuffer.list.keep,
            clockCut: timelineOf(spec.source) === 'wallclock',
          },
        )
      : []),
  ];
  return {
    args,
    stdin: input.stdin,
    credentialsHidden: input.hidden,
    baseFps,
    analysisStep,
    previewStep,
    stillStep,
  };
}

function pick(step: number): string {
  return step > 1 ? `select='not(mod(n,${step}))',` : '';
}

/**
 * Scale to fit and pad to W×H, with exactly the numbers of `letterbox()` in
 * inference/vision/detect/letterbox.ts, converting to the output pixel format before padding so no
 * chroma alignment shifts the picture. Default: centred, grey 114 like the Ultralytics training
 * letterbox; `anchor: 'top-left'` pads right and bottom only (YOLOX), `stretch` fills W×H.
 */
export function letterboxFilter(
  W: number,
  H: number,
  pixFmt: 'rgb24' | 'gray',
  opts: { anchor?: 'centre' | 'top-left' | 'stretch'; padValue?: number } = {},
): string {
  if (opts.anchor === 'stretch') return `scale=w=${W}:h=${H}:flags=bilinear,format=${pixFmt}`;
  const r = `min(${W}/iw,${H}/ih)`;
  const pad = Math.max(0, Math.min(255, Math.round(opts.padValue ?? 114)));
  const hex = pad.toString(16).padStart(2, '0');
  const at = opts.anchor === 'top-left' ? `0:0` : `'floor((ow-iw)/2)':'floor((oh-ih)/2)'`;
  return (
    `scale=w='min(${W},max(1,round(iw*${r})))':h='min(${H},max(1,round(ih*${r})))':flags=bilinear,` +
    `format=${pixFmt},pad=${W}:${H}:${at}:color=0x${hex}${hex}${hex}`
  );
}
