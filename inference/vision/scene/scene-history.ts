import type { Detection, FrameDetections } from '../../../electron/shared/domain/detection';

export interface SceneHistoryOptions {
  /** Frames older than this (relative to the newest one) are dropped. Default 120 s. */
  maxAgeMs?: number;
  /** Most frames kept. Default 3600 (120 s at 30 fps). */
  maxFrames?: number;
  /** Most (estimated) bytes kept. Default 8 MiB. */
  maxBytes?: number;
}

/** Estimated heap cost of one frame and one detection: the cap is about memory, not exact bytes. */
const FRAME_BYTES = 96;
const DETECTION_BYTES = 112;
/** How far back in time a late frame may be and still just be dropped (see `push`). */
const MAX_STRAGGLER_MS = 1000;

function detectionBytes(d: Detection): number {
  return DETECTION_BYTES + 2 * d.label.length;
}

/** The detector's output only: tracking and speed (trackId, speedKmh) are recomputed on replay. */
function rawDetection(d: Detection): Detection {
  return {
    x1: d.x1,
    y1: d.y1,
    x2: d.x2,
    y2: d.y2,
    score: d.score,
    classId: d.classId,
    label: d.label,
  };
}

/**
 * The last minutes of a camera's scene inputs (per-frame detections), bounded in age, frame count
 * and bytes. Detections do not depend on calibration or rules, so running a fresh SceneAnalyzer
 * over these frames with other settings replays exactly what those settings would have done.
 * A fixed-capacity ring: push is O(1) amortised, nothing is copied on eviction.
 */
export class SceneHistory {
  readonly maxAgeMs: number;
  readonly maxFrames: number;
  readonly maxBytes: number;
  private readonly ring: Array<{ frame: FrameDetections; bytes: number } | undefined>;
  /** Index of the oldest frame. */
  private head = 0;
  private count = 0;
  private totalBytes = 0;

  constructor(o: SceneHistoryOptions = {}) {
    this.maxAgeMs = o.maxAgeMs ?? 120_000;
    this.maxFrames = Math.max(1, Math.floor(o.maxFrames ?? 3600));
    this.maxBytes = o.maxBytes ?? 8 * 1024 * 1024;
    this.ring = new Array<{ frame: FrameDetections; bytes: number } | undefined>(this.maxFrames);
  }

  get size(): number {
    return this.count;
  }

  /** Estimated bytes held. */
  get bytes(): number {
    return this.totalBytes;
  }

  get oldestTs(): number | undefined {
    return this.at(0)?.ts;
  }

  get newestTs(): number | undefined {
    return this.count ? this.at(this.count - 1)?.ts : undefined;
  }

  /**
   * Remembers one frame's detections (copied, without track ids or speeds). A frame slightly
   * older than the newest one (a straggler from a stage being replaced) is ignored; one more
   * than a second older means the clock jumped back, and the history starts over.
   */
  push(frame: FrameDetections): void {
    const newest = this.newestTs;
    if (newest !== undefined && frame.ts < newest) {
      if (newest - frame.ts <= MAX_STRAGGLER_MS) return;
      this.clear();
    }
    const copy: FrameDetections = {
      cameraId: frame.cameraId,
      frameId: frame.frameId,
      ts: frame.ts,
      width: frame.width,
      height: frame.height,
      detections: frame.detections.map(rawDetection),
      ...(frame.signals ? { signals: { ...frame.signals } } : {}),
    };
    const bytes =
      FRAME_BYTES +
      copy.detections.reduce((n, d) => n + detectionBytes(d), 0) +
      (frame.signals ? 32 * Object.keys(frame.signals).length : 0);
    if (this.count === this.maxFrames) this.dropOldest();
    this.ring[(this.head + this.count) % this.maxFrames] = { frame: copy, bytes };
    this.count++;
    this.totalBytes += bytes;
    // The newest frame always stays, even if it alone is over the byte cap.
    while (
      this.count > 1 &&
      (this.totalBytes > this.maxBytes || frame.ts - this.at(0)!.ts > this.maxAgeMs)
    )
      this.dropOldest();
  }

  /** Frames, oldest first, with `ts >= sinceMs` (all of them without it). */
  frames(sinceMs = -Infinity): FrameDetections[] {
    const out: FrameDetections[] = [];
    for (let i = 0; i < this.count; i++) {
      const f = this.at(i)!;
      if (f.ts >= sinceMs) out.push(f);
    }
    return out;
  }

  /** The frames of the last `seconds` before the newest frame, oldest first. */
  last(seconds: number): FrameDetections[] {
    const newest = this.newestTs;
    return newest === undefined ? [] : this.frames(newest - seconds * 1000);
  }

  clear(): void {
    this.ring.fill(undefined);
    this.head = 0;
    this.count = 0;
    this.totalBytes = 0;
  }

  private at(i: number): FrameDetections | undefined {
    return i < this.count ? this.ring[(this.head + i) % this.maxFrames]?.frame : undefined;
  }

  private dropOldest(): void {
    const e = this.ring[this.head];
    this.ring[this.head] = undefined;
    this.totalBytes -= e?.bytes ?? 0;
    this.head = (this.head + 1) % this.maxFrames;
    this.count--;
  }
}
