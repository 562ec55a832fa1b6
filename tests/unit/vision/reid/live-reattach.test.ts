import { describe, expect, it } from 'vitest';
import type { Detection, FrameDetections } from '../../../../electron/shared/domain/detection';
import type { FinishedTrack } from '../../../../electron/shared/domain/track-history';
import { toRuleSetConfig } from '../../../../electron/shared/api/methods/rules';
import { ruleSetSchema } from '../../../../electron/shared/config/rules';
import { TrackRecorder } from '../../../../inference/vision/history/track-recorder';
import {
  liveReattachOptions,
  recorderEndAfterMs,
} from '../../../../inference/vision/reid/live-reattach';
import { SceneAnalyzer } from '../../../../inference/vision/scene/scene-analyzer';

const W = 640;
const H = 360;
const FPS = 5;
/** A vertical counting line at x 400 (the person walks right across it after the occlusion). */
const rules = ruleSetSchema.parse(
  toRuleSetConfig(
    {
      imageWidth: W,
      imageHeight: H,
      zones: [],
      lines: [
        { id: 'door', name: 'Door', kind: 'count', a: { x: 400, y: 0 }, b: { x: 400, y: 360 } },
      ],
    },
    0,
  ),
);

const person = (x: number, y = 100): Detection => ({
  x1: x,
  y1: y,
  x2: x + 40,
  y2: y + 120,
  score: 0.9,
  classId: 0,
  label: 'person',
});

/** Unit vectors: A and B are different people; A2 is A seen again (a little different). */
const vec = (k: number, jitter = 0): number[] => {
  const v = new Array<number>(8).fill(0);
  v[k] = 1;
  v[(k + 1) % 8] = jitter;
  return v;
};

/**
 * A walks right from x 40 at 40 px/s for 3 s, is hidden (no detections) for 2.6 s, past the
 * tracker's own 1 s lost buffer, then walks on across the line; B appears far away at 7 s.
 */
function footage(): Array<FrameDetections & { truth: Array<'A' | 'B'> }> {
  const frames: Array<FrameDetections & { truth: Array<'A' | 'B'> }> = [];
  for (let i = 0; i < 14 * FPS; i++) {
    const t = i / FPS;
    const dets: Detection[] = [];
    const truth: Array<'A' | 'B'> = [];
    if (t < 3 || (t >= 5.6 && t < 12)) {
      dets.push(person(40 + 40 * t));
      truth.push('A');
    }
    if (t >= 7 && t < 10) {
      dets.push(person(40, 220));
      truth.push('B');
    }
    frames.push({
      cameraId: 'c',
      frameId: i + 1,
      ts: Math.round(t * 1000),
      width: W,
      height: H,
      detections: dets,
      truth,
    });
  }
  return frames;
}

/**
 * The worker camera stage's wiring, pure: tracker → re-attachment (embeddings come a frame after a
 * track is first seen, as the second stage computes them off the frame loop) → rules → track
 * history, with the recorder's end time the stage uses.
 */
function run(withReid: boolean) {
  // What the second stage has embedded so far, by the id it was asked under.
  const embedded = new Map<number, number[]>();
  const reattach = withReid
    ? liveReattachOptions({ windowSec: 10, minSimilarity: 0.7 })
    : undefined;
  const analyzer = new SceneAnalyzer({
    cameraId: 'c',
    rules,
    ...(reattach ? { reid: { options: reattach, embeddingOf: (id) => embedded.get(id) } } : {}),
  });
  const endAfterMs = recorderEndAfterMs(reattach);
  const recorder = new TrackRecorder({
    cameraId: 'c',
    rules,
    ...(endAfterMs !== undefined ? { endAfterMs } : {}),
  });
  const finished: FinishedTrack[] = [];
  const counts: Array<{ trackId: number }> = [];
  const idsOf = new Map<number, Set<'A' | 'B'>>();
  let undecidedFrames = 0;
  for (const f of footage()) {
    const out = analyzer.update(f);
    for (const e of out.events) if (e.kind === 'count') counts.push(e);
    out.detections.forEach((d, i) => {
      if (d.trackId === undefined) return;
      if (!idsOf.has(d.trackId)) idsOf.set(d.trackId, new Set());
      idsOf.get(d.trackId)!.add(f.truth[i]);
    });
    // The second stage embeds tracked boxes and the held-back new ones (under their tracker id).
    for (const d of [...out.detections, ...(out.undecided ?? [])]) {
      if (d.trackId === undefined) continue;
      const who = d.y1 > 200 ? 'B' : 'A';
      embedded.set(d.trackId, who === 'A' ? vec(0, d.x1 > 200 ? 0.2 : 0) : vec(3));
    }
    if (out.undecided) undecidedFrames++;
    finished.push(...recorder.update({ ...f, detections: out.detections }));
  }
  finished.push(...recorder.finishAll());
  return { finished, counts, idsOf, undecidedFrames, reattached: analyzer.reattached };
}

describe('re-attachment wired between the tracker and the rules and history', () => {
  it('without it, the person hidden for 2.6 s comes back under a new id and a second history row', () => {
    const r = run(false);
    const aIds = [...r.idsOf].filter(([, who]) => who.has('A')).map(([id]) => id);
    expect(aIds).toHaveLength(2);
    expect(r.finished.filter((t) => aIds.includes(t.trackId))).toHaveLength(2);
  });

  it('with it, the person keeps one id: one history row across the gap, the crossing under it', () => {
    const r = run(true);
    expect(r.reattached).toBe(1);
    // Every reported id is one person: A's one id, B's own (a different look, never merged).
    const ids = [...r.idsOf];
    expect(ids).toHaveLength(2);
    for (const [, who] of ids) expect(who.size).toBe(1);
    const [aId] = ids.find(([, who]) => who.has('A'))!;
    const rowsA = r.finished.filter((t) => t.trackId === aId);
    expect(rowsA).toHaveLength(1);
    // The row continues the old one: from the first sighting to the last, path across the gap.
    expect(rowsA[0].firstSeen).toBe(0);
    expect(rowsA[0].lastSeen).toBeGreaterThanOrEqual(11_600);
    const xs = rowsA[0].path.map((p) => p[0]);
    expect(Math.min(...xs)).toBeLessThan(0.2);
    expect(Math.max(...xs)).toBeGreaterThan(0.7);
    // The door crossing (after the occlusion) is counted once, for the old id.
    expect(rowsA[0].lines.map((l) => l.lineId)).toEqual(['door']);
    expect(r.counts.map((c) => c.trackId)).toEqual([aId]);
    // A new track is held back only while it waits: A's return for a frame or two, B's for none
    // (nothing lost could have walked to where B appeared... except A, whom B does not look like).
    expect(r.undecidedFrames).toBeGreaterThan(0);
    expect(r.undecidedFrames).toBeLessThanOrEqual(12);
    expect(r.finished).toHaveLength(2);
  });
});
