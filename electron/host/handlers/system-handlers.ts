import type { EvidenceUsage, WorkerStateInfo } from '../../shared/api/methods/system';
import { WATCHER_VERSION } from '../../shared/version';
import type { DomainHandlers } from '../api-types';

/** What `system.*` needs: when the host started, how it runs, ffmpeg and the workers. */
export interface SystemContext {
  startedAt: number;
  runtime: 'electron' | 'node';
  ffmpeg: { path: string; source: 'env' | 'bundled' | 'path'; version: string };
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
      ffmpeg: { path: c.ffmpeg.path, source: c.ffmpeg.source, version: c.ffmpeg.version },
      workers: c.workerStates(),
      evidence: c.evidenceUsage?.() ?? [],
    }),
  };
}
