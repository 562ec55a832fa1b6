import { describe, expect, it } from 'vitest';
import {
  formatRemaining,
  isMuted,
  muteRemainingMs,
  muteUntil,
  repeatDue,
  REPEAT_MS,
} from '../../../../renderer/src/alarms/mute';

describe('alarm sound mute and repeat', () => {
  it('mutes for 5 / 15 / 60 minutes on the injected clock and counts down', () => {
    let now = 1_000_000;
    const clock = () => now;
    const until = muteUntil(clock(), 15);
    expect(until - now).toBe(15 * 60_000);
    expect(isMuted(until, clock())).toBe(true);
    expect(formatRemaining(muteRemainingMs(until, clock()))).toBe('15:00');
    now += 61_500;
    expect(formatRemaining(muteRemainingMs(until, clock()))).toBe('13:59');
    now = until - 1;
    expect(isMuted(until, clock())).toBe(true);
    expect(formatRemaining(muteRemainingMs(until, clock()))).toBe('0:01');
    now = until;
    expect(isMuted(until, clock())).toBe(false);
    expect(muteRemainingMs(until, clock())).toBe(0);
    expect(isMuted(undefined, clock())).toBe(false);
    expect(formatRemaining(muteRemainingMs(muteUntil(0, 60), 0))).toBe('1:00:00');
    expect(muteUntil(0, 5)).toBe(300_000);
  });

  it('repeats priority 1 until acknowledged, not while muted, and never lower priorities', () => {
    const now = 50_000;
    expect(repeatDue(now, { topUnread: 1, muteUntil: undefined, lastToneAt: undefined })).toBe(
      true,
    );
    expect(repeatDue(now, { topUnread: 1, muteUntil: undefined, lastToneAt: now - 100 })).toBe(
      false,
    );
    expect(
      repeatDue(now, { topUnread: 1, muteUntil: undefined, lastToneAt: now - REPEAT_MS }),
    ).toBe(true);
    expect(repeatDue(now, { topUnread: 1, muteUntil: now + 1, lastToneAt: undefined })).toBe(false);
    expect(repeatDue(now, { topUnread: 2, muteUntil: undefined, lastToneAt: undefined })).toBe(
      false,
    );
    // Acknowledged: no unread alarm left, so the repeat stops.
    expect(
      repeatDue(now, { topUnread: undefined, muteUntil: undefined, lastToneAt: undefined }),
    ).toBe(false);
  });
});
