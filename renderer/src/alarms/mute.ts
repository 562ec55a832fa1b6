/** Muting the alarm sound for a while; the clock is passed in so the logic is testable. */

export const MUTE_MINUTES = [5, 15, 60] as const;
export type MuteMinutes = (typeof MUTE_MINUTES)[number];

/** Epoch ms until which sound is muted. */
export function muteUntil(now: number, minutes: MuteMinutes): number {
  return now + minutes * 60_000;
}

export function isMuted(until: number | undefined, now: number): boolean {
  return until !== undefined && now < until;
}

/** Milliseconds of mute left (0 when not muted). */
export function muteRemainingMs(until: number | undefined, now: number): number {
  return until === undefined ? 0 : Math.max(0, until - now);
}

/** "m:ss" (or "h:mm:ss"), rounded up so the display reaches 0:00 only when the mute ends. */
export function formatRemaining(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Priority 1 repeats until acknowledged: every this many ms. */
export const REPEAT_MS = 4000;

/**
 * Whether the repeating priority-1 tone is due now: an unread P1 exists, sound is not muted and
 * the last repeat was at least REPEAT_MS ago.
 */
export function repeatDue(
  now: number,
  o: {
    topUnread: number | undefined;
    muteUntil: number | undefined;
    lastToneAt: number | undefined;
  },
): boolean {
  if (o.topUnread !== 1 || isMuted(o.muteUntil, now)) return false;
  return o.lastToneAt === undefined || now - o.lastToneAt >= REPEAT_MS;
}
