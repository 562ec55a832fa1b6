import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type {
  EvidenceFile,
  InfractionEvent,
  PlateRead,
  PlateState,
} from '../../../electron/shared/domain/infraction';
import type { SceneInfraction } from '../../vision/rules/rule-engine';
import { trackPlateOutcome } from '../../vision/plates/plate-state';
import {
  settleTrackReads,
  thoroughReadTarget,
  type FrameRead,
} from '../../vision/plates/deferred-read';
import type { VehiclePlateRead, VehiclePlateReader } from '../scene/plate-reading';
import { commitTempFile, tempPathFor, writeFileAtomic } from './atomic';
import { GENESIS_HASH, sealEvent, sha256Hex } from './chain';
import { runFfmpeg } from '../ffmpeg/ffmpeg-run';
import { storeSegmentClip } from './clip-store';

export interface EvidenceWriterOptions {
  /** Evidence store root; each camera gets `<root>/<cameraId>/`. */
  root: string;
  cameraId: string;
  ffmpegPath: string;
  clipBeforeSec?: number;
  clipAfterSec?: number;
  /** How long to wait for the ring buffer to hold `t + after` before cutting with what is there. */
  ringWaitTimeoutMs?: number;
  /**
   * Reads the plate on the vehicle crop before the event is sealed, so the plate text is covered
   * by the hash chain. Undefined (no plate reader) or a miss leaves the infraction without one.
   * Its `thorough` read, when it has one, is given once to the best crop of a track whose reads
   * all stayed doubtful (see `thoroughReadTarget`).
   */
  readPlate?: VehiclePlateReader;
  /**
   * False while the camera's evidence budget is full of protected evidence (pending, validated,
   * locked): the infraction is still sealed with its stills, without a clip. Default: always true.
   */
  clipsEnabled?: () => boolean;
}

/** Pictures of one frame, known by its frameId: the still of the frame a rule fired on. */
export interface ExactFramePictures {
  frameId: number;
  jpeg: Uint8Array;
  /** Other frames of the same track for the plate vote (see `EvidenceSource.trackFrames`). */
  trackFrames?: EvidenceSource['trackFrames'];
}

/** Why an event has no snapshot and crop (an i18n key, recorded in the event). */
export const SNAPSHOT_STILL_MISSING = 'evidence.snapshot.stillMissing';

/** Where the pictures and the clip come from. */
export interface EvidenceSource {
  /**
   * The still of the very frame the rule fired on (`frameId` of the infraction), from a camera
   * run that keeps its stills by frameId; ask for it when the rule fires, it may come a moment
   * later. Snapshot and crop are cut from it and the event records its `snapshotFrameId`. When it
   * resolves to nothing (or to another frame) the event has no snapshot or crop and says so in
   * `snapshotMissing`: a picture of another frame would put the box beside the vehicle.
   */
  exactFrame?: Promise<ExactFramePictures | undefined>;
  /** The frame the rule fired on, as JPEG (the worker has it); otherwise it is extracted. */
  frameJpeg?: Uint8Array;
  /** A recorded video and the event's position in it (seconds from its start). */
  sourceFile?: string;
  tsSec?: number;
  /** The live ring buffer: MPEG-TS segments `seg-<unixSeconds>.ts`; the event time is `occurredAt`. */
  ringBufferDir?: string;
  /**
   * Size of the frame the infraction's box and zone are in (source pixels). When the picture has
   * another size (a preview JPEG, a scaled recording), drawings and the crop are scaled to it.
   */
  boxSpace?: { width: number; height: number };
  /**
   * Other frames of the same track (same `boxSpace`), for best-of-N plate reading: each is read
   * and the reads vote per character. The caller picks them (the largest views of the vehicle).
   */
  trackFrames?: Array<{
    jpeg: Uint8Array;
    box: { x1: number; y1: number; x2: number; y2: number };
  }>;
}

export interface ClipInfo {
  /** Clip start in source time (file seconds, or epoch seconds for the ring buffer). */
  startSec: number;
  /** Requested end in the same time base. */
  endSec: number;
}

/** Name of a camera's event log inside its folder: one sealed InfractionEvent per line. */
export const EVENTS_FILE = 'events.jsonl';

/**
 * Writes an infraction's evidence (clip, annotated snapshot, vehicle crop), each file atomically
 * with its SHA-256 recorded in the event, then seals the event into the camera's hash chain and
 * appends it to `<root>/<cameraId>/events.jsonl`. Writes for one camera are serialised so the
 * chain order is the order of `write` calls.
 */
