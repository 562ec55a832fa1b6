import type {
  CameraConfig,
  CameraSource,
  Hwaccel,
  StreamRole,
} from '../../../electron/shared/config/camera';

/**
 * One ffmpeg of a camera: a source with the roles it serves. A camera with one stream has one leg
 * with every role (today's single decode); a role-split camera has a detect leg (the sub-stream,
 * decoded for analysis) and a main leg (copied into the ring buffer, decoded for stills only when
 * the camera keeps stills).
 */
export interface StreamLeg {
  source: CameraSource;
  roles: StreamRole[];
  /** `detect` leg only: scale the decoded stream to this size before analysis. */
  detectSize?: { width: number; height: number };
}

export interface StreamPlan {
  /** The leg with the `detect` role first, then the others (one per distinct source). */
  legs: StreamLeg[];
  /** More than one ffmpeg: frames are related across legs by timestamp, not by frameId. */
  split: boolean;
  /** Analysis rate of the detect leg. */
  detectFps: number;
}

/** Same stream? (the form may repeat the main URL as an input). */
export function sameSource(a: CameraSource, b: CameraSource): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Which source serves each role: the input that claims it, else the camera's main `source`. */
export function roleSource(c: CameraConfig, role: StreamRole): CameraSource {
  return c.streams.inputs.find((i) => i.roles.includes(role))?.source ?? c.source;
}

/** The camera's ffmpeg legs, by role (see StreamLeg). */
export function planStreams(c: CameraConfig): StreamPlan {
  const legs: StreamLeg[] = [];
  for (const role of ['detect', 'record', 'stills'] as const) {
    const source = roleSource(c, role);
    const leg = legs.find((l) => sameSource(l.source, source));
    if (leg) leg.roles.push(role);
    else legs.push({ source, roles: [role] });
  }
  const detect = legs[0];
  if (c.streams.detectSize && sameSource(detect.source, c.source))
    detect.detectSize = c.streams.detectSize;
  return {
    legs,
    split: legs.length > 1,
    detectFps: c.streams.detectFps ?? c.analysis.fps,
  };
}

/** Legs that decode (detect, stills) take the accelerator; a record-only copy never decodes. */
export function legDecodes(leg: StreamLeg, keepsStills: boolean): boolean {
  return leg.roles.includes('detect') || (keepsStills && leg.roles.includes('stills'));
}

/**
 * Whether a role-split camera's stills come from its recording on demand: the stills leg is also
 * the recorded one (its segments hold exactly those frames), a ring buffer is written, and the
 * camera has not asked for continuous decoding.
 */
export function stillsOnDemand(
  c: CameraConfig,
  stillsLeg: StreamLeg,
  dataDir: string | undefined,
): boolean {
  return (
    c.stills.decode === 'on-demand' &&
    stillsLeg.roles.includes('stills') &&
    stillsLeg.roles.includes('record') &&
    !!dataDir &&
    c.buffer.seconds > 0
  );
}

/** `-hwaccel …` input options for a decoding leg; nothing for software. */
export function hwaccelArgs(hwaccel: Hwaccel): string[] {
  return hwaccel === 'none' ? [] : ['-hwaccel', hwaccel];
}

/** ffmpeg's words for "that accelerator is not there" (no driver, no device, unknown name). */
const HWACCEL_UNAVAILABLE =
  /Device creation failed|Device setup failed|No device available for decoder|Could not dynamically load CUDA|Cannot load libcuda|Failed to initialise VAAPI|Failed to create .*(device|context)|Unrecognized hwaccel|hwaccel .*(is not|not) (available|supported)|Error parsing .*hwaccel|Failed to set value '[^']*' for option 'hwaccel'/i;

/**
 * Whether a failed run with an accelerator should be retried in software, and why. It falls back
 * when ffmpeg says the accelerator is unavailable, or when it could not start at all (no frame
 * came) with an accelerator asked for.
 */
export function hwaccelFallback(
  hwaccel: Hwaccel,
  stderr: string,
  gotFrame: boolean,
): { fallback: boolean; reason?: string } {
  if (hwaccel === 'none') return { fallback: false };
  const line = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => HWACCEL_UNAVAILABLE.test(l));
  if (line) return { fallback: true, reason: `${hwaccel} unavailable: ${line}` };
  if (!gotFrame) return { fallback: true, reason: `ffmpeg did not start with -hwaccel ${hwaccel}` };
  return { fallback: false };
}

/** A frame of one leg on the camera's shared timeline (seconds; see `timelineOf`). */
export interface TimedFrame {
  t: number;
}

/**
 * Which clock a source's timestamps are read on so two legs of one camera compare: a live stream's
 * packets are stamped with the wall clock on arrival (`-use_wallclock_as_timestamps 1`), a file
 * keeps its own media time (two files of the same recording then agree frame for frame).
 */
export function timelineOf(source: CameraSource): 'wallclock' | 'media' {
  return source.kind === 'file' ? 'media' : 'wallclock';
}

/** Input options that put a leg's timestamps on its timeline (with `-copyts` on the output side). */
export function timelineInputArgs(source: CameraSource): string[] {
  return timelineOf(source) === 'wallclock' ? ['-use_wallclock_as_timestamps', '1'] : [];
}

/**
 * The main-stream frame nearest in time to a detect-stream frame, when one lies within one frame
 * period (`periodSec`) of it; undefined otherwise (that frame never reached the main stream).
 */
export function nearestFrame<T extends TimedFrame>(
  t: number,
  candidates: readonly T[],
  periodSec: number,
): T | undefined {
  let best: T | undefined;
  let bestDt = Infinity;
  for (const c of candidates) {
    const dt = Math.abs(c.t - t);
    if (dt < bestDt) {
      best = c;
      bestDt = dt;
    }
  }
  return best && bestDt <= periodSec + 1e-6 ? best : undefined;
}

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** A box measured on the detect stream (`from` size) in main-stream pixels (`to` size). */
export function scaleBox<B extends Box>(
  box: B,
  from: { width: number; height: number },
  to: { width: number; height: number },
): B {
  const sx = to.width / from.width;
  const sy = to.height / from.height;
  return { ...box, x1: box.x1 * sx, y1: box.y1 * sy, x2: box.x2 * sx, y2: box.y2 * sy };
}

/** `pts_time` of each `showinfo` line in an ffmpeg stderr chunk, in order. */
export function parseShowinfoTimes(chunk: string): number[] {
  const out: number[] = [];
  for (const m of chunk.matchAll(
    /Parsed_showinfo_\d+[^\n]*?\bpts_time:\s*(-?[\d.]+(?:e[+-]?\d+)?)/g,
  ))
    out.push(Number(m[1]));
  return out;
}
