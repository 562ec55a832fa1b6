import { describe, expect, it } from 'vitest';
import { alarmCommand } from '../../../../renderer/src/alarms/alarm-keys';

describe('alarm panel keyboard', () => {
  it('maps arrows, j/k, a, Shift+A, Enter and o', () => {
    expect(alarmCommand({ key: 'ArrowDown' })).toBe('next');
    expect(alarmCommand({ key: 'j' })).toBe('next');
    expect(alarmCommand({ key: 'ArrowUp' })).toBe('previous');
    expect(alarmCommand({ key: 'k' })).toBe('previous');
    expect(alarmCommand({ key: 'a' })).toBe('acknowledge');
    expect(alarmCommand({ key: 'A', shiftKey: true })).toBe('acknowledgeAll');
    expect(alarmCommand({ key: 'Enter', targetTag: 'BODY' })).toBe('focusCamera');
    expect(alarmCommand({ key: 'o' })).toBe('openEvidence');
    expect(alarmCommand({ key: 'x' })).toBeUndefined();
  });

  it('never fires while typing, with modifiers, or on Enter of an element that handles it', () => {
    for (const tag of ['INPUT', 'textarea', 'SELECT'])
      for (const key of ['a', 'j', 'A', 'Enter', 'o', 'ArrowDown'])
        expect(alarmCommand({ key, shiftKey: key === 'A', targetTag: tag })).toBeUndefined();
    expect(alarmCommand({ key: 'a', targetTag: 'DIV', targetEditable: true })).toBeUndefined();
    expect(alarmCommand({ key: 'a', ctrlKey: true })).toBeUndefined();
    expect(alarmCommand({ key: 'a', metaKey: true })).toBeUndefined();
    expect(alarmCommand({ key: 'A', shiftKey: true, altKey: true })).toBeUndefined();
    // Shift with another letter (typing a capital elsewhere) is not a command.
    expect(alarmCommand({ key: 'O', shiftKey: true })).toBeUndefined();
    // Caps Lock "A" without Shift is not "acknowledge all".
    expect(alarmCommand({ key: 'A' })).toBeUndefined();
    expect(alarmCommand({ key: 'Enter', targetTag: 'BUTTON' })).toBeUndefined();
    expect(alarmCommand({ key: 'Enter', targetTag: 'a' })).toBeUndefined();
    expect(
      alarmCommand({ key: 'Enter', targetTag: 'DIV', targetHandlesEnter: true }),
    ).toBeUndefined();
    // Arrows still move the selection from a button (the panel's own controls).
    expect(alarmCommand({ key: 'ArrowDown', targetTag: 'BUTTON' })).toBe('next');
  });
});
