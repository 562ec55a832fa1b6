import type { Detection } from '../../../electron/shared/domain/detection';
import type { Box } from '../geometry/primitives';

/**
 * A person too close to a machine (a forklift, an excavator, a robot cell): a danger zone that
 * moves with the machine. Distances are on the ground between the boxes' footprints (the bottom
 * edges, where both touch the floor), in metres. Without a ground calibration the metres come from
 * the person's own box: an upright person of known height (1.7 m by default) gives the scale at
 * the place the two stand, which is what matters for "within X metres" near the person.
 */

export interface ProximityOptions {
  /** Height of a standing person (m), for the scale when no ground mapping is given. */
  personHeightM?: number;
  /** Image → ground (metres) mapping from the camera's calibration, when there is one. */
  toGround?: (p: readonly [number, number]) => readonly [number, number];
}

export const DEFAULT_PERSON_HEIGHT_M = 1.7;

/** Footprint of a box: its bottom edge (the part on the floor), as two end points. */
function footprint(b: Box): [[number, number], [number, number]] {
  return [
    [b.x1, b.y2],
    [b.x2, b.y2],
  ];
}

/** Shortest distance between segments pq and rs on the plane (0 when they cross). */
function segmentDistance(
  p: readonly [number, number],
  q: readonly [number, number],
  r: readonly [number, number],
  s: readonly [number, number],
): number {
  const pointSeg = (
    a: readonly [number, number],
    b0: readonly [number, number],
    b1: readonly [number, number],
  ) => {
    const dx = b1[0] - b0[0];
    const dy = b1[1] - b0[1];
    const len2 = dx * dx + dy * dy;
    const t =
      len2 > 0 ? Math.max(0, Math.min(1, ((a[0] - b0[0]) * dx + (a[1] - b0[1]) * dy) / len2)) : 0;
    return Math.hypot(a[0] - (b0[0] + t * dx), a[1] - (b0[1] + t * dy));
  };
  const cross = (
    a: readonly [number, number],
    b: readonly [number, number],
    c: readonly [number, number],
  ) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  const d1 = cross(p, q, r);
  const d2 = cross(p, q, s);
  const d3 = cross(r, s, p);
  const d4 = cross(r, s, q);
  if (d1 * d2 < 0 && d3 * d4 < 0) return 0;
  return Math.min(pointSeg(p, r, s), pointSeg(q, r, s), pointSeg(r, p, q), pointSeg(s, p, q));
}

/**
 * Ground distance (m) between a person and a machine: 0 when the boxes' footprints overlap along
 * the floor or the person's feet are inside the machine's box.
 */
export function groundDistanceM(person: Box, machine: Box, o: ProximityOptions = {}): number {
  const [p0, p1] = footprint(person);
  const [m0, m1] = footprint(machine);
  if (o.toGround) {
    const g = o.toGround;
    return segmentDistance(g(p0), g(p1), g(m0), g(m1));
  }
  const feetX = (person.x1 + person.x2) / 2;
  if (
    feetX >= machine.x1 &&
    feetX <= machine.x2 &&
    person.y2 >= machine.y1 &&
    person.y2 <= machine.y2
  )
    return 0;
  const heightPx = person.y2 - person.y1;
  if (heightPx <= 0) return Infinity;
  const mPerPx = (o.personHeightM ?? DEFAULT_PERSON_HEIGHT_M) / heightPx;
  return segmentDistance(p0, p1, m0, m1) * mPerPx;
}

export interface NearMachine {
  machine: Detection;
  distanceM: number;
}

/** The nearest detection of a machine class within `withinM` of the person, if any. */
export function nearestMachine(
  person: Box,
  detections: readonly Detection[],
  machineClasses: readonly string[],
  withinM: number,
  o: ProximityOptions = {},
): NearMachine | undefined {
  let best: NearMachine | undefined;
  for (const d of detections) {
    if (!machineClasses.includes(d.label)) continue;
    const distanceM = groundDistanceM(person, d, o);
    if (distanceM <= withinM && (!best || distanceM < best.distanceM))
      best = { machine: d, distanceM };
  }
  return best;
}

/**
 * Continuous-violation timer: since when each key (rule × track) has been in violation, cleared as
 * soon as it is not, so a detector's one-frame flicker neither starts nor ends an event alone when
 * a minimum duration is asked.
 */
export class ViolationTimer {
  private readonly since = new Map<string, number>();
  private readonly seen = new Map<string, number>();

  /** Records the key's state at `ts`; returns how long (ms) it has been in violation, or undefined. */
  observe(key: string, ts: number, violating: boolean): number | undefined {
    if (!violating) {
      this.since.delete(key);
      this.seen.delete(key);
      return undefined;
    }
    const start = this.since.get(key) ?? ts;
    this.since.set(key, start);
    this.seen.set(key, ts);
    return ts - start;
  }

  /** Forgets keys not observed in violation for `maxAgeMs` (tracks that left). */
  prune(ts: number, maxAgeMs: number): void {
    for (const [k, last] of this.seen)
      if (ts - last > maxAgeMs) {
        this.seen.delete(k);
        this.since.delete(k);
      }
  }
}
