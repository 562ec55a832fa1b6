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

describe('camera form: streams', () => {
  const base = { ...blankCameraForm, id: 'gate', name: 'Gate', location: 'rtsp://cam/main' };

  it('no streams section filled: one stream with every role, software decoding', () => {
    const parsed = buildCamera(base);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.streams).toEqual({ inputs: [] });
    expect(parsed.data?.hwaccel).toBe('none');
  });

  it('a detect sub-stream: its URL and roles become an input, and round-trip', () => {
    const parsed = buildCamera({
      ...base,
      subUrl: 'rtsp://cam/sub',
      subRoles: ['detect', 'stills'],
      detectFps: '5',
      hwaccel: 'vaapi',
    });
    expect(parsed.success).toBe(true);
    expect(parsed.data?.streams.inputs).toEqual([
      {
        source: { kind: 'rtsp', url: 'rtsp://cam/sub', transport: 'tcp' },
        roles: ['detect', 'stills'],
      },
    ]);
    expect(parsed.data?.streams.detectFps).toBe(5);
    expect(parsed.data?.hwaccel).toBe('vaapi');
    expect(formOf(parsed.data!)).toMatchObject({
      subUrl: 'rtsp://cam/sub',
      subRoles: ['detect', 'stills'],
      detectSize: '',
      detectFps: '5',
      hwaccel: 'vaapi',
    });
  });

  it('the sub-stream kind follows its URL', () => {
    const kind = (subUrl: string) =>
      buildCamera({ ...base, subUrl, subRoles: ['detect'] }).data?.streams.inputs[0]?.source.kind;
    expect(kind('http://cam/sub.mjpg')).toBe('http');
    expect(kind('https://cam/live/sub.m3u8')).toBe('hls');
    expect(kind('/videos/sub.mp4')).toBe('file');
  });

  it('a detect size scales the main stream; written WxH, kept on edit', () => {
    const parsed = buildCamera({ ...base, detectSize: '640x360', detectFps: '10' });
    expect(parsed.success).toBe(true);
    expect(parsed.data?.streams.detectSize).toEqual({ width: 640, height: 360 });
    const merged = mergeCamera(camera, parsed.data!);
    expect(merged.streams.detectSize).toEqual({ width: 640, height: 360 });
    expect(formOf(merged)).toMatchObject({ detectSize: '640x360', detectFps: '10' });
    // Cleared in the form: cleared in the camera.
    const cleared = buildCamera({ ...formOf(merged), detectSize: '', detectFps: '' });
    expect(mergeCamera(merged, cleared.data!).streams).toEqual({ inputs: [] });
  });

  it('rejects what the schema rejects: a malformed size, a detect size with a detect sub-stream', () => {
    expect(buildCamera({ ...base, detectSize: 'big' }).success).toBe(false);
    expect(
      buildCamera({
        ...base,
        detectSize: '640x360',
        subUrl: 'rtsp://cam/sub',
        subRoles: ['detect'],
      }).success,
    ).toBe(false);
    // A sub-stream with no role ticked is no input at all.
    expect(
      buildCamera({ ...base, subUrl: 'rtsp://cam/sub', subRoles: [] }).data?.streams.inputs,
    ).toEqual([]);
  });
});

it('keeps a second sub-stream the form does not show, less the roles the shown one takes', () => {
  const three = cameraConfigSchema.parse({
    ...camera,
    streams: {
      inputs: [
        { source: { kind: 'rtsp', url: 'rtsp://cam/sub' }, roles: ['detect'] },
        { source: { kind: 'rtsp', url: 'rtsp://cam/stills' }, roles: ['stills'] },
      ],
    },
  });
  const f = formOf(three);
  const merged = mergeCamera(three, buildCamera(f).data!);
  expect(merged.streams.inputs.map((i) => i.roles)).toEqual([['detect'], ['stills']]);
  const taken = mergeCamera(three, buildCamera({ ...f, subRoles: ['detect', 'stills'] }).data!);
  expect(taken.streams.inputs.map((i) => i.roles)).toEqual([['detect', 'stills']]);
  expect(cameraConfigSchema.safeParse(taken).success).toBe(true);
});