export class EvidenceWriter {
  private readonly o: Required<EvidenceWriterOptions>;
  private queue: Promise<unknown> = Promise.resolve();
  private prevHash: string | null = null;
  private logNeedsNewline = false;
  /** Clip bounds of the last event written, for callers that show or check them. */
  lastClip: ClipInfo | null = null;
  private readonly readsPlates: boolean;

  constructor(opts: EvidenceWriterOptions) {
    this.readsPlates = !!opts.readPlate;
    if (!/^[A-Za-z0-9_-]+$/.test(opts.cameraId))
      throw new Error(`invalid camera id for an evidence folder: ${opts.cameraId}`);
    this.o = {
      clipBeforeSec: 10,
      clipAfterSec: 5,
      ringWaitTimeoutMs: 30_000,
      readPlate: async () => undefined,
      clipsEnabled: () => true,
      ...opts,
    };
  }

  get cameraDir(): string {
    return path.join(this.o.root, this.o.cameraId);
  }

  write(infraction: SceneInfraction, source: EvidenceSource): Promise<InfractionEvent> {
    const run = this.queue.then(() => this.writeNow(infraction, source));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private sourceEnded = false;

  /**
   * The camera is stopping: no more ring-buffer segments will come, so writes in progress cut
   * their clip from what is there instead of waiting for the rest. Resolves once every write
   * given so far has been sealed (or has failed).
   */
  finish(): Promise<void> {
    this.sourceEnded = true;
    return this.idle();
  }

  /** Resolves once every write given so far has been sealed (or has failed). */
  idle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  private async writeNow(inf: SceneInfraction, src: EvidenceSource): Promise<InfractionEvent> {
    if (inf.cameraId !== this.o.cameraId)
      throw new Error(
        `infraction of camera ${inf.cameraId} given to the writer of ${this.o.cameraId}`,
      );
    const id = randomUUID();
    const day = new Date(inf.occurredAt).toISOString().slice(0, 10);
    const relDir = `${this.o.cameraId}/${day}/${id}`;
    const dir = path.join(this.o.root, relDir);
    await mkdir(dir, { recursive: true });
    const evidence: EvidenceFile[] = [];
    let plate: PlateRead | undefined;
    // Without a reader nothing is known about the plate: the event says nothing of its state.
    let plateState: PlateState | undefined;

    if (this.o.clipsEnabled()) {
      if (src.ringBufferDir) {
        // Live: the clip is a manifest over shared, content-addressed segments.
        const cut = await this.segmentClip(inf, src.ringBufferDir, `${relDir}/clip.json`);
        if (cut) {
          this.lastClip = cut.clip;
          evidence.push(...cut.files);
        }
      } else {
        const clipRel = `${relDir}/clip.mp4`;
        const clip = await this.cutClip(inf, src, path.join(this.o.root, clipRel));
        if (clip) {
          this.lastClip = clip;
          evidence.push(await describe(this.o.root, clipRel, 'clip', 'video/mp4'));
        }
      }
    }

    let frame: Buffer | null;
    let trackFrames = src.trackFrames;
    let snapshotFrameId: number | undefined;
    let snapshotMissing: string | undefined;
    if (src.exactFrame) {
      const exact = await src.exactFrame.catch(() => undefined);
      if (exact && exact.frameId === inf.frameId) {
        frame = Buffer.from(exact.jpeg);
        snapshotFrameId = exact.frameId;
        trackFrames = exact.trackFrames ?? trackFrames;
      } else {
        frame = null;
        snapshotMissing = SNAPSHOT_STILL_MISSING;
      }
    } else {
      frame = src.frameJpeg ? Buffer.from(src.frameJpeg) : await this.extractFrame(inf, src);
    }
    if (frame) {
      const snapRel = `${relDir}/snapshot.jpg`;
      await writeFileAtomic(
        path.join(this.o.root, snapRel),
        await annotate(frame, inf, src.boxSpace),
      );
      evidence.push(await describe(this.o.root, snapRel, 'snapshot', 'image/jpeg'));
      const crop = await cropBox(frame, inf.box, src.boxSpace);
      if (crop) {
        const cropRel = `${relDir}/crop.jpg`;
        await writeFileAtomic(path.join(this.o.root, cropRel), crop);
        evidence.push(await describe(this.o.root, cropRel, 'crop', 'image/jpeg'));
        const read = await this.readPlateOfTrack(crop, trackFrames, src.boxSpace);
        if (this.readsPlates) plateState = read.state;
        if (read.state !== 'none') {
          plate = read.plate;
          if (read.plateCropJpeg) {
            // An unreadable plate's picture is evidence too: it shows a plate was there.
            const plateRel = `${relDir}/${read.state === 'read' ? 'plate' : 'plate-unreadable'}.jpg`;
            await writeFileAtomic(
              path.join(this.o.root, plateRel),
              Buffer.from(read.plateCropJpeg),
            );
            evidence.push(await describe(this.o.root, plateRel, 'plate-crop', 'image/jpeg'));
          }
        }
      }
    }

    const { tsMs: _t, annotation: _a, ...fields } = inf;
    const prev = await this.lastHash();
    const event = sealEvent(
      {
        ...fields,
        id,
        evidence,
        ...(plate ? { plate } : {}),
        ...(plateState ? { plateState } : {}),
        ...(snapshotFrameId !== undefined && evidence.some((e) => e.kind === 'snapshot')
          ? { snapshotFrameId }
          : {}),
        ...(snapshotMissing ? { snapshotMissing } : {}),
      },
      prev,
    );
    const lead = this.logNeedsNewline ? '\n' : '';
    await appendFile(path.join(this.cameraDir, EVENTS_FILE), `${lead}${JSON.stringify(event)}\n`);
    this.logNeedsNewline = false;
    this.prevHash = event.hash;
    return event;
  }

  /**
   * Reads the plate on the infraction's crop and, when the source gives them, on other frames of
   * the same track; several reads vote (best-of-N), so one blurred frame does not decide the text.
   */
  private async readPlateOfTrack(
    crop: Buffer,
    trackFrames: EvidenceSource['trackFrames'],
    boxSpace: EvidenceSource['boxSpace'],
  ): Promise<
    | { state: 'read'; plate: PlateRead; plateCropJpeg?: Uint8Array }
    | { state: 'unreadable'; plate?: undefined; plateCropJpeg?: Uint8Array }
    | { state: 'none' }
  > {
    const crops: Buffer[] = [crop];
    for (const f of trackFrames ?? []) {
      const c = await cropBox(Buffer.from(f.jpeg), f.box, boxSpace).catch(() => null);
      if (c) crops.push(c);
    }
    const frames: FrameRead<Uint8Array | undefined>[] = [];
    for (const c of crops)
      frames.push(asFrameRead(await this.o.readPlate(c).catch(() => undefined)));
    // Each frame had the fast read; a track whose reads all stayed doubtful gets one thorough read
    // of its best crop here, before sealing: off the frame budget, once per infraction.
    const target = this.o.readPlate.thorough ? thoroughReadTarget(frames) : undefined;
    const thorough =
      target === undefined
        ? undefined
        : {
            index: target,
            read: asFrameRead(
              await this.o.readPlate.thorough!(crops[target]).catch(() => undefined),
              true,
            ),
          };
    const { reads, unreadable } = settleTrackReads(frames, thorough);
    const outcome = trackPlateOutcome(reads, unreadable);
    if (outcome.state === 'none') return outcome;
    if (outcome.state === 'unreadable')
      return {
        state: 'unreadable',
        ...(outcome.best.extra ? { plateCropJpeg: outcome.best.extra } : {}),
      };
    const { combined } = outcome;
    return {
      state: 'read',
      plate: combined.plate,
      ...(combined.extra ? { plateCropJpeg: combined.extra } : {}),
    };
  }

  /**
   * The last event's hash in this camera's log (read once, then tracked). A torn last line (a
   * crash mid-append) is skipped, and the next append starts on a fresh line; verify-evidence
   * still reports the torn line.
   */
  private async lastHash(): Promise<string> {
    if (this.prevHash !== null) return this.prevHash;
    let text = '';
    try {
      text = await readFile(path.join(this.cameraDir, EVENTS_FILE), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    this.logNeedsNewline = text.length > 0 && !text.endsWith('\n');
    this.prevHash = GENESIS_HASH;
    const lines = text.split('\n');
    for (let i = lines.length - 1; i >= 0; i--) {
      try {
        const hash = (JSON.parse(lines[i]) as { hash?: unknown }).hash;
        if (typeof hash === 'string') {
          this.prevHash = hash;
          break;
        }
      } catch {
        // torn or foreign line: look further up
      }
    }
    return this.prevHash;
  }

  /** The ring-buffer segments covering [t - before, t + after], stored once per camera. */
  private async segmentClip(
    inf: SceneInfraction,
    dir: string,
    manifestRel: string,
  ): Promise<{ clip: ClipInfo; files: EvidenceFile[] } | null> {
    const { clipBeforeSec: before, clipAfterSec: after } = this.o;
    const t = inf.occurredAt / 1000;
    const segs = await this.waitForSegments(dir, t + after);
    const chosen = segs.filter(
      (s, i) => s.start < t + after && (segs[i + 1]?.start ?? Infinity) > t - before,
    );
    if (chosen.length === 0) return null;
    const files = await storeSegmentClip(
      this.o.root,
      this.o.cameraId,
      manifestRel,
      chosen,
      t + after,
    );
    return { clip: { startSec: chosen[0].start, endSec: t + after }, files };
  }

  private async cutClip(
    inf: SceneInfraction,
    src: EvidenceSource,
    target: string,
  ): Promise<ClipInfo | null> {
    const { clipBeforeSec: before, clipAfterSec: after, ffmpegPath } = this.o;
    const tmp = tempPathFor(target);
    try {
      if (src.sourceFile && src.tsSec !== undefined) {
        const start = Math.max(0, src.tsSec - before);
        // Stream copy from the keyframe at or before `start`: the clip is the camera's own bits,
        // never re-encoded, and starts no later than asked.
        await runFfmpeg(ffmpegPath, [
          '-ss',
          start.toFixed(3),
          '-i',
          src.sourceFile,
          '-t',
          (src.tsSec + after - start).toFixed(3),
          '-map',
          '0:v',
          '-c',
          'copy',
          '-avoid_negative_ts',
          'make_zero',
          '-movflags',
          '+faststart',
          '-f',
          'mp4',
          tmp,
        ]);
        await commitTempFile(tmp, target);
        return { startSec: start, endSec: src.tsSec + after };
      }
      return null;
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  private async waitForSegments(
    dir: string,
    untilSec: number,
  ): Promise<Array<{ file: string; start: number }>> {
    const deadline = Date.now() + this.o.ringWaitTimeoutMs;
    for (;;) {
      const segs = await listSegments(dir);
      // The segment holding `untilSec` is complete once a later one has started.
      if (segs.some((s) => s.start > untilSec) || this.sourceEnded || Date.now() >= deadline) {
        // The newest segment may still be written to; leave it out when it is not needed.
        return segs.some((s) => s.start > untilSec)
          ? segs.filter((s, i) => i === 0 || segs[i - 1].start <= untilSec)
          : segs;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  private async extractFrame(inf: SceneInfraction, src: EvidenceSource): Promise<Buffer | null> {
    let file: string | undefined;
    let at = 0;
    if (src.sourceFile && src.tsSec !== undefined) {
      file = src.sourceFile;
      at = src.tsSec;
    } else if (src.ringBufferDir) {
      const t = inf.occurredAt / 1000;
      const segs = await listSegments(src.ringBufferDir);
      const seg = [...segs].reverse().find((s) => s.start <= t);
      if (!seg) return null;
      file = seg.file;
      at = t - seg.start;
    }
    if (!file) return null;
    // Input seeking in a recording; output seeking (decode and drop) in a short TS segment, whose
    // timestamps do not start at zero.
    const seek = ['-ss', at.toFixed(3)];
    const args =
      src.ringBufferDir && !src.sourceFile ? ['-i', file, ...seek] : [...seek, '-i', file];
    const jpeg = await runFfmpeg(this.o.ffmpegPath, [
      ...args,
      '-frames:v',
      '1',
      '-f',
      'image2pipe',
      '-c:v',
      'mjpeg',
      '-q:v',
      '2',
      'pipe:1',
    ]);
    return jpeg.length ? jpeg : null;
  }
}

export async function listSegments(dir: string): Promise<Array<{ file: string; start: number }>> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .map((n) => /^seg-(\d+)\.ts$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ file: path.resolve(dir, m[0]), start: Number(m[1]) }))
    .sort((a, b) => a.start - b.start);
}

async function describe(
  root: string,
  rel: string,
  kind: EvidenceFile['kind'],
  mime: string,
): Promise<EvidenceFile> {
  const full = path.join(root, rel);
  const data = await readFile(full);
  return { kind, path: rel, sha256: sha256Hex(data), bytes: (await stat(full)).size, mime };
}

function esc(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The frame with the zone or line, the box and its label drawn on it. */
export async function annotate(
  jpeg: Buffer,
  inf: SceneInfraction,
  space?: { width: number; height: number },
): Promise<Buffer> {
  const meta = await sharp(jpeg).metadata();
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  const stroke = Math.max(2, Math.round(w / 320));
  const font = Math.max(12, Math.round(w / 45));
  const sx = space ? w / space.width : 1;
  const sy = space ? h / space.height : 1;
  const pt = (p: readonly [number, number]): [number, number] => [p[0] * sx, p[1] * sy];
  const a = {
    ...inf.annotation,
    zone: inf.annotation.zone?.map(pt),
    line: inf.annotation.line
      ? ([pt(inf.annotation.line[0]), pt(inf.annotation.line[1])] as const)
      : undefined,
  };
  const b = scaleBox(inf.box, sx, sy);
  const parts: string[] = [];
  if (a.zone?.length) {
    parts.push(
      `<polygon points="${a.zone.map((p) => `${p[0]},${p[1]}`).join(' ')}" fill="rgba(255,200,0,0.18)" stroke="#ffc800" stroke-width="${stroke}"/>`,
    );
  }
  if (a.line) {
    parts.push(
      `<line x1="${a.line[0][0]}" y1="${a.line[0][1]}" x2="${a.line[1][0]}" y2="${a.line[1][1]}" stroke="#ff00ff" stroke-width="${stroke * 1.5}"/>`,
    );
  }
  parts.push(
    `<rect x="${b.x1}" y="${b.y1}" width="${Math.max(1, b.x2 - b.x1)}" height="${Math.max(1, b.y2 - b.y1)}" fill="none" stroke="#ff2020" stroke-width="${stroke}"/>`,
  );
  const ty = b.y1 - font * 1.4 >= 0 ? b.y1 - font * 1.4 : b.y2 + 2;
  const tw = font * 0.62 * a.label.length + 8;
  parts.push(
    `<rect x="${b.x1}" y="${ty}" width="${tw}" height="${font * 1.35}" fill="rgba(0,0,0,0.7)"/>`,
  );
  parts.push(
    `<text x="${b.x1 + 4}" y="${ty + font * 1.05}" font-family="sans-serif" font-size="${font}" fill="#ffffff">${esc(a.label)}</text>`,
  );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${parts.join('')}</svg>`;
  return sharp(jpeg)
    .composite([{ input: Buffer.from(svg), top: 0, left: 0 }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** The object's box with a 15 % margin, clamped to the frame; null when nothing is left. */
export async function cropBox(
  jpeg: Buffer,
  boxInSpace: { x1: number; y1: number; x2: number; y2: number },
  space?: { width: number; height: number },
): Promise<Buffer | null> {
  const meta = await sharp(jpeg).metadata();
  const W = meta.width ?? 0;
  const H = meta.height ?? 0;
  const box = scaleBox(boxInSpace, space ? W / space.width : 1, space ? H / space.height : 1);
  const mx = (box.x2 - box.x1) * 0.15;
  const my = (box.y2 - box.y1) * 0.15;
  const left = Math.max(0, Math.floor(box.x1 - mx));
  const top = Math.max(0, Math.floor(box.y1 - my));
  const right = Math.min(W, Math.ceil(box.x2 + mx));
  const bottom = Math.min(H, Math.ceil(box.y2 + my));
  if (right - left < 2 || bottom - top < 2) return null;
  return sharp(jpeg)
    .extract({ left, top, width: right - left, height: bottom - top })
    .jpeg({ quality: 92 })
    .toBuffer();
}

function scaleBox(b: { x1: number; y1: number; x2: number; y2: number }, sx: number, sy: number) {
  return { x1: b.x1 * sx, y1: b.y1 * sy, x2: b.x2 * sx, y2: b.y2 * sy };
}

/** A crop's read as the track vote sees it; a thorough read is the reader's last word (sure). */
function asFrameRead(
  r: VehiclePlateRead | undefined,
  thorough = false,
): FrameRead<Uint8Array | undefined> {
  if (!r) return { kind: 'none' };
  if ('plate' in r)
    return {
      kind: 'read',
      plate: r.plate,
      doubtful: !thorough && !!r.doubtful,
      score: r.score ?? r.plate.confidence,
      extra: r.plateCropJpeg,
    };
  return { kind: 'unreadable', score: r.unreadable.score, extra: r.plateCropJpeg };
}
