import { describe, expect, it } from 'vitest';
import { cameraConfigSchema } from '../../../../electron/shared/config/camera';

const base = { id: 'c1', name: 'Gate', source: { kind: 'rtsp', url: 'rtsp://cam/main' } };
const sub = (roles: string[], url = 'rtsp://cam/sub') => ({
  source: { kind: 'rtsp', url },
  roles,
});

describe('camera streams: roles', () => {
  it('an old config parses unchanged: one stream with every role, software decoding', () => {
    const c = cameraConfigSchema.parse(base);
    expect(c.streams).toEqual({ inputs: [] });
    expect(c.hwaccel).toBe('none');
    expect(c.source).toEqual({ kind: 'rtsp', url: 'rtsp://cam/main', transport: 'tcp' });
  });

  it('a detect sub-stream with the main stream recording', () => {
    const c = cameraConfigSchema.parse({ ...base, streams: { inputs: [sub(['detect'])] } });
    expect(c.streams.inputs[0].source).toMatchObject({ kind: 'rtsp', transport: 'tcp' });
  });

  it('rejects two detect streams, two record streams and a role listed twice', () => {
    const two = cameraConfigSchema.safeParse({
      ...base,
      streams: { inputs: [sub(['detect']), sub(['detect'], 'rtsp://cam/third')] },
    });
    expect(two.success).toBe(false);
    expect(two.error?.issues.map((i) => i.message).join()).toMatch(
      /only one stream may have the role "detect"/,
    );
    const rec = cameraConfigSchema.safeParse({
      ...base,
      streams: { inputs: [sub(['record']), sub(['detect', 'record'], 'rtsp://cam/x')] },
    });
    expect(rec.success).toBe(false);
    expect(rec.error?.issues.map((i) => i.message).join()).toMatch(/"record"/);
    const dup = cameraConfigSchema.safeParse({
      ...base,
      streams: { inputs: [sub(['detect', 'detect'])] },
    });
    expect(dup.success).toBe(false);
  });

  it('an input without roles, with an unknown role, or a demo/v4l2 input is rejected', () => {
    for (const input of [
      sub([]),
      sub(['thumbnails']),
      { source: { kind: 'demo' }, roles: ['detect'] },
      { source: { kind: 'v4l2', device: '/dev/video0' }, roles: ['detect'] },
    ])
      expect(cameraConfigSchema.safeParse({ ...base, streams: { inputs: [input] } }).success).toBe(
        false,
      );
  });

  it('input URLs and paths get the same validation as the main source', () => {
    for (const source of [
      { kind: 'file', path: 'concat:/etc/passwd|x.mp4' },
      { kind: 'file', path: 'relative.mp4' },
      { kind: 'rtsp', url: 'http://not-rtsp/' },
      { kind: 'rtsp', url: 'rtsp://user:pa ss@cam/sub' },
    ])
      expect(
        cameraConfigSchema.safeParse({
          ...base,
          streams: { inputs: [{ source, roles: ['detect'] }] },
        }).success,
      ).toBe(false);
  });

  it('detectSize scales the main stream only: not with a detect sub-stream', () => {
    expect(
      cameraConfigSchema.safeParse({
        ...base,
        streams: { detectSize: { width: 640, height: 360 }, detectFps: 10 },
      }).success,
    ).toBe(true);
    expect(
      cameraConfigSchema.safeParse({
        ...base,
        streams: { inputs: [sub(['detect'])], detectSize: { width: 640, height: 360 } },
      }).success,
    ).toBe(false);
  });

  it('hwaccel takes the known accelerators only', () => {
    for (const h of ['none', 'auto', 'cuda', 'vaapi', 'qsv', 'd3d11va'])
      expect(cameraConfigSchema.parse({ ...base, hwaccel: h }).hwaccel).toBe(h);
    expect(cameraConfigSchema.safeParse({ ...base, hwaccel: 'opencl' }).success).toBe(false);
  });
});
