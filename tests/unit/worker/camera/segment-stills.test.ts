import { describe, expect, it } from 'vitest';
import {
  parseSegmentList,
  segmentAt,
  segmentGone,
} from '../../../../inference/worker/camera/segment-stills';
import { pipelineArgs } from '../../../../inference/worker/camera/pipeline-args';

describe('on-demand stills from the ring buffer', () => {
  it('reads the segment list, skipping half-written lines and the wall-clock run opener', () => {
    const text = [
      'seg-1796173581.ts,0.000000,1796173581.067778',
      'seg-1796173583.ts,1796173581.067778,1796173583.1',
      'seg-1796173585.ts,1796173583.1,1796173585.05',
      'seg-17961735',
    ].join('\n');
    expect(parseSegmentList(text)).toEqual([
      { file: 'seg-1796173583.ts', start: 1796173581.067778, end: 1796173583.1 },
      { file: 'seg-1796173585.ts', start: 1796173583.1, end: 1796173585.05 },
    ]);
    // A media timeline's first segment really starts at 0.
    expect(parseSegmentList('seg-1.ts,0.000000,2.000000\n')).toEqual([
      { file: 'seg-1.ts', start: 0, end: 2 },
    ]);
  });

  it('finds the segment and offset of the frame nearest a timestamp', () => {
    const entries = [
      { file: 'a.ts', start: 0, end: 2 },
      { file: 'b.ts', start: 2, end: 4 },
    ];
    const half = 0.025;
    expect(segmentAt(entries, 0, half)).toEqual({ entry: entries[0], offset: 0 });
    expect(segmentAt(entries, 1.95, half)?.entry.file).toBe('a.ts');
    expect(segmentAt(entries, 1.95, half)?.offset).toBeCloseTo(1.925, 9);
    // Exactly on a boundary: the frame that opens the next segment.
    expect(segmentAt(entries, 2, half)).toEqual({ entry: entries[1], offset: 0 });
    // Not recorded yet (the segment is still being written) or no longer held.
    expect(segmentAt(entries, 4.2, half)).toBeUndefined();
    expect(segmentGone(entries, 4.2)).toBe(false);
    expect(segmentGone([{ file: 'c.ts', start: 10, end: 12 }], 4.2)).toBe(true);
  });

  it('indexes a record leg on the timeline: copied, input timestamps kept, list beside the segments', () => {
    const live = pipelineArgs({
      source: { kind: 'rtsp', url: 'rtsp://h/main', transport: 'tcp' },
      analysisFps: 10,
      progress: true,
      ringBuffer: { dir: '/d/buffer/cam', copy: true, list: { keep: 19 } },
      realtime: true,
    }).args.join(' ');
    expect(live).toContain('-use_wallclock_as_timestamps 1');
    expect(live).toContain('-copyts');
    expect(live).toContain(
      '-reset_timestamps 1 -segment_atclocktime 1 -avoid_negative_ts disabled -segment_list /d/buffer/cam/segments.csv -segment_list_type csv -segment_list_size 19',
    );
    expect(live).not.toContain('-filter_complex');
    const file = pipelineArgs({
      source: { kind: 'file', path: '/v.mp4', loop: false },
      analysisFps: 10,
      progress: true,
      ringBuffer: { dir: '/d', copy: true, list: { keep: 19 } },
      realtime: true,
    }).args.join(' ');
    // A file keeps its media time and is cut by it.
    expect(file).not.toContain('-use_wallclock_as_timestamps');
    expect(file).not.toContain('-segment_atclocktime');
    expect(file).toContain('-copyts');
  });
});

describe('which role-split cameras take their stills on demand', () => {
  it('only a recorded stills leg with a ring buffer, unless continuous is asked for', async () => {
    const { cameraConfigSchema } = await import('../../../../electron/shared/config/camera');
    const { planStreams, stillsOnDemand } =
      await import('../../../../inference/worker/camera/stream-roles');
    const base = {
      id: 'c',
      name: 'c',
      source: { kind: 'rtsp', url: 'rtsp://h/main', transport: 'tcp' },
      streams: {
        inputs: [
          { source: { kind: 'rtsp', url: 'rtsp://h/sub', transport: 'tcp' }, roles: ['detect'] },
        ],
      },
    };
    const leg = (c: ReturnType<typeof cameraConfigSchema.parse>) => planStreams(c).legs[1];
    const c = cameraConfigSchema.parse(base);
    expect(c.stills.decode).toBe('on-demand');
    expect(stillsOnDemand(c, leg(c), '/data')).toBe(true);
    expect(stillsOnDemand(c, leg(c), undefined)).toBe(false);
    const noBuffer = cameraConfigSchema.parse({ ...base, buffer: { seconds: 0 } });
    expect(stillsOnDemand(noBuffer, leg(noBuffer), '/data')).toBe(false);
    const continuous = cameraConfigSchema.parse({ ...base, stills: { decode: 'continuous' } });
    expect(stillsOnDemand(continuous, leg(continuous), '/data')).toBe(false);
  });
});
