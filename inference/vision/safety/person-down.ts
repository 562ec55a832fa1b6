import type { Box } from '../geometry/primitives';

/**
 * A person down (fallen, lying on the floor) from the boxes of any person detector, without a pose
 * or fallen-person model: a tracked person whose box turns from upright (taller than wide) to lying
 * (wider than tall), whose top edge and centre dropped on the way, and who then barely moves.
 *
 * Every part is judged over a window of the track's recent frames, never one frame: a detector's
 * one-frame box flicker (a wide box when an arm is stretched out, a box cut by an occluder) neither
 * starts a fall nor ends one. A track that is lying from its first frames never counts here (a
 * person already on a bench or a mattress when the camera first sees them, a poster): there was no
 * upright box to fall from. Models with a class meaning "fallen" do better and are used directly by
 * the rule engine (`downClasses`), without this heuristic.
 *
 * Limits, by construction of a box heuristic: someone lying lengthwise along the camera's line of
 * sight gives a box about as tall as wide and may read as upright; someone crouching or sitting
 * low gives a box near 1:1 and stays below the lying ratio unless it is set too low.
 */

export interface PersonDownOptions {
  /** A box at least this wide for its height (width / height) looks lying. */
  lyingAspect: number;
  /** A box at most this wide for its height looks upright. */
  uprightAspect: number;
  /** The track is judged over this many milliseconds of its frames. */
  windowMs: number;
  /** Share of the window's frames that must look lying (or upright) for the window to be so. */
  minShare: number;
  /** The lying box's top edge must be lower than the upright one's by this share of its height. */
  minDropShare: number;
  /**
   * Little movement: the lying box centres of the window stay within this share of the upright
   * person's height from their median (someone crawling or walking bent over moves more).
   */
  maxMoveShare: number;
}

export const DEFAULT_PERSON_DOWN: PersonDownOptions = {
  lyingAspect: 1.3,
  uprightAspect: 0.9,
  windowMs: 1000,
  minShare: 0.6,
  minDropShare: 0.3,
  maxMoveShare: 0.25,
};

/** What the heuristic saw on a frame, for the event's evidence. */
export interface PersonDownVerdict {
  /** Lying, fallen from upright and still: the rule's timer runs while this holds. */
  down: boolean;
  /** The window looks lying (whatever came before). */
  lying: boolean;
  /** An upright window was seen earlier on this track. */
  wasUpright: boolean;
  /** Median width / height of the window's boxes. */
  aspect: number;
  /** How far the box top dropped from the upright box, as a share of the upright height. */
  dropShare: number;
  /** Largest distance of a lying box centre from their median, as a share of the upright height. */
  moveShare: number;
  /** Frames in the window. */
  frames: number;
}

interface Sample {
  ts: number;
  box: Box;
}

interface TrackState {
  window: Sample[];
  /** The last box of an upright window: the person standing, before any fall. */
  upright?: Box;
  lastTs: number;
}

const median = (xs: number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const aspectOf = (b: Box) => (b.x2 - b.x1) / Math.max(1e-6, b.y2 - b.y1);

/**
 * Per-track person-down state, one instance per rule. `observe` is called with each frame's box of
 * the track; tracks not seen for a while are dropped by `prune` (a person that left, or a track
 * that ended: its fall state ends with it).
 */
export class PersonDownTracker {
  private readonly tracks = new Map<string, TrackState>();

  constructor(private readonly o: PersonDownOptions = DEFAULT_PERSON_DOWN) {}

  /**
   * One frame's box of the track. With `frame` (the image size), a box touching its edge is cut
   * and says nothing about the person's shape (someone walking in or out at the bottom of the
   * image is a short, wide box): it is left out of the window, which is judged on without it.
   */
  observe(
    key: string,
    ts: number,
    box: Box,
    frame?: { width: number; height: number },
  ): PersonDownVerdict {
    const o = this.o;
    let st = this.tracks.get(key);
    if (!st) this.tracks.set(key, (st = { window: [], lastTs: ts }));
    st.lastTs = ts;
    // Detectors stop a cut box a few pixels short of the edge: 2 % of the image counts as the edge.
    const ex = frame ? Math.max(2, frame.width * 0.02) : 0;
    const ey = frame ? Math.max(2, frame.height * 0.02) : 0;
    const cut =
      !!frame &&
      (box.x1 <= ex || box.y1 <= ey || box.x2 >= frame.width - ex || box.y2 >= frame.height - ey);
    if (!cut) st.window.push({ ts, box: { x1: box.x1, y1: box.y1, x2: box.x2, y2: box.y2 } });
    while (st.window.length > 0 && ts - st.window[0].ts > o.windowMs) st.window.shift();

    const w = st.window;
    const aspects = w.map((s) => aspectOf(s.box));
    const share = (pred: (a: number) => boolean) => aspects.filter(pred).length / aspects.length;
    // A window needs a few frames before it says anything: one frame is not a window.
    const enough = w.length >= 3;
    const lying = enough && share((a) => a >= o.lyingAspect) >= o.minShare;
    const upright = enough && share((a) => a <= o.uprightAspect) >= o.minShare;
    if (upright) {
      // The latest upright box of the window, so the reference follows a walking person.
      for (let i = w.length - 1; i >= 0; i--)
        if (aspects[i] <= o.uprightAspect) {
          st.upright = w[i].box;
          break;
        }
    }
    const aspect = w.length ? median(aspects) : 0;
    const ref = st.upright;
    if (!ref || !lying)
      return {
        down: false,
        lying,
        wasUpright: !!ref,
        aspect,
        dropShare: 0,
        moveShare: 0,
        frames: w.length,
      };

    const h = ref.y2 - ref.y1;
    const lyingBoxes = w.filter((_, i) => aspects[i] >= o.lyingAspect).map((s) => s.box);
    const top = median(lyingBoxes.map((b) => b.y1));
    const dropShare = (top - ref.y1) / h;
    // Movement of the lying boxes only: a one-frame upright flicker is not the person moving.
    const cxs = lyingBoxes.map((b) => (b.x1 + b.x2) / 2);
    const cys = lyingBoxes.map((b) => (b.y1 + b.y2) / 2);
    const mx = median(cxs);
    const my = median(cys);
    let move = 0;
    for (let i = 0; i < cxs.length; i++)
      move = Math.max(move, Math.hypot(cxs[i] - mx, cys[i] - my));
    const moveShare = move / h;
    // The centre comes down too (a box that only grew sideways, arms out, has not fallen).
    const centreDropped = my > (ref.y1 + ref.y2) / 2;
    const down = dropShare >= o.minDropShare && centreDropped && moveShare <= o.maxMoveShare;
    return { down, lying, wasUpright: true, aspect, dropShare, moveShare, frames: w.length };
  }

  /** Forgets tracks not observed for `maxAgeMs`. */
  prune(ts: number, maxAgeMs: number): void {
    for (const [k, st] of this.tracks) if (ts - st.lastTs > maxAgeMs) this.tracks.delete(k);
  }
}
