import type { EvidenceUsage, FfmpegInfo, WorkerStateInfo } from '../../shared/api/methods/system';
import { WATCHER_VERSION } from '../../shared/version';
import type { DomainHandlers } from '../api-types';

/** What `system.*` needs: when the host started, how it runs, ffmpeg and the workers. */
export interface SystemContext {
  startedAt: number;
  runtime: 'electron' | 'node';
  ffmpeg: FfmpegInfo;
  workerStates(): WorkerStateInfo[];
  /** Per-camera evidence usage from the last budget check (none without a store). */
  evidenceUsage?(): EvidenceUsage[];
}

export function createSystemHandlers(c: SystemContext): DomainHandlers<'system'> {
  return {
    'system.info': () => ({
      version: WATCHER_VERSION,
      uptimeSec: (Date.now() - c.startedAt) / 1000,
      runtime: c.runtime,
      ffmpeg: ffmpegInfo(c.ffmpeg),
      workers: c.workerStates(),
      evidence: c.evidenceUsage?.() ?? [],
    }),
  };
}

/** Only the fields the contract names (the resolved binary may carry more). */
export function ffmpegInfo(f: FfmpegInfo): FfmpegInfo {
  return {
    path: f.path,
    source: f.source,
    version: f.version,
    ...(f.release ? { release: f.release } : {}),
    ...(f.year ? { year: f.year } : {}),
    outdated: f.outdated,
  };
}
