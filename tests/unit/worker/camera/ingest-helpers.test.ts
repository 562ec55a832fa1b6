import { CodedError } from '../../../../electron/shared/coded-error';
import { describe, it, expect } from 'vitest';
import { parseNames, parseImgsz, COCO80 } from '../../../../inference/vision/detect/labels';
import { parseInputVideoStream } from '../../../../inference/worker/camera/stream-info';
import { classifyFfmpegFailure } from '../../../../inference/worker/camera/ffmpeg-errors';
import { pipelineArgs } from '../../../../inference/worker/camera/pipeline-args';
import { parseOnnxModelInfo } from '../../../../inference/worker/onnx/onnx-model-info';
import { reshapeV8Model } from '../../../integration/worker/detector/onnx-writer';
import { catalogs } from '../../../../electron/shared/i18n';

describe('ffmpeg banner and failures', () => {
  const banner = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'car.mp4':
  Duration: 00:00:30.00, start: 0.000000, bitrate: 744 kb/s
    Stream #0:0(eng): Video: h264 (Baseline) (avc1 / 0x31637661), yuv420p(tv, smpte170m), 768x432, 614 kb/s, 12.50 fps, 12.50 tbr, 25k tbn (default)
    Stream #0:1(eng): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, stereo, fltp, 125 kb/s (default)
Output #0, rawvideo, to 'pipe:3':
    Stream #0:0: Video: rawvideo (RGB[24] / 0x18424752), rgb24, 416x416, q=2-31, 200 kb/s, 10 fps`;

  it('reads codec, size and rate of the input video stream, not the output', () => {
    expect(parseInputVideoStream(banner)).toEqual({
      codec: 'h264',
      width: 768,
      height: 432,
      fps: 12.5,
    });
    expect(parseInputVideoStream('Input #0, lavfi, from ...:\n')).toBeUndefined();
    expect(
      parseInputVideoStream(
        "Input #0, image2, from 'dog.jpg':\n    Stream #0:0: Video: mjpeg (Baseline), yuvj420p(pc), 768x576 [SAR 1:1 DAR 4:3], 25 tbr, 25 tbn",
      ),
    ).toMatchObject({ codec: 'mjpeg', width: 768, height: 576, fps: 25 });
  });

  it('classifies failures into reason codes', () => {
    const c = (s: string) => classifyFfmpegFailure(s, 1).code;
    expect(
      c(
        '[tcp @ 0x1] Connection to tcp://10.0.0.9:554?timeout=0 failed: Connection refused\nrtsp://10.0.0.9/x: Connection refused',
      ),
    ).toBe('camera.error.unreachable');
    expect(
      c('[mov @ 0x1] moov atom not found\nclip.mp4: Invalid data found when processing input'),
    ).toBe('camera.error.truncated');
    expect(
      c(
        '[mov @ 0x1] Format mov detected only with low score of 1, misdetection possible!\n[mov] moov atom not found\nx.mp4: Invalid data found when processing input',
      ),
    ).toBe('camera.error.not_video');
    expect(c('notes.txt: Invalid data found when processing input')).toBe('camera.error.not_video');
    expect(c('/nope.mp4: No such file or directory')).toBe('camera.error.not_found');
    expect(c('method DESCRIBE failed: 401 Unauthorized')).toBe('camera.error.auth');
    expect(c('')).toBe('camera.error.source_ended');
  });
});

