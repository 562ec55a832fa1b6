import { isTypingTag } from '../app/typing-target';

/** Keyboard map of the review queue: one key per action so the queue clears without the mouse. */
export type ReviewCommand =
  | 'next'
  | 'previous'
  | 'validate'
  | 'reject'
  | 'editPlate'
  | 'playPause'
  | 'stepForward'
  | 'stepBack'
  | 'slower'
  | 'faster'
  | 'reload';

const KEYS: Record<string, ReviewCommand> = {
  ArrowDown: 'next',
  j: 'next',
  ArrowUp: 'previous',
  k: 'previous',
  v: 'validate',
  r: 'reject',
  e: 'editPlate',
  ' ': 'playPause',
  '.': 'stepForward',
  ',': 'stepBack',
  '[': 'slower',
  ']': 'faster',
  F5: 'reload',
};

/** Shortcut help in display order (key label, command); `space` is translated by the UI. */
export const REVIEW_SHORTCUTS: Array<[string, ReviewCommand]> = [
  ['↓ / J', 'next'],
  ['↑ / K', 'previous'],
  ['V', 'validate'],
  ['R', 'reject'],
  ['E', 'editPlate'],
  ['space', 'playPause'],
  [', / .', 'stepForward'],
  ['[ / ]', 'faster'],
];

/** The command for a key press, or undefined when typing in a field or a modifier is held. */
export function reviewCommand(e: {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  targetTag?: string;
}): ReviewCommand | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  if (isTypingTag(e.targetTag)) return undefined;
  return KEYS[e.key.length === 1 ? e.key.toLowerCase() : e.key];
}

export const PLAYBACK_RATES = [0.25, 0.5, 1, 2, 4];

export function nextRate(rate: number, faster: boolean): number {
  const i = PLAYBACK_RATES.indexOf(rate);
  const at = i < 0 ? 2 : i;
  return PLAYBACK_RATES[Math.max(0, Math.min(PLAYBACK_RATES.length - 1, at + (faster ? 1 : -1)))];
}
