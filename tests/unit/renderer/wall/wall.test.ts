import { describe, expect, it } from 'vitest';
import {
  fillGaps,
  fillSlots,
  fitWall,
  isValidSpec,
  layoutSpec,
  mergeCells,
  moveTile,
  pinSlot,
  reconcileOrder,
  resizeGrid,
} from '../../../../renderer/src/wall/layout';
import { pickOverlay } from '../../../../renderer/src/wall/overlay-match';
import { nextRate, reviewCommand } from '../../../../renderer/src/review/review-keys';

describe('wall layout', () => {
  it('gives each preset its grid and cells', () => {
    expect(layoutSpec('1', 9).cells).toEqual([{ x: 0, y: 0, w: 1, h: 1 }]);
    expect(layoutSpec('2x2', 9).cells).toHaveLength(4);
    expect(layoutSpec('4x4', 3)).toMatchObject({ cols: 4, rows: 4 });
    expect(layoutSpec('4x4', 3).cells).toHaveLength(16);
    expect(layoutSpec('all', 5)).toMatchObject({ cols: 3, rows: 2 });
    expect(layoutSpec('all', 5).cells).toHaveLength(5);
    const onePlusFive = layoutSpec('1p5', 0);
    expect(onePlusFive.cells[0]).toEqual({ x: 0, y: 0, w: 2, h: 2 });
    expect(onePlusFive.cells).toHaveLength(6);
    expect(layoutSpec('1p7', 0).cells).toHaveLength(8);
    for (const l of ['1', '2x2', '3x3', '4x4', '1p5', '1p7', 'all', 'custom'] as const)
      expect(isValidSpec(layoutSpec(l, 7))).toBe(true);
  });

  it('rejects saved custom layouts that overlap or leave the grid, and falls back', () => {
    expect(isValidSpec({ cols: 2, rows: 2, cells: [{ x: 1, y: 1, w: 2, h: 1 }] })).toBe(false);
    expect(
      isValidSpec({
        cols: 2,
        rows: 1,
        cells: [
          { x: 0, y: 0, w: 2, h: 1 },
          { x: 1, y: 0, w: 1, h: 1 },
        ],
      }),
    ).toBe(false);
    expect(isValidSpec({ cols: 9, rows: 1, cells: [{ x: 0, y: 0, w: 1, h: 1 }] })).toBe(false);
    expect(isValidSpec('nonsense')).toBe(false);
    const broken = { cols: 2, rows: 2, cells: [] };
    expect(layoutSpec('custom', 1, broken)).toEqual(layoutSpec('1p5', 1));
  });

  it('merges the dragged rectangle into one cell and splits what it cut through', () => {
    const grid = fillGaps({ cols: 3, rows: 3, cells: [] });
    const merged = mergeCells(grid, { x: 2, y: 2 }, { x: 1, y: 1 });
    expect(merged.cells).toHaveLength(6);
    expect(merged.cells).toContainEqual({ x: 1, y: 1, w: 2, h: 2 });
    expect(isValidSpec(merged)).toBe(true);
    // A new rectangle through the big cell splits the rest of it back into squares.
    const again = mergeCells(merged, { x: 0, y: 1 }, { x: 1, y: 1 });
    expect(again.cells).toContainEqual({ x: 0, y: 1, w: 2, h: 1 });
    expect(again.cells).toContainEqual({ x: 2, y: 2, w: 1, h: 1 });
    expect(again.cells).not.toContainEqual({ x: 1, y: 1, w: 2, h: 2 });
    expect(isValidSpec(again)).toBe(true);
    expect(again.cells.reduce((n, c) => n + c.w * c.h, 0)).toBe(9);
    // Shrinking the grid drops cells that no longer fit and fills the gaps.
    const small = resizeGrid(merged, 2, 2);
    expect(isValidSpec(small)).toBe(true);
    expect(small.cells).toHaveLength(4);
    expect(resizeGrid(merged, 99, 0)).toMatchObject({ cols: 6, rows: 1 });
  });

  it('fills free slots page by page and keeps pinned cameras on every page', () => {
    const spec = layoutSpec('2x2', 0);
    const order = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const first = fillSlots(spec, order, [null, 'f'], 0);
    expect(first.pages).toBe(2);
    expect(first.slots.map((s) => s.cameraId)).toEqual(['a', 'f', 'b', 'c']);
    expect(first.slots.map((s) => s.pinned)).toEqual([false, true, false, false]);
    const second = fillSlots(spec, order, [null, 'f'], 1);
    expect(second.slots.map((s) => s.cameraId)).toEqual(['d', 'f', 'e', 'g']);
    // Out-of-range pages clamp; a pin to a camera that is gone (or pinned twice) is automatic.
    expect(fillSlots(spec, order, [null, 'f'], 9).page).toBe(1);
    const stale = fillSlots(spec, ['a', 'b'], ['gone', 'b', 'b'], 0);
    expect(stale.slots.map((s) => s.cameraId)).toEqual(['a', 'b', undefined, undefined]);
    expect(stale.pages).toBe(1);
    // Every slot pinned: one page, whatever else exists.
    expect(fillSlots(layoutSpec('1', 0), order, ['c'], 3)).toMatchObject({ page: 0, pages: 1 });
  });

  it('pins a camera to one slot only, and unpins', () => {
    expect(pinSlot([], 4, 2, 'x')).toEqual([null, null, 'x', null]);
    expect(pinSlot(['x', null, null, null], 4, 3, 'x')).toEqual([null, null, null, 'x']);
    expect(pinSlot(['x', 'y'], 2, 1, undefined)).toEqual(['x', null]);
  });

  it('sizes the wall so each square keeps a 16:9 picture above its caption', () => {
    // Wide space, 2×2: height bound.
    const wide = fitWall({ cols: 2, rows: 2 }, { w: 3000, h: 1000 }, 20);
    expect(wide.h).toBe(1000);
    expect((wide.w / 2 / (wide.h / 2 - 20)).toFixed(2)).toBe((16 / 9).toFixed(2));
    // Tall space, 3 columns: width bound, no tall strips.
    const tall = fitWall({ cols: 3, rows: 1 }, { w: 900, h: 2000 });
    expect(tall).toEqual({ w: 900, h: Math.floor(300 / (16 / 9)) });
    expect(fitWall({ cols: 1, rows: 1 }, { w: 0, h: 100 })).toEqual({ w: 0, h: 0 });
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
