import { describe, expect, it } from 'vitest';
import {
  blankCameraForm,
  buildCamera,
  formOf,
  mergeCamera,
} from '../../../../renderer/src/settings/camera-form';
import { cameraConfigSchema } from '../../../../electron/shared/config/camera';

const camera = cameraConfigSchema.parse({
  id: 'gate',
  name: 'Gate',
  source: { kind: 'rtsp', url: 'rtsp://cam/1' },
  analysis: { fps: 5, width: 960, height: 544 },
  preview: { fps: 8, width: 1280 },
  detector: { kind: 'onnx', modelId: 'yolo', classes: ['car', 'truck'] },
  plateCountry: 'PE',
});

describe('camera form', () => {
  it('round-trips a camera through the form fields', () => {
    const f = formOf(camera);
    expect(f).toMatchObject({
      kind: 'rtsp',
      location: 'rtsp://cam/1',
      detector: 'onnx',
      modelId: 'yolo',
      classes: 'car, truck',
      analysisFps: '5',
      previewFps: '8',
      plateCountry: 'PE',
      plateDetectorModelId: '',
    });
    const parsed = buildCamera(f);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.detector).toMatchObject({ kind: 'onnx', modelId: 'yolo' });
    expect(parsed.data?.source).toMatchObject({ kind: 'rtsp', url: 'rtsp://cam/1' });
  });

  it('runs the motion detector without a model', () => {
    const parsed = buildCamera({ ...blankCameraForm, id: 'x', name: 'X', detector: 'onnx' });
    expect(parsed.data?.detector.kind).toBe('motion');
    expect(parsed.data?.detector.modelId).toBeUndefined();
  });

  it('maps each source kind to its location field', () => {
    const at = (kind: typeof blankCameraForm.kind, location: string) =>
      buildCamera({ ...blankCameraForm, id: 'x', name: 'X', kind, location }).data?.source;
    expect(at('file', '/v.mp4')).toMatchObject({ kind: 'file', path: '/v.mp4' });
    expect(at('v4l2', '/dev/video0')).toMatchObject({ kind: 'v4l2', device: '/dev/video0' });
    expect(at('demo', 'ignored')).toMatchObject({ kind: 'demo' });
  });

  it('reports invalid input instead of throwing', () => {
    expect(buildCamera({ ...blankCameraForm, id: 'bad id!', name: '' }).success).toBe(false);
  });

  it('keeps what the form does not show when editing, and clears what it cleared', () => {
    const parsed = buildCamera({ ...formOf(camera), analysisFps: '12', plateCountry: '' }).data!;
    const merged = mergeCamera(camera, parsed);
    expect(merged.analysis).toEqual({ ...camera.analysis, fps: 12 });
    expect(merged.preview.width).toBe(1280);
    expect(merged.plateCountry).toBeUndefined();
    expect(mergeCamera(undefined, parsed)).toBe(parsed);
  });
});
