import type { InfractionEvent, InfractionType } from '../../../electron/shared/domain/infraction';
import type { Detection, SignalState } from '../../../electron/shared/domain/detection';
import type { RuleConfig, RuleSetConfig } from '../../../electron/shared/config/rules';
import { PolygonZone, LineZone } from '../geometry/zones';
import { ZoneOccupancy, type ZoneCountEvent } from './zone-occupancy';
import {
  intersectionArea,
  boxArea,
  type Box,
  type CrossingDirection,
  type Point,
} from '../geometry/primitives';
import type { SpeedEstimate } from '../speed/speed-estimator';
import { associateItems, PpeWearWindow } from '../safety/ppe-association';
import { nearestMachine, ViolationTimer } from '../safety/machine-proximity';
import { DEFAULT_PERSON_DOWN, PersonDownTracker } from '../safety/person-down';

/** What the snapshot should show besides the box. */
export interface InfractionAnnotation {
  /** Short text beside the box, e.g. "#12 87 km/h > 60". */
  label: string;
  zone?: Point[];
  line?: [Point, Point];
}

/** An infraction before the node side gives it an id, evidence and its place in the hash chain. */
export type SceneInfraction = Omit<InfractionEvent, 'id' | 'evidence' | 'prevHash' | 'hash'> & {
  frameId: number;
  /** The frame timestamp as given to the analyzer (ms); `occurredAt` adds the time origin. */
  tsMs: number;
  annotation: InfractionAnnotation;
};

export interface CountEvent {
  lineId: string;
  ruleId: string;
  trackId: number;
  classLabel: string;
  direction: CrossingDirection;
  tsMs: number;
}

export interface RuleFrame {
  frameId: number;
  /** Frame timestamp in ms. */
  ts: number;
  /** The tracked detections (each with its `trackId`), in the tracker's order. */
  tracks: readonly Detection[];
  /** Every detection on the frame (tracked or not), for PPE item overlap. */
  detections: readonly Detection[];
  /** Unrounded ground speed per track id, where it could be measured. */
  speeds: ReadonlyMap<number, SpeedEstimate>;
  signals: ReadonlyMap<string, { state: SignalState; sinceMs: number }>;
}

/** A tracked detection: one the tracker gave a `trackId`. */
type Tracked = Detection & { trackId: number };

export interface RuleEngineContext {
  cameraId: string;
  ruleVersion: number;
  calibrationVersion?: number;
  /** Added to frame timestamps to give epoch milliseconds. */
  timeOriginMs: number;
}

const CATEGORY: Record<InfractionType, 'traffic' | 'safety'> = {
  speed: 'traffic',
  'wrong-way': 'traffic',
  'lane-invasion': 'traffic',
  'red-light': 'traffic',
  'zone-intrusion': 'safety',
  ppe: 'safety',
  'person-down': 'safety',
};

/**
 * Evaluates a camera's rule set frame by frame. Geometry is given already scaled to the frame's
 * pixels (see `scaleRuleSet`). Each rule fires at most once per tracked object per cooldown.
 */
export class RuleEngine {
  private readonly zones = new Map<string, PolygonZone>();
  private readonly lines = new Map<string, LineZone>();
  private readonly occupancy = new Map<string, ZoneOccupancy>();
  private readonly lastFired = new Map<string, number>();
  /** PPE: since when each person has been missing an item. */
  private readonly ppeMissingSince = new Map<string, number>();
  private readonly ppeWear = new PpeWearWindow();
  /** Machine proximity: since when each person has been too close. */
  private readonly nearSince = new ViolationTimer();
  /** Person down: each rule's box-shape history per track, and since when each has been down. */
  private readonly personDown = new Map<string, PersonDownTracker>();
  private readonly downSince = new ViolationTimer();
  readonly counts = new Map<
    string,
    Map<string, { 'left-to-right': number; 'right-to-left': number }>
  >();

  constructor(
    private readonly rules: RuleSetConfig,
    private readonly ctx: RuleEngineContext,
  ) {
    for (const z of rules.zones) {
      this.zones.set(z.id, new PolygonZone(z.id, z.polygon));
      this.occupancy.set(z.id, new ZoneOccupancy(z.id));
    }
    for (const l of rules.lines) this.lines.set(l.id, new LineZone(l.id, l.a, l.b));
  }

