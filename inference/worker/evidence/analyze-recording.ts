import type { InfractionEvent } from '../../../electron/shared/domain/infraction';
import type { Detection, FrameDetections } from '../../../electron/shared/domain/detection';
import type { SceneAnalyzer } from '../../vision/scene/scene-analyzer';
import type { EvidenceWriter } from './evidence-writer';

/** One JSON line of `watcher analyze` output. */
export type AnalyzeLine =
  | { type: 'frame'; frameId: number; tsMs: number; detections: Detection[] }
  | { type: 'infraction'; event: InfractionEvent }
  | {
      type: 'count';
      lineId: string;
      ruleId: string;
      trackId: number;
      classLabel: string;
      direction: string;
      tsMs: number;
    };

export interface AnalyzeRecordingOptions {
  analyzer: SceneAnalyzer;
  writer: EvidenceWriter;
  /** The recorded video the frames come from (frame `ts` = media time in ms). */
  sourceFile: string;
  /** Receives every output line (tracks with speeds per frame, infractions, counts). */
  emit?: (line: AnalyzeLine) => void;
}

/**
 * Runs the scene analyzer over a recording's per-frame detections and writes evidence for each
 * infraction, cut from the recording itself. This is the core of
 * `watcher analyze --calibration … --rules …`; it returns the sealed events in order.
 */
export async function analyzeRecording(
  frames: AsyncIterable<FrameDetections> | Iterable<FrameDetections>,
  o: AnalyzeRecordingOptions,
): Promise<InfractionEvent[]> {
  const events: InfractionEvent[] = [];
  for await (const frame of frames) {
    const out = o.analyzer.update(frame);
    o.emit?.({
      type: 'frame',
      frameId: frame.frameId,
      tsMs: frame.ts,
      detections: out.detections,
    });
    for (const ev of out.events) {
      if (ev.kind === 'count') {
        const { kind: _k, ...c } = ev;
        o.emit?.({ type: 'count', ...c });
        continue;
      }
      const sealed = await o.writer.write(ev.infraction, {
        sourceFile: o.sourceFile,
        tsSec: frame.ts / 1000,
      });
      events.push(sealed);
      o.emit?.({ type: 'infraction', event: sealed });
    }
  }
  return events;
}
