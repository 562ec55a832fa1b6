import path from 'node:path';
import type {
  WireDetection,
  CameraScene as CameraSceneConfig,
  SceneEventMessage,
} from '../../common/worker-protocol';
import { SceneAnalyzer } from '../../common/scene/scene-analyzer';
import { EvidenceWriter } from '../evidence/evidence-writer';
import { ringBufferDir } from '../camera/ring-buffer';
import { plateReaderForInfractions } from './plate-reading';
import type { CountryCode } from '../../common/plates/formats';

interface Preview {
  frameId: number;
  width: number;
  height: number;
  jpeg: Uint8Array;
}

export interface CameraSceneOptions {
  cameraId: string;
  scene: CameraSceneConfig | undefined;
  plateCountry?: CountryCode;
  dataDir: string;
  ffmpegPath: string;
  onEvent(event: SceneEventMessage): void;
  log(level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
}

/** Previews kept to find the picture an infraction fired on (preview and detections share frameId). */
const KEEP_PREVIEWS = 40;

/**
 * The per-camera stage after detection inside the worker: tracking (always, so the wall shows
 * track ids), speed and rules when the camera has a calibration / rule set, and evidence for
 * every infraction, cut from the camera's ring buffer and sealed into its hash chain.
 */
export class CameraSceneStage {
  private readonly analyzer: SceneAnalyzer;
  private readonly writer: EvidenceWriter;
  private readonly previews: Preview[] = [];

  constructor(private readonly o: CameraSceneOptions) {
    this.analyzer = new SceneAnalyzer({
      cameraId: o.cameraId,
      calibration: o.scene?.calibration,
      rules: o.scene?.rules,
      // Frames carry epoch-ms timestamps already, so occurredAt needs no offset.
      timeOriginMs: 0,
    });
    for (const problem of this.analyzer.problems ?? [])
      o.log('warn', 'scene configuration problem', { cameraId: o.cameraId, problem });
    this.writer = new EvidenceWriter({
      root: path.join(o.dataDir, 'evidence'),
      cameraId: o.cameraId,
      ffmpegPath: o.ffmpegPath,
      // The plate is read on the vehicle crop of each infraction, never on every frame.
      readPlate: plateReaderForInfractions(o.log, o.plateCountry),
    });
  }

  rememberPreview(p: Preview): void {
    this.previews.push(p);
    if (this.previews.length > KEEP_PREVIEWS) this.previews.shift();
  }

  /** Tracks the frame's detections and starts evidence for any infraction; returns tracked boxes. */
  process(frame: {
    frameId: number;
    ts: number;
    width: number;
    height: number;
    detections: WireDetection[];
  }): WireDetection[] {
    const out = this.analyzer.update({
      frameId: frame.frameId,
      tsMs: frame.ts,
      width: frame.width,
      height: frame.height,
      detections: frame.detections,
    });
    for (const e of out.events) {
      if (e.kind === 'count') {
        this.o.onEvent({
          kind: 'count',
          lineId: e.lineId,
          ruleId: e.ruleId,
          trackId: e.trackId,
          classLabel: e.classLabel,
          direction: e.direction,
          ts: e.tsMs,
        });
        continue;
      }
      const inf = e.infraction;
      const preview = [...this.previews].reverse().find((p) => p.frameId <= inf.frameId);
      this.writer
        .write(inf, {
          ringBufferDir: ringBufferDir(this.o.dataDir, this.o.cameraId),
          ...(preview
            ? { frameJpeg: preview.jpeg, boxSpace: { width: frame.width, height: frame.height } }
            : {}),
        })
        .then((sealed) => this.o.onEvent({ kind: 'infraction', infraction: sealed }))
        .catch((err: unknown) => {
          const reason = err instanceof Error ? err.message : String(err);
          this.o.log('error', 'evidence could not be written', {
            cameraId: this.o.cameraId,
            ruleId: inf.ruleId,
            reason,
          });
          this.o.onEvent({
            kind: 'evidence-failed',
            ruleId: inf.ruleId,
            trackId: inf.trackId,
            reason,
          });
        });
    }
    return out.detections;
  }
}
