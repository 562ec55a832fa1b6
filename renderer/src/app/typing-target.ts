/** Elements whose keystrokes are typing: view shortcuts (review, alarms, wall, calibration) leave them alone. */
const TYPING_TAGS = ['INPUT', 'TEXTAREA', 'SELECT'];

/** Whether a key event's target tag (any case) is a field the user types in. */
export function isTypingTag(tag: string | undefined): boolean {
  return !!tag && TYPING_TAGS.includes(tag.toUpperCase());
}

/** The same for a DOM event target. */
export function isTypingTarget(target: EventTarget | null): boolean {
  return isTypingTag((target as HTMLElement | null)?.tagName);
}
