import type { SignalState } from '../../../electron/shared/domain/detection';

/**
 * The phase of one `external` signal as a traffic-light controller reports it, on the frames'
 * clock (epoch ms). Pure: the worker keeps one book per camera and asks it, for each frame, what
 * the light showed at that frame's time.
 *
 * - A state applies from its own time `atMs`, not from when it arrived: frames are judged by their
 *   timestamp, so a state that arrives a moment late (network, controller queue) still governs
 *   every frame from `atMs` on that has not been judged yet, and its red time counts from `atMs`.
 * - Messages may arrive out of order: each is placed on the timeline by `atMs`; an older one never
 *   overrides a newer one for the frames after the newer one's time.
 * - A repeated state (a controller's heartbeat) continues the phase: red since 10:00:00 heard
 *   again at 10:00:05 is still red since 10:00:00.
 * - The controller going silent: `ttlMs` after the last message was heard the state is `unknown`,
 *   and an unknown state never makes a red-light infraction.
 */
export interface ExternalSignalUpdate {
  state: SignalState;
  /** When the controller switched to this state (epoch ms). */
  atMs: number;
  /** When the message was received (epoch ms, same clock as the frames). */
  heardAtMs: number;
  /** Silence longer than this turns the state `unknown`. */
  ttlMs: number;
}

export interface SignalPhase {
  state: SignalState;
  /** Since when the signal shows `state` (for `unknown`: since the feed was lost, or -Infinity). */
  sinceMs: number;
}

/** Entries kept per signal: enough for late and out-of-order messages, bounded. */
const MAX_ENTRIES = 32;

interface Entry {
  state: SignalState;
  atMs: number;
}

/** One signal's timeline of reported phases. */
export class ExternalSignalTimeline {
  private entries: Entry[] = [];
  private lastHeardMs = -Infinity;
  private ttlMs = 0;

  /** Places a reported state on the timeline. */
  apply(u: ExternalSignalUpdate): void {
    if (!Number.isFinite(u.atMs) || !Number.isFinite(u.heardAtMs) || !(u.ttlMs > 0)) return;
    if (u.heardAtMs >= this.lastHeardMs) {
      this.lastHeardMs = u.heardAtMs;
      this.ttlMs = u.ttlMs;
    }
    const e = this.entries;
    // Index of the first entry after atMs.
    let i = e.findIndex((x) => x.atMs > u.atMs);
    if (i < 0) i = e.length;
    const before = e[i - 1];
    if (before && before.state === u.state) {
      // The same phase again (heartbeat), or a late copy: the phase goes on from its start.
    } else if (before && before.atMs === u.atMs) {
      before.state = u.state;
    } else {
      e.splice(i, 0, { state: u.state, atMs: u.atMs });
    }
    // A later entry of the same state as its predecessor adds nothing: merge it.
    this.entries = e.filter((x, k) => k === 0 || e[k - 1].state !== x.state);
    if (this.entries.length > MAX_ENTRIES)
      this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  /** What the signal showed at `tsMs` (a frame's timestamp). */
  phaseAt(tsMs: number): SignalPhase {
    const expiresAt = this.lastHeardMs + this.ttlMs;
    if (tsMs > expiresAt) return { state: 'unknown', sinceMs: expiresAt };
    let found: Entry | undefined;
    for (const x of this.entries) {
      if (x.atMs > tsMs) break;
      found = x;
    }
    return found
      ? { state: found.state, sinceMs: found.atMs }
      : { state: 'unknown', sinceMs: -Infinity };
  }

  /** The feed is silent past its TTL at `nowMs` (nothing left to apply). */
  expired(nowMs: number): boolean {
    return nowMs > this.lastHeardMs + this.ttlMs;
  }
}

/** The external signals of one camera, by signal id. */
export class ExternalSignalBook {
  private readonly signals = new Map<string, ExternalSignalTimeline>();

  apply(signalId: string, u: ExternalSignalUpdate): void {
    let t = this.signals.get(signalId);
    if (!t) this.signals.set(signalId, (t = new ExternalSignalTimeline()));
    t.apply(u);
  }

  /** Every known signal's phase at `tsMs`. */
  phasesAt(tsMs: number): Array<[string, SignalPhase]> {
    return [...this.signals].map(([id, t]) => [id, t.phaseAt(tsMs)]);
  }

  get size(): number {
    return this.signals.size;
  }
}
