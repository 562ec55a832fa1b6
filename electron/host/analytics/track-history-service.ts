import type { FinishedTrack } from '../../shared/domain/track-history';
import type { ControlRoomStore } from '../store/store';
import { TrackHistoryRepo } from '../store/track-history';
import { TrackHistoryWriter } from '../store/track-history-writer';

const DAY = 86_400_000;

export interface TrackHistoryPolicy {
  /** Raw track rows are kept this long (default 365 days). */
  rawDays?: number;
  /** Roll-ups (what analytics and baselines read) are kept this long (default 3 years). */
  rollupDays?: number;
}

/**
 * The track history of a host: the repository, the batch writer the workers' finished tracks go
 * through, and its retention (an hourly bounded step).
 */
export class TrackHistoryService {
  readonly repo: TrackHistoryRepo;
  readonly writer: TrackHistoryWriter;
  private timer: NodeJS.Timeout | undefined;
  private readonly policy: Required<TrackHistoryPolicy>;

  constructor(
    private readonly store: ControlRoomStore,
    policy: TrackHistoryPolicy = {},
    private readonly onError?: (e: unknown) => void,
  ) {
    this.policy = { rawDays: 365, rollupDays: 3 * 365, ...policy };
    this.repo = new TrackHistoryRepo(store);
    this.writer = new TrackHistoryWriter(this.repo, { ...(onError ? { onError } : {}) });
  }

  start(retentionEveryMs = 3_600_000): this {
    this.writer.start();
    this.timer ??= setInterval(() => this.prune(), retentionEveryMs);
    this.timer.unref?.();
    return this;
  }

  push(track: FinishedTrack): void {
    this.writer.push(track);
  }

  /** One retention step; returns what it deleted. */
  prune(): { raw: number; rollups: number; more: boolean } {
    try {
      const now = this.store.now();
      return this.repo.prune(now - this.policy.rawDays * DAY, now - this.policy.rollupDays * DAY);
    } catch (e) {
      this.onError?.(e);
      return { raw: 0, rollups: 0, more: false };
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.writer.stop();
  }
}