  evaluate(frame: RuleFrame): {
    infractions: SceneInfraction[];
    counts: CountEvent[];
    /** Zones whose entries or occupancy changed on this frame. */
    zones: ZoneCountEvent[];
  } {
    const infractions: SceneInfraction[] = [];
    const counts: CountEvent[] = [];
    const zones: ZoneCountEvent[] = [];
    const byId = new Map<number, Tracked>();
    for (const t of frame.tracks) if (t.trackId !== undefined) byId.set(t.trackId, t as Tracked);
    // Zones and lines advance once per frame for all tracks; rules then read their results.
    const inZone = new Map<string, Map<number, number>>();
    for (const [id, z] of this.zones) {
      inZone.set(id, z.update(frame.tracks, frame.ts));
      const occupancy = this.occupancy.get(id)!;
      const members = new Map<number, string>();
      for (const trackId of z.members()) {
        const label = byId.get(trackId)?.label ?? occupancy.labelOf(trackId);
        if (label !== undefined) members.set(trackId, label);
      }
      const change = occupancy.update(members, frame.ts);
      if (change) zones.push(change);
    }
    const crossings = new Map<string, ReturnType<LineZone['update']>>();
    for (const [id, l] of this.lines) crossings.set(id, l.update(frame.tracks, frame.ts));

    for (const rule of this.rules.rules) {
      if (!rule.enabled) continue;
      const applies = (t: { label: string }) =>
        rule.classes.length === 0 || rule.classes.includes(t.label);
      switch (rule.type) {
        case 'speed': {
          const zone = inZone.get(rule.zoneId);
          if (!zone) break;
          const threshold =
            rule.limitKmh + Math.max(rule.toleranceKmh, (rule.limitKmh * rule.tolerancePct) / 100);
          for (const trackId of zone.keys()) {
            const t = byId.get(trackId)!;
            const s = frame.speeds.get(trackId);
            if (!applies(t) || !s || s.confidence < rule.minConfidence || s.speedKmh <= threshold)
              continue;
            const v = round1(s.speedKmh);
            this.fire(infractions, rule, 'speed', t, frame, {
              measured: { speedKmh: v, limitKmh: rule.limitKmh, thresholdKmh: round1(threshold) },
              confidence: t.score * s.confidence,
              zoneId: rule.zoneId,
              annotation: {
                label: `#${t.trackId} ${v.toFixed(0)} km/h > ${rule.limitKmh}`,
                zone: this.polygonOf(rule.zoneId),
              },
            });
          }
          break;
        }
        case 'zone-intrusion': {
          const zone = inZone.get(rule.zoneId);
          if (!zone) break;
          for (const [trackId, dwellMs] of zone) {
            const t = byId.get(trackId)!;
            if (!applies(t) || dwellMs < rule.minDwellSec * 1000) continue;
            this.fire(infractions, rule, 'zone-intrusion', t, frame, {
              measured: { dwellSec: round1(dwellMs / 1000) },
              confidence: t.score,
              zoneId: rule.zoneId,
              annotation: {
                label: `#${t.trackId} ${t.label} ${(dwellMs / 1000).toFixed(1)} s`,
                zone: this.polygonOf(rule.zoneId),
              },
            });
          }
          break;
        }
        case 'line-crossing': {
          for (const c of crossings.get(rule.lineId) ?? []) {
            if (!applies(c)) continue;
            this.count(rule.lineId, c.label, c.direction);
            counts.push({
              lineId: rule.lineId,
              ruleId: rule.id,
              trackId: c.trackId,
              classLabel: c.label,
              direction: c.direction,
              tsMs: frame.ts,
            });
            if (rule.allowedDirection && c.direction !== rule.allowedDirection) {
              const t = byId.get(c.trackId)!;
              this.fire(infractions, rule, 'wrong-way', t, frame, {
                measured: {},
                direction: c.direction,
                confidence: t.score,
                annotation: {
                  label: `#${t.trackId} ${c.direction}`,
                  line: this.lineOf(rule.lineId),
                },
              });
            }
          }
          break;
        }
        case 'lane-invasion': {
          for (const c of crossings.get(rule.lineId) ?? []) {
            if (!applies(c) || (rule.direction && c.direction !== rule.direction)) continue;
            const t = byId.get(c.trackId)!;
            this.fire(infractions, rule, 'lane-invasion', t, frame, {
              measured: {},
              direction: c.direction,
              confidence: t.score,
              annotation: {
                label: `#${t.trackId} ${t.label}`,
                line: this.lineOf(rule.lineId),
              },
            });
          }
          break;
        }
        case 'red-light': {
          const sig = frame.signals.get(rule.signalId);
          if (!sig || sig.state !== 'red') break;
          const redFor = (frame.ts - sig.sinceMs) / 1000;
          if (redFor < rule.graceSec) break;
          for (const c of crossings.get(rule.stopLineId) ?? []) {
            if (!applies(c) || c.direction !== rule.direction) continue;
            const t = byId.get(c.trackId)!;
            this.fire(infractions, rule, 'red-light', t, frame, {
              measured: { redForSec: round1(redFor) },
              direction: c.direction,
              confidence: t.score,
              annotation: {
                label: `#${t.trackId} red ${redFor.toFixed(1)} s`,
                line: this.lineOf(rule.stopLineId),
              },
            });
          }
          break;
        }
        case 'ppe': {
          const zone = inZone.get(rule.zoneId);
          if (!zone) break;
          const persons = [...zone.keys()]
            .map((id) => byId.get(id)!)
            .filter((t) => rule.personClasses.includes(t.label));
          const groups = rule.required.map((labels, i) => ({ labels, item: rule.items?.[i] }));
          const assoc = associateItems(persons, frame.detections, groups, rule.violationClasses);
          for (const t of persons) {
            const key = `${rule.id}:${t.trackId}`;
            // Judged over the last windowSec of frames, not this frame alone.
            const verdict = this.ppeWear.observe(
              key,
              frame.ts,
              assoc.get(t.trackId)!,
              rule.windowSec * 1000,
              rule.minPresentShare,
            );
            const missing = groups
              .filter((_, i) => !verdict.worn[i])
              .map((g) => g.item ?? g.labels[0]);
            for (const v of verdict.violations) if (!missing.includes(v)) missing.push(v);
            if (missing.length === 0) {
              this.ppeMissingSince.delete(key);
              continue;
            }
            const since = this.ppeMissingSince.get(key) ?? frame.ts;
            this.ppeMissingSince.set(key, since);
            const durMs = frame.ts - since;
            if (durMs < rule.minDurationSec * 1000) continue;
            const measured: Record<string, number> = {
              missingItems: missing.length,
              durationSec: round1(durMs / 1000),
              frames: verdict.frames,
            };
            for (const m of missing) measured[`missing:${m}`] = 1;
            this.fire(infractions, rule, 'ppe', t, frame, {
              measured,
              zoneId: rule.zoneId,
              confidence: t.score,
              annotation: {
                label: `#${t.trackId} no ${missing.join(', ')}`,
                zone: this.polygonOf(rule.zoneId),
              },
            });
          }
          break;
        }
        case 'machine-proximity': {
          const zone = rule.zoneId ? inZone.get(rule.zoneId) : undefined;
          if (rule.zoneId && !zone) break;
          for (const t of byId.values()) {
            if (!rule.personClasses.includes(t.label)) continue;
            if (zone && !zone.has(t.trackId)) continue;
            const near = nearestMachine(t, frame.detections, rule.machineClasses, rule.withinM, {
              personHeightM: rule.personHeightM,
            });
            const durMs = this.nearSince.observe(`${rule.id}:${t.trackId}`, frame.ts, !!near);
            if (!near || durMs === undefined || durMs < rule.minDurationSec * 1000) continue;
            this.fire(infractions, rule, 'zone-intrusion', t, frame, {
              measured: {
                distanceM: round1(near.distanceM),
                withinM: rule.withinM,
                durationSec: round1(durMs / 1000),
              },
              confidence: Math.min(t.score, near.machine.score),
              ...(rule.zoneId ? { zoneId: rule.zoneId } : {}),
              annotation: {
                label: `#${t.trackId} ${near.distanceM.toFixed(1)} m < ${rule.withinM} m ${near.machine.label}`,
                ...(rule.zoneId ? { zone: this.polygonOf(rule.zoneId) } : {}),
              },
            });
          }
          break;
        }
        case 'person-down': {
          const zone = rule.zoneId ? inZone.get(rule.zoneId) : undefined;
          if (rule.zoneId && !zone) break;
          let shapes = this.personDown.get(rule.id);
          if (!shapes)
            this.personDown.set(
              rule.id,
              (shapes = new PersonDownTracker({
                ...DEFAULT_PERSON_DOWN,
                lyingAspect: rule.lyingAspect,
                uprightAspect: rule.uprightAspect,
                windowMs: rule.windowSec * 1000,
                minShare: rule.minShare,
              })),
            );
          for (const t of byId.values()) {
            const byClass = rule.downClasses.includes(t.label);
            const byShape = rule.boxHeuristic && rule.personClasses.includes(t.label);
            if (!byClass && !byShape) continue;
            const key = `${rule.id}:${t.trackId}`;
            // Every frame of a person feeds the shape history, inside the zone or not: the upright
            // box before a fall may have been seen before the person reached the zone.
            const v = byShape ? shapes.observe(key, frame.ts, t, this.rules.imageSize) : undefined;
            const inside = !zone || zone.has(t.trackId);
            const down = inside && (byClass || !!v?.down);
            const durMs = this.downSince.observe(key, frame.ts, down);
            if (!down || durMs === undefined || durMs < rule.minDurationSec * 1000) continue;
            this.fire(infractions, rule, 'person-down', t, frame, {
              measured: {
                durationSec: round1(durMs / 1000),
                ...(byClass
                  ? { downClass: 1 }
                  : {
                      aspectRatio: round2(v!.aspect),
                      dropPct: Math.round(v!.dropShare * 100),
                      frames: v!.frames,
                    }),
              },
              confidence: t.score,
              ...(rule.zoneId ? { zoneId: rule.zoneId } : {}),
              annotation: {
                label: `#${t.trackId} ${byClass ? t.label : 'down'} ${(durMs / 1000).toFixed(1)} s`,
                ...(rule.zoneId ? { zone: this.polygonOf(rule.zoneId) } : {}),
              },
            });
          }
          break;
        }
      }
    }
    this.ppeWear.prune(frame.ts, 10_000);
    this.nearSince.prune(frame.ts, 10_000);
    this.downSince.prune(frame.ts, 10_000);
    for (const shapes of this.personDown.values()) shapes.prune(frame.ts, 10_000);
    return { infractions, counts, zones };
  }

