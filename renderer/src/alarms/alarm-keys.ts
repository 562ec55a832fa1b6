import { isTypingTag } from '../app/typing-target';

/** Keyboard map of the alarm panel: the list is worked without the mouse. */
export type AlarmCommand =
  'next' | 'previous' | 'acknowledge' | 'acknowledgeAll' | 'focusCamera' | 'openEvidence';

const KEYS: Record<string, AlarmCommand> = {
  ArrowDown: 'next',
  j: 'next',
  ArrowUp: 'previous',
  k: 'previous',
  a: 'acknowledge',
  Enter: 'focusCamera',
  o: 'openEvidence',
};

/** Elements whose own Enter means something (a button, a link, a wall tile). */
const OWN_ENTER = ['BUTTON', 'A', 'SUMMARY'];

/**
 * The command for a key press, or undefined: while typing in a field, with Ctrl/Meta/Alt held, or
 * Enter on an element that handles Enter itself.
 */
export function alarmCommand(e: {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  targetTag?: string;
  /** The target is contenteditable or otherwise takes text. */
  targetEditable?: boolean;
  /** The target handles Enter itself (e.g. a wall tile that focuses on Enter). */
  targetHandlesEnter?: boolean;
}): AlarmCommand | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  const tag = e.targetTag?.toUpperCase() ?? '';
  if (isTypingTag(tag) || e.targetEditable) return undefined;
  if (e.key === 'Enter' && (OWN_ENTER.includes(tag) || e.targetHandlesEnter)) return undefined;
  if (e.key === 'A' && e.shiftKey) return 'acknowledgeAll';
  if (e.key.length === 1 && e.shiftKey) return undefined;
  return KEYS[e.key];
}