describe('pipeline arguments', () => {
  it('derives analysis and preview frames from one resampled stream so frameIds line up', () => {
    const r = pipelineArgs({
      source: { kind: 'demo', pattern: 'traffic' },
      analysisFps: 10,
      analysis: { width: 416, height: 416, pixFmt: 'rgb24' },
      preview: { width: 640, fps: 5, quality: 5 },
      realtime: true,
    });
    expect(r).toMatchObject({ baseFps: 10, analysisStep: 1, previewStep: 2 });
    const graph = r.args[r.args.indexOf('-filter_complex') + 1];
    expect(graph).toMatch(/^\[0:v:0\]fps=10,split=2\[s0\]\[s1\];\[s0\]scale=/);
    expect(graph).toContain("select='not(mod(n,2))'");
    expect(r.args).toContain('pipe:3');
    const faster = pipelineArgs({
      source: { kind: 'file', path: '/v.mp4', loop: false },
      analysisFps: 5,
      analysis: { width: 64, height: 64, pixFmt: 'gray' },
      preview: { width: 320, fps: 10, quality: 5 },
      realtime: false,
    });
    expect(faster).toMatchObject({ baseFps: 10, analysisStep: 2, previewStep: 1 });
    expect(faster.args).not.toContain('-re');
  });

  it('makes an evidence still of every analysis frame, whatever the preview rate', () => {
    // Preview slower than analysis: stills follow the analysis frames, not the previews.
    const slowPreview = pipelineArgs({
      source: { kind: 'file', path: '/v.mp4', loop: false },
      analysisFps: 10,
      analysis: { width: 64, height: 64, pixFmt: 'gray' },
      preview: { width: 320, fps: 4, quality: 5 },
      stills: { maxWidth: 0, quality: 3 },
      realtime: true,
    });
    expect(slowPreview).toMatchObject({
      baseFps: 10,
      analysisStep: 1,
      previewStep: 3,
      stillStep: 1,
    });
    const graph = slowPreview.args[slowPreview.args.indexOf('-filter_complex') + 1];
    const branches = graph.split(';');
    expect(branches).toHaveLength(4);
    expect(branches[2]).toContain("select='not(mod(n,3))'");
    expect(branches[3]).not.toContain('select=');
    // Preview faster than analysis: stills skip the frames that are not analysed.
    const fastPreview = pipelineArgs({
      source: { kind: 'file', path: '/v.mp4', loop: false },
      analysisFps: 5,
      analysis: { width: 64, height: 64, pixFmt: 'gray' },
      preview: { width: 320, fps: 10, quality: 5 },
      stills: { maxWidth: 0, quality: 3 },
      realtime: true,
    });
    expect(fastPreview).toMatchObject({ analysisStep: 2, previewStep: 1, stillStep: 2 });
    const fastGraph = fastPreview.args[fastPreview.args.indexOf('-filter_complex') + 1];
    expect(fastGraph.split(';')[3]).toContain("select='not(mod(n,2))'");
    // Without analysis output, the stills are the preview frames.
    expect(
      pipelineArgs({
        source: { kind: 'demo', pattern: 'traffic' },
        analysisFps: 10,
        preview: { width: 320, fps: 5, quality: 5 },
        stills: { maxWidth: 1920, quality: 3 },
        realtime: true,
      }).stillStep,
    ).toBe(2);
  });

  it('encodes JPEGs without frame-threading delay, so a still comes with its raw frame', () => {
    const { args } = pipelineArgs({
      source: { kind: 'file', path: '/v.mp4', loop: false },
      analysisFps: 10,
      analysis: { width: 64, height: 64, pixFmt: 'gray' },
      preview: { width: 320, fps: 10, quality: 5 },
      stills: { maxWidth: 0, quality: 3 },
      realtime: true,
    });
    const mjpeg = args.flatMap((a, i) => (a === 'mjpeg' ? [i] : []));
    expect(mjpeg).toHaveLength(2);
    for (const i of mjpeg) expect(args.slice(i + 1, i + 3)).toEqual(['-thread_type', 'slice']);
  });

  it('adds the segment muxer for the ring buffer, copying or encoding', () => {
    const copy = pipelineArgs({
      source: { kind: 'rtsp', url: 'rtsp://h/x', transport: 'tcp' },
      analysisFps: 10,
      preview: { width: 640, fps: 10, quality: 5 },
      ringBuffer: { dir: '/d/buffer/cam', copy: true },
      realtime: true,
    }).args.join(' ');
    expect(copy).toContain(
      '-map 0:v:0 -c:v copy -f segment -segment_time 2 -segment_format mpegts -reset_timestamps 1 -strftime 1 /d/buffer/cam/seg-%s.ts',
    );
    const enc = pipelineArgs({
      source: { kind: 'demo', pattern: 'traffic' },
      analysisFps: 10,
      ringBuffer: { dir: '/d', copy: false },
      realtime: true,
    }).args.join(' ');
    expect(enc).toContain('-c:v libx264');
  });

  it("caps an encoded ring buffer at the camera's evidence bitrate; a copied stream is left as is", () => {
    const enc = (maxBitrateKbps?: number) =>
      pipelineArgs({
        source: { kind: 'demo', pattern: 'traffic' },
        analysisFps: 10,
        ringBuffer: { dir: '/d', copy: false, maxBitrateKbps },
        realtime: true,
      }).args.join(' ');
    expect(enc(800)).toContain('-crf 26 -maxrate 800k -bufsize 1600k');
    expect(enc()).toContain('-maxrate 1200k -bufsize 2400k');
    const copy = pipelineArgs({
      source: { kind: 'rtsp', url: 'rtsp://h/x', transport: 'tcp' },
      analysisFps: 10,
      ringBuffer: { dir: '/d', copy: true, maxBitrateKbps: 800 },
      realtime: true,
    }).args.join(' ');
    expect(copy).not.toContain('-maxrate');
  });
});