  private fire(
    out: SceneInfraction[],
    rule: RuleConfig,
    type: InfractionType,
    t: Tracked,
    frame: RuleFrame,
    extra: {
      measured: Record<string, number>;
      confidence: number;
      zoneId?: string;
      direction?: string;
      annotation: InfractionAnnotation;
    },
  ): void {
    const key = `${rule.id}:${t.trackId}`;
    const last = this.lastFired.get(key);
    if (last !== undefined && frame.ts - last < rule.cooldownSec * 1000) return;
    this.lastFired.set(key, frame.ts);
    out.push({
      type,
      category: CATEGORY[type],
      cameraId: this.ctx.cameraId,
      ...(extra.zoneId ? { zoneId: extra.zoneId } : {}),
      ruleId: rule.id,
      ruleVersion: this.rules.version,
      ...(this.ctx.calibrationVersion !== undefined && type === 'speed'
        ? { calibrationVersion: this.ctx.calibrationVersion }
        : {}),
      occurredAt: this.ctx.timeOriginMs + frame.ts,
      trackId: t.trackId,
      classLabel: t.label,
      measured: extra.measured,
      ...(extra.direction ? { direction: extra.direction } : {}),
      confidence: Math.max(0, Math.min(1, extra.confidence)),
      box: { x1: t.x1, y1: t.y1, x2: t.x2, y2: t.y2 },
      frameId: frame.frameId,
      tsMs: frame.ts,
      annotation: extra.annotation,
    });
  }

