import {
  cameraConfigSchema,
  type CameraConfig,
  type CameraSource,
} from '../../../electron/shared/config/camera';

/** The camera form's fields as the inputs hold them (strings), and their way to and from a camera. */
export interface CameraFormValues {
  id: string;
  name: string;
  enabled: boolean;
  kind: CameraSource['kind'];
  location: string;
  detector: 'motion' | 'onnx';
  modelId: string;
  classes: string;
  analysisFps: string;
  previewFps: string;
  /** '' = every format competes. */
  plateCountry: string;
  /** '' = the OCR text detector finds the plate. */
  plateDetectorModelId: string;
  /** Evidence: ring-buffer bitrate cap, disk budget and warning level. */
  evidenceMaxKbps: string;
  evidenceBudgetMB: string;
  evidenceWarnPercent: string;
}

export const blankCameraForm: CameraFormValues = {
  id: '',
  name: '',
  enabled: true,
  kind: 'rtsp',
  location: 'rtsp://',
  detector: 'motion',
  modelId: '',
  classes: '',
  analysisFps: '10',
  previewFps: '10',
  plateCountry: '',
  plateDetectorModelId: '',
  evidenceMaxKbps: '1200',
  evidenceBudgetMB: '4096',
  evidenceWarnPercent: '80',
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
    detector: c.detector.kind,
    modelId: c.detector.modelId ?? '',
    classes: c.detector.classes.join(', '),
    analysisFps: String(c.analysis.fps),
    previewFps: String(c.preview.fps),
    plateCountry: c.plateCountry ?? '',
    plateDetectorModelId: c.plateDetectorModelId ?? '',
    evidenceMaxKbps: String(c.evidence.maxBitrateKbps),
    evidenceBudgetMB: String(c.evidence.diskBudgetMB),
    evidenceWarnPercent: String(c.evidence.warnAtPercent),
  };
}

export function sourceOf(f: CameraFormValues): unknown {
  switch (f.kind) {
    case 'demo':
      return { kind: 'demo' };
    case 'file':
      return { kind: 'file', path: f.location };
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
      }
    : parsed;
}
