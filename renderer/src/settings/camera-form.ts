import {
  cameraConfigSchema,
  type CameraConfig,
  type CameraSource,
  type Hwaccel,
  type StreamRole,
} from '../../../electron/shared/config/camera';
import {
  blankSiteForm,
  onvifOf,
  siteFormOf,
  siteOf,
  type CameraSiteFormValues,
} from '../map/camera-site-form';

/** The camera form's fields as the inputs hold them (strings), and their way to and from a camera. */
export interface CameraFormValues extends CameraSiteFormValues {
  id: string;
  name: string;
  enabled: boolean;
  kind: CameraSource['kind'];
  location: string;
  /** File sources: start again at the end. */
  loop: boolean;
  detector: 'motion' | 'onnx';
  modelId: string;
  classes: string;
  analysisFps: string;
  previewFps: string;
  /** '' = every format competes. */
  plateCountry: string;
  /** '' = the OCR text detector finds the plate. */
  plateDetectorModelId: string;
  /** '' = PP-OCR reads the characters; else a dedicated plate-OCR model's id. */
  plateRecognizerModelId: string;
  /** Evidence: ring-buffer bitrate cap, disk budget and warning level. */
  evidenceMaxKbps: string;
  evidenceBudgetMB: string;
  evidenceWarnPercent: string;
  /** Streams: a sub-stream URL ('' = none) and the roles it takes from the main stream. */
  subUrl: string;
  subRoles: StreamRole[];
  /** Main stream scaled for analysis, `WxH` ('' = not scaled; only without a detect sub-stream). */
  detectSize: string;
  /** Analysis rate of the detect stream ('' = the analysis fps). */
  detectFps: string;
  hwaccel: Hwaccel;
}

export const blankCameraForm: CameraFormValues = {
  id: '',
  name: '',
  enabled: true,
  kind: 'rtsp',
  location: 'rtsp://',
  loop: false,
  detector: 'motion',
  modelId: '',
  classes: '',
  analysisFps: '10',
  previewFps: '10',
  plateCountry: '',
  plateDetectorModelId: '',
  plateRecognizerModelId: '',
  evidenceMaxKbps: '1200',
  evidenceBudgetMB: '4096',
  evidenceWarnPercent: '80',
  subUrl: '',
  subRoles: ['detect'],
  detectSize: '',
  detectFps: '',
  hwaccel: 'none',
  ...blankSiteForm,
};

export function formOf(c: CameraConfig): CameraFormValues {
  const s = c.source;
  const location =
    s.kind === 'demo' ? '' : s.kind === 'file' ? s.path : s.kind === 'v4l2' ? s.device : s.url;
  return {
    id: c.id,
    name: c.name,
    enabled: c.enabled,
    kind: s.kind,
    location,
    loop: s.kind === 'file' ? s.loop : false,
    detector: c.detector.kind,
    modelId: c.detector.modelId ?? '',
    classes: c.detector.classes.join(', '),
    analysisFps: String(c.analysis.fps),
    previewFps: String(c.preview.fps),
    plateCountry: c.plateCountry ?? '',
    plateDetectorModelId: c.plateDetectorModelId ?? '',
    plateRecognizerModelId:
      c.plates?.recognizer && c.plates.recognizer !== 'ppocr' ? c.plates.recognizer.modelId : '',
    evidenceMaxKbps: String(c.evidence.maxBitrateKbps),
    evidenceBudgetMB: String(c.evidence.diskBudgetMB),
    evidenceWarnPercent: String(c.evidence.warnAtPercent),
    ...streamsFormOf(c),
    ...siteFormOf(c),
  };
}

/**
 * The camera id's HTML `pattern`: the same set as the schema's id regex. Browsers compile a
 * `pattern` with the `v` flag, where a `-` inside a class must be escaped (unescaped it throws and
 * the browser ignores the pattern).
 */
export const CAMERA_ID_PATTERN = '[A-Za-z0-9_\\-]+';

/**
 * An id from a camera's name: accents dropped, lower case, anything else than letters, digits,
 * `-` and `_` made a `-`, at most 64 characters (the schema's limit).
 */
export function idFromName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

/**
 * The form after the name was typed: a new camera's id follows the name while it still is the
 * one derived from it (or empty); an id typed by hand is kept.
 */
export function withName(f: CameraFormValues, name: string, editing: boolean): CameraFormValues {
  const follows = !editing && (f.id === '' || f.id === idFromName(f.name));
  return { ...f, name, ...(follows ? { id: idFromName(name) } : {}) };
}

/** The form after the source kind changed: the old location means nothing for the new kind. */
export function withKind(f: CameraFormValues, kind: CameraSource['kind']): CameraFormValues {
  return { ...f, kind, location: '', loop: false };
}

/** Where a source reads from, as the form's text field shows it. */
function locationOf(s: CameraSource): string {
  return s.kind === 'demo' ? '' : s.kind === 'file' ? s.path : s.kind === 'v4l2' ? s.device : s.url;
}

