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
  const model = fixtures.yolov8n();
  const video = fixtures.video('worker-zone-detection.mp4');
  const frames: FrameDetections[] = [];
  beforeAll(async () => {
    if (!model || !video) return;
    const summary = await runAnalysis(
      {
        source: sourceFromArg(video),
        model,
        modelsDir: '/nonexistent',
        ffmpegPath: ffmpegBinary().path,
        inference: { provider: 'cpu', intraOpThreads: 0, interOpThreads: 0 },
      },
      { onFrame: (d) => frames.push(d) },
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
  const rules = ruleSetSchema.parse(toRuleSetConfig(draft, 1));
  const a = new SceneAnalyzer({ cameraId: 'c', rules });
  return frames.flatMap((f, i) => {
    // Media time of the recording (the analysis stamps frames with the time it read them).
    const ts = (i * 1000) / FIXTURE_FPS;
    const persons = f.detections.filter((d) => d.label === 'person');
    return a
      .update({ ...f, ts, detections: [...f.detections, ...extra(persons, i, ts)] })
      .events.filter((e) => e.kind === 'infraction')
      .map((e) => (e.kind === 'infraction' ? e.infraction : undefined)!);
  });
}
