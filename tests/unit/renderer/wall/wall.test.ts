import { describe, expect, it } from 'vitest';
import { gridFor, moveTile, reconcileOrder } from '../../../../renderer/src/wall/layout';
import { pickOverlay } from '../../../../renderer/src/wall/overlay-match';
import { nextRate, reviewCommand } from '../../../../renderer/src/review/review-keys';

describe('wall layout', () => {
  it('sizes grids per layout', () => {
    expect(gridFor('1', 9)).toEqual({ cols: 1, rows: 1, capacity: 1 });
    expect(gridFor('2x2', 9)).toEqual({ cols: 2, rows: 2, capacity: 4 });
    expect(gridFor('4x4', 3)).toEqual({ cols: 4, rows: 4, capacity: 16 });
    expect(gridFor('custom', 5)).toEqual({ cols: 3, rows: 2, capacity: 5 });
  });

  it('reconciles a saved order with the current cameras and moves tiles', () => {
    expect(reconcileOrder(['c', 'gone', 'a', 'c'], ['a', 'b', 'c'])).toEqual(['c', 'a', 'b']);
    expect(moveTile(['a', 'b', 'c', 'd'], 'd', 'b')).toEqual(['a', 'd', 'b', 'c']);
    expect(moveTile(['a', 'b', 'c'], 'a', 'c')).toEqual(['b', 'c', 'a']);
    expect(moveTile(['a', 'b'], 'x', 'a')).toEqual(['a', 'b']);
  });
});

describe('overlay matching', () => {
  const h = [{ frameId: 10 }, { frameId: 12 }, { frameId: 15 }];
  it('uses detections of the shown frame, else the newest older one within the lag, never a newer one', () => {
    expect(pickOverlay(h, 12)?.frameId).toBe(12);
    expect(pickOverlay(h, 14)?.frameId).toBe(12);
    expect(pickOverlay(h, 11)?.frameId).toBe(10);
    expect(pickOverlay(h, 9)).toBeUndefined();
    expect(pickOverlay(h, 40)).toBeUndefined();
    expect(pickOverlay(undefined, 3)).toBeUndefined();
  });
});

describe('review keyboard map', () => {
  it('maps keys to commands and ignores typing and modified keys', () => {
    expect(reviewCommand({ key: 'j' })).toBe('next');
    expect(reviewCommand({ key: 'ArrowUp' })).toBe('previous');
    expect(reviewCommand({ key: 'V' })).toBe('validate');
    expect(reviewCommand({ key: 'r' })).toBe('reject');
    expect(reviewCommand({ key: ' ' })).toBe('playPause');
    expect(reviewCommand({ key: 'v', targetTag: 'input' })).toBeUndefined();
    expect(reviewCommand({ key: 'v', ctrlKey: true })).toBeUndefined();
    expect(reviewCommand({ key: 'x' })).toBeUndefined();
  });
  it('steps playback rates within bounds', () => {
    expect(nextRate(1, true)).toBe(2);
    expect(nextRate(4, true)).toBe(4);
    expect(nextRate(0.25, false)).toBe(0.25);
    expect(nextRate(3, false)).toBe(0.5);
  });
});