function streamsFormOf(
  c: CameraConfig,
): Pick<CameraFormValues, 'subUrl' | 'subRoles' | 'detectSize' | 'detectFps' | 'hwaccel'> {
  const sub = c.streams.inputs[0];
  const size = c.streams.detectSize;
  return {
    subUrl: sub ? locationOf(sub.source) : '',
    subRoles: sub ? [...sub.roles] : ['detect'],
    detectSize: size ? `${size.width}x${size.height}` : '',
    detectFps: c.streams.detectFps === undefined ? '' : String(c.streams.detectFps),
    hwaccel: c.hwaccel,
  };
}

/** A sub-stream's source from its URL or path: the kind follows from how it is written. */
export function subSourceOf(location: string): unknown {
  const l = location.trim();
  if (/^rtsps?:\/\//i.test(l)) return { kind: 'rtsp', url: l };
  if (/^https?:\/\//i.test(l)) return { kind: /\.m3u8(\?|$)/i.test(l) ? 'hls' : 'http', url: l };
  return { kind: 'file', path: l };
}

/** The form's Streams section as the camera's `streams` (unparsed: the schema validates it). */
export function streamsOf(f: CameraFormValues): unknown {
  const size = f.detectSize.trim().match(/^(\d+)\s*[x×]\s*(\d+)$/i);
  return {
    inputs:
      f.subUrl.trim() && f.subRoles.length
        ? [{ source: subSourceOf(f.subUrl), roles: f.subRoles }]
        : [],
    // Anything typed that is not WxH reaches the schema as an invalid size, not silently dropped.
    ...(f.detectSize.trim()
      ? {
          detectSize: size
            ? { width: Number(size[1]), height: Number(size[2]) }
            : { width: NaN, height: NaN },
        }
      : {}),
    ...(f.detectFps.trim() ? { detectFps: Number(f.detectFps) } : {}),
  };
}

export function sourceOf(f: CameraFormValues): unknown {
  switch (f.kind) {
    case 'demo':
      return { kind: 'demo' };
    case 'file':
      return { kind: 'file', path: f.location, loop: f.loop };
    case 'v4l2':
      return { kind: 'v4l2', device: f.location };
    default:
      return { kind: f.kind, url: f.location };
  }
}

/** Validates the form as a camera (the form has no say over fields it does not show). */
export function buildCamera(f: CameraFormValues) {
  return cameraConfigSchema.safeParse({
    id: f.id,
    name: f.name,
    enabled: f.enabled,
    source: sourceOf(f),
    analysis: { fps: Number(f.analysisFps) },
    preview: { fps: Number(f.previewFps) },
    evidence: {
      maxBitrateKbps: Number(f.evidenceMaxKbps),
      diskBudgetMB: Number(f.evidenceBudgetMB),
      warnAtPercent: Number(f.evidenceWarnPercent),
    },
    detector: {
      // One choice in the form: a model runs the ONNX detector, none the motion detector.
      kind: f.detector === 'onnx' && f.modelId ? 'onnx' : 'motion',
      ...(f.detector === 'onnx' && f.modelId ? { modelId: f.modelId } : {}),
      classes: f.classes
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    },
    ...(f.plateCountry ? { plateCountry: f.plateCountry } : {}),
    ...(f.plateDetectorModelId ? { plateDetectorModelId: f.plateDetectorModelId } : {}),
    ...(f.plateRecognizerModelId
      ? { plates: { recognizer: { modelId: f.plateRecognizerModelId } } }
      : {}),
    streams: streamsOf(f),
    hwaccel: f.hwaccel,
    site: siteOf(f),
    onvif: onvifOf(f),
  });
}

/**
 * The camera to save: a new one as the form describes it, or the edited one with the form's
 * fields over it, keeping what the form does not show (buffer, stall timeout, preview size).
 */
export function mergeCamera(
  existing: CameraConfig | undefined,
  parsed: CameraConfig,
): CameraConfig {
  return existing
    ? {
        ...existing,
        ...parsed,
        analysis: { ...existing.analysis, fps: parsed.analysis.fps },
        preview: { ...existing.preview, fps: parsed.preview.fps },
        // Cleared in the form: cleared in the camera, not kept from before.
        plateCountry: parsed.plateCountry,
        plateDetectorModelId: parsed.plateDetectorModelId,
        site: parsed.site,
        onvif: parsed.onvif,
        plates: parsed.plates,
        streams: { ...parsed.streams, inputs: mergeInputs(existing, parsed) },
      }
    : parsed;
}

/**
 * The form shows one sub-stream; a camera configured with more (up to three, e.g. through the
 * API) keeps the others, less the roles the form's sub-stream now takes.
 */
function mergeInputs(
  existing: CameraConfig,
  parsed: CameraConfig,
): CameraConfig['streams']['inputs'] {
  const shown = parsed.streams.inputs;
  const taken = new Set(shown.flatMap((i) => i.roles));
  const kept = existing.streams.inputs
    .slice(1)
    .map((i) => ({ ...i, roles: i.roles.filter((r) => !taken.has(r)) }))
    .filter((i) => i.roles.length > 0);
  return [...shown, ...kept];
}