describe('ONNX metadata', () => {
  it('parses Ultralytics names and imgsz', () => {
    expect(parseNames("{0: 'person', 1: 'bicycle', 2: \"traffic light\"}")).toEqual([
      'person',
      'bicycle',
      'traffic light',
    ]);
    expect(parseNames('["a","b"]')).toEqual(['a', 'b']);
    expect(parseNames('nonsense')).toBeUndefined();
    expect(parseImgsz('[416, 320]')).toEqual([416, 320]);
    expect(parseImgsz('640')).toEqual([640, 640]);
    expect(COCO80).toHaveLength(80);
  });

  it('reads inputs, outputs (symbolic dims too) and metadata from the protobuf', () => {
    const info = parseOnnxModelInfo(reshapeV8Model(8, ['a', 'b'], 32));
    expect(info.inputs).toEqual([{ name: 'images', dims: ['batch', 3, 8, 8] }]);
    expect(info.outputs).toEqual([{ name: 'output0', dims: ['batch', 6, 32] }]);
    expect(info.metadata).toMatchObject({ task: 'detect', imgsz: '[8, 8]' });
    expect(info.opsetVersion).toBe(13);
    expect(() => parseOnnxModelInfo(new TextEncoder().encode('{"json": true}'))).toThrow(
      CodedError,
    );
    expect(() => parseOnnxModelInfo(new Uint8Array(0))).toThrow(/not an ONNX model/);
  });
});

describe('reason codes are translated', () => {
  it('has Spanish and English text for every code the ingest and inference emit', () => {
    const codes = [
      'camera.error.spawn',
      'camera.error.source_ended',
      'camera.error.stalled',
      'camera.error.unreachable',
      'camera.error.auth',
      'camera.error.not_video',
      'camera.error.truncated',
      'camera.error.not_found',
      'inference.model.not_onnx',
      'inference.model.unreadable',
      'inference.model.not_found',
      'inference.model.layout',
      'inference.model.task',
      'inference.model.bad_input',
      'inference.model.no_input',
      'inference.model.failed',
      'inference.session.failed',
      'inference.session.run_failed',
      'models.fetch.offline',
      'models.fetch.checksum',
      'models.fetch.no_url',
      'models.unknown',
    ];
    for (const code of codes) {
      expect(catalogs.es[code], code).toBeTruthy();
      expect(catalogs.en[code], code).toBeTruthy();
    }
  });
});
