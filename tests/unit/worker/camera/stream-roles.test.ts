import { describe, expect, it } from 'vitest';
import { cameraConfigSchema } from '../../../../electron/shared/config/camera';
import { pipelineArgs } from '../../../../inference/worker/camera/pipeline-args';
import {
  hwaccelArgs,
  hwaccelFallback,
  nearestFrame,
  parseShowinfoTimes,
  planStreams,
  scaleBox,
} from '../../../../inference/worker/camera/stream-roles';

const main = { kind: 'rtsp' as const, url: 'rtsp://cam/main', transport: 'tcp' as const };
const subUrl = 'rtsp://cam/sub';
const camera = (extra: object = {}) =>
  cameraConfigSchema.parse({ id: 'c', name: 'c', source: main, ...extra });

describe('stream plan', () => {
  it('one stream: one leg with every role', () => {
    const p = planStreams(camera());
    expect(p.split).toBe(false);
    expect(p.legs).toHaveLength(1);
    expect(p.legs[0].roles).toEqual(['detect', 'record', 'stills']);
  });

  it('a detect sub-stream: the main stream keeps record and stills', () => {
    const p = planStreams(
      camera({
        streams: { inputs: [{ source: { kind: 'rtsp', url: subUrl }, roles: ['detect'] }] },
        analysis: { fps: 10 },
        detectFps: 5,
      }),
    );
    expect(p.split).toBe(true);
    expect(p.legs.map((l) => l.roles)).toEqual([['detect'], ['record', 'stills']]);
    expect(p.legs[0].source).toMatchObject({ url: subUrl });
    expect(p.legs[1].source).toMatchObject({ url: main.url });
  });

  it('the main stream scaled for detection: one leg with the detect size and rate', () => {
    const p = planStreams(
      camera({ streams: { detectSize: { width: 640, height: 360 }, detectFps: 5 } }),
    );
    expect(p.split).toBe(false);
    expect(p.legs[0].detectSize).toEqual({ width: 640, height: 360 });
    expect(p.detectFps).toBe(5);
  });
});

describe('ffmpeg arguments per role', () => {
  const analysis = { width: 192, height: 108, pixFmt: 'gray' as const };

  it('record: the main stream copied into the ring buffer, no decode, no filter graph', () => {
    const { args } = pipelineArgs({
      source: main,
      analysisFps: 10,
      ringBuffer: { dir: '/tmp/rb', copy: true },
      realtime: true,
      progress: true,
    });
    expect(args.join(' ')).toContain('-map 0:v:0 -c:v copy -f segment');
    expect(args).not.toContain('-filter_complex');
    expect(args).not.toContain('-hwaccel');
    expect(args.slice(args.indexOf('-progress'), args.indexOf('-progress') + 2)).toEqual([
      '-progress',
      'pipe:1',
    ]);
  });

  it('detect: resampled to the detect rate, scaled to detectSize before the letterbox', () => {
    const { args, baseFps } = pipelineArgs({
      source: main,
      analysisFps: 5,
      analysis,
      detectSize: { width: 640, height: 360 },
      realtime: true,
    });
    expect(baseFps).toBe(5);
    const graph = args[args.indexOf('-filter_complex') + 1];
    expect(graph).toMatch(/^\[0:v:0\]fps=5,scale=640:360:flags=fast_bilinear,scale=w=/);
    // One software decoder thread, given before the input.
    const t = args.indexOf('-threads');
    expect(args[t + 1]).toBe('1');
    expect(t).toBeLessThan(args.indexOf('-i'));
  });

  it('hwaccel goes before the input of a decoding leg', () => {
    const { args } = pipelineArgs({
      source: main,
      analysisFps: 10,
      analysis,
      realtime: true,
      hwaccel: 'cuda',
    });
    const h = args.indexOf('-hwaccel');
    expect(args[h + 1]).toBe('cuda');
    expect(h).toBeLessThan(args.indexOf('-i'));
    expect(args).not.toContain('-threads');
    expect(hwaccelArgs('none')).toEqual([]);
  });

  it('timestamps: showinfo on the stamped output, -copyts, wall clock for live sources', () => {
    const { args } = pipelineArgs({
      source: main,
      analysisFps: 10,
      stills: { maxWidth: 0, quality: 3 },
      timestamps: 'stills',
      realtime: true,
    });
    expect(args[args.indexOf('-filter_complex') + 1]).toContain('showinfo,scale=');
    expect(args).toContain('-copyts');
    expect(args[args.indexOf('-use_wallclock_as_timestamps') + 1]).toBe('1');
    const file = pipelineArgs({
      source: { kind: 'file', path: '/v/main.mp4', loop: false },
      analysisFps: 10,
      analysis,
      timestamps: 'analysis',
      realtime: true,
    }).args;
    expect(file).not.toContain('-use_wallclock_as_timestamps');
  });
});

describe('hardware decoding fallback', () => {
  it('falls back when ffmpeg says the accelerator is missing, with its line as the reason', () => {
    const stderr =
      '[AVHWDeviceContext @ 0x1] Could not dynamically load CUDA\nDevice creation failed: -1.\n';
    const r = hwaccelFallback('cuda', stderr, false);
    expect(r.fallback).toBe(true);
    expect(r.reason).toMatch(/^cuda unavailable: .*CUDA/);
  });

  it('falls back when ffmpeg never delivered a frame with an accelerator asked for', () => {
    expect(hwaccelFallback('vaapi', 'something odd', false).fallback).toBe(true);
  });

  it('does not fall back in software, or for a failure after frames came', () => {
    expect(hwaccelFallback('none', 'Device creation failed', false).fallback).toBe(false);
    expect(hwaccelFallback('cuda', 'Connection reset by peer', true).fallback).toBe(false);
  });
});

describe('timestamps and boxes across streams', () => {
  it('nearest main frame within one frame period, none beyond', () => {
    const frames = [0, 0.04, 0.08, 0.12].map((t) => ({ t }));
    expect(nearestFrame(0.05, frames, 0.04)?.t).toBe(0.04);
    expect(nearestFrame(0.119, frames, 0.04)?.t).toBe(0.12);
    expect(nearestFrame(0.2, frames, 0.04)).toBeUndefined();
    expect(nearestFrame(0.1, [], 0.04)).toBeUndefined();
  });

  it('a box on the 640×360 detect stream maps to 1920×1080 main pixels', () => {
    const b = scaleBox(
      { x1: 100, y1: 50, x2: 200, y2: 150, score: 0.9 },
      { width: 640, height: 360 },
      { width: 1920, height: 1080 },
    );
    expect(b).toEqual({ x1: 300, y1: 150, x2: 600, y2: 450, score: 0.9 });
  });

  it('reads showinfo pts_time lines', () => {
    const chunk =
      '[Parsed_showinfo_2 @ 0x55] n:   0 pts:      0 pts_time:0       pos: 48 fmt:yuv420p\n' +
      'frame=  1 fps=0.0\n' +
      '[Parsed_showinfo_2 @ 0x55] n:   1 pts:  17280 pts_time:1.7e+09 pos: 99\n';
    expect(parseShowinfoTimes(chunk)).toEqual([0, 1.7e9]);
  });
});
