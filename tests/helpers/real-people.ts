import { beforeAll, expect } from 'vitest';
import type { Detection, FrameDetections } from '../../electron/shared/domain/detection';
import { ruleSetSchema } from '../../electron/shared/config/rules';
import { toRuleSetConfig, type RuleSetDraft } from '../../electron/shared/api/methods/rules';
import type { SceneInfraction } from '../../inference/vision/rules/rule-engine';
import { SceneAnalyzer } from '../../inference/vision/scene/scene-analyzer';
import { runAnalysis, sourceFromArg } from '../../inference/worker/analyze-runner';
import { ffmpegBinary } from '../../inference/worker/ffmpeg/ffmpeg-path';
import { fixtures } from './fixtures';

/** Frame rate of the worker-zone fixture: its frames' media time is index × 1000 / 15 ms. */
const FIXTURE_FPS = 15;

/**
 * Real person detections for the safety suites: YOLOv8n int8 on the worker-zone fixture through
 * the worker's own ffmpeg + ONNX pipeline, once per suite. `frames` stays empty (and `skip` is
 * set) when the model or the video is absent.
 */
export function useWorkerZonePeople(guardMs: number): {
  frames: FrameDetections[];
  skip: boolean;
} {
  return useFixturePeople('worker-zone-detection.mp4', {}, guardMs);
}

/**
 * Real detections of a fixture video through the worker's pipeline, once per suite: every frame
 * at the file's own rate, or `fps` frames a second; only the first `maxFrames` when given (the
 * run is stopped there, so a long video costs only what is used).
 */
export function useFixturePeople(
  name: 'worker-zone-detection.mp4' | 'one-by-one-person-detection.mp4',
  o: { fps?: number; maxFrames?: number },
  guardMs: number,
): { frames: FrameDetections[]; skip: boolean } {
  const model = fixtures.yolov8n();
  const video = fixtures.video(name);
  const frames: FrameDetections[] = [];
  beforeAll(async () => {
    if (!model || !video) return;
    const stop = new AbortController();
    const summary = await runAnalysis(
      {
        source: sourceFromArg(video),
        model,
        modelsDir: '/nonexistent',
        ffmpegPath: ffmpegBinary().path,
        inference: { provider: 'cpu', intraOpThreads: 0, interOpThreads: 0 },
        ...(o.fps ? { fps: o.fps } : {}),
        signal: stop.signal,
      },
      {
        onFrame: (d) => {
          if (o.maxFrames !== undefined && frames.length >= o.maxFrames) return;
          frames.push(d);
          if (frames.length === o.maxFrames) stop.abort();
        },
      },
    );
    expect(summary.error).toBeUndefined();
  }, guardMs);
  return { frames, skip: !model || !video };
}

/** One zone over the whole frame, as the zone editor saves it, with `extra` (ppe, danger…). */
export function wholeFrameZone(
  frames: readonly FrameDetections[],
  zone: { id: string } & Partial<RuleSetDraft['zones'][number]>,
): RuleSetDraft {
  const { width, height } = frames[0];
  return {
    imageWidth: width,
    imageHeight: height,
    zones: [
      {
        name: zone.id,
        classes: [],
        points: [
          { x: 0, y: 0 },
          { x: width, y: 0 },
          { x: width, y: height },
          { x: 0, y: height },
        ],
        ...zone,
      },
    ],
    lines: [],
  } as RuleSetDraft;
}

/**
 * The infractions the scene stage raises over `frames` under `draft`, with `extra` boxes (the
 * synthetic items or machines) added beside each frame's detected people.
 */
export function replayWithExtraBoxes(
  frames: readonly FrameDetections[],
  draft: RuleSetDraft,
  extra: (persons: Detection[], i: number, tsMs: number) => Detection[],
): SceneInfraction[] {
  return replayEdited(frames, draft, (dets, i, ts) => [
    ...dets,
    ...extra(
      dets.filter((d) => d.label === 'person'),
      i,
      ts,
    ),
  ]);
}

/**
 * The infractions the scene stage raises over `frames` (analysed at `fps`) under `draft`, each
 * frame's detections first replaced by `edit`'s (a person's box changed, boxes added).
 */
export function replayEdited(
  frames: readonly FrameDetections[],
  draft: RuleSetDraft,
  edit: (detections: Detection[], i: number, tsMs: number) => Detection[],
  fps = FIXTURE_FPS,
): SceneInfraction[] {
  const rules = ruleSetSchema.parse(toRuleSetConfig(draft, 1));
  const a = new SceneAnalyzer({ cameraId: 'c', rules });
  return frames.flatMap((f, i) => {
    // Media time of the recording (the analysis stamps frames with the time it read them).
    const ts = (i * 1000) / fps;
    return a
      .update({ ...f, ts, detections: edit([...f.detections], i, ts) })
      .events.filter((e) => e.kind === 'infraction')
      .map((e) => (e.kind === 'infraction' ? e.infraction : undefined)!);
  });
}