  private count(lineId: string, cls: string, dir: CrossingDirection): void {
    let perClass = this.counts.get(lineId);
    if (!perClass) this.counts.set(lineId, (perClass = new Map()));
    let c = perClass.get(cls);
    if (!c) perClass.set(cls, (c = { 'left-to-right': 0, 'right-to-left': 0 }));
    c[dir]++;
  }

  private polygonOf(zoneId: string): Point[] | undefined {
    return this.rules.zones.find((z) => z.id === zoneId)?.polygon.map((p) => [p[0], p[1]] as Point);
  }

  private lineOf(lineId: string): [Point, Point] | undefined {
    const l = this.rules.lines.find((x) => x.id === lineId);
    return l ? [l.a, l.b] : undefined;
  }
}

/**
 * Required item groups with no matching detection over the person. An item counts when most of
 * it (≥ 50 % of its area) lies inside the person's box; a violation class over the person marks
 * its group missing directly.
 */
export function missingItems(
  person: Box,
  detections: readonly Detection[],
  required: readonly (readonly string[])[],
  violationClasses: readonly string[],
): string[] {
  const over = (d: Detection) => {
    const a = boxArea(d);
    return a > 0 && intersectionArea(person, d) / a >= 0.5;
  };
  const present = new Set(detections.filter(over).map((d) => d.label));
  const missing: string[] = [];
  for (const group of required) if (!group.some((c) => present.has(c))) missing.push(group[0]);
  for (const v of violationClasses) if (present.has(v) && !missing.includes(v)) missing.push(v);
  return missing;
}

/** The rule set's geometry in the pixels of a frame of another size. */
export function scaleRuleSet(
  rs: RuleSetConfig,
  frame: { width: number; height: number },
): RuleSetConfig {
  const sx = frame.width / rs.imageSize.width;
  const sy = frame.height / rs.imageSize.height;
  if (sx === 1 && sy === 1) return rs;
  const p = (q: readonly [number, number]): [number, number] => [q[0] * sx, q[1] * sy];
  return {
    ...rs,
    imageSize: { width: frame.width, height: frame.height },
    zones: rs.zones.map((z) => ({ ...z, polygon: z.polygon.map(p) })),
    lines: rs.lines.map((l) => ({ ...l, a: p(l.a), b: p(l.b) })),
    signals: rs.signals.map((s) =>
      s.region
        ? {
            ...s,
            region: {
              x: s.region.x * sx,
              y: s.region.y * sy,
              width: s.region.width * sx,
              height: s.region.height * sy,
            },
          }
        : s,
    ),
  };
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
