import { describe, expect, it } from 'vitest';
import {
  TILE_SIZE,
  fitZoom,
  headingWedgePath,
  metresPerPixel,
  project,
  scaleBar,
  unproject,
  visibleTiles,
  worldSize,
} from '../../../../electron/shared/domain/map-projection';

describe('Web Mercator projection of the camera map', () => {
  it('puts lat 0 lon 0 at the centre of the world and the corners at ±180° / ±85.05°', () => {
    expect(project(0, 0, 0)).toEqual({ x: 128, y: 128 });
    const nw = project(85.05112878, -180, 1);
    expect(nw.x).toBeCloseTo(0, 6);
    expect(nw.y).toBeCloseTo(0, 3);
    const se = project(-85.05112878, 180, 1);
    expect(se.x).toBeCloseTo(worldSize(1), 6);
    expect(se.y).toBeCloseTo(worldSize(1), 3);
  });

  it('places a known point in the tile that OpenStreetMap serves for it', () => {
    // Lima, Plaza de Armas: the slippy-map tile formula (OpenStreetMap wiki) gives 16/18745/34977.
    const p = project(-12.0464, -77.0301, 16);
    expect(Math.floor(p.x / TILE_SIZE)).toBe(18_745);
    expect(Math.floor(p.y / TILE_SIZE)).toBe(34_977);
  });

  it('unproject undoes project', () => {
    for (const [lat, lon] of [
      [-12.0464, -77.0428],
      [40.4168, -3.7038],
      [60, 170],
    ]) {
      const back = unproject(project(lat, lon, 15), 15);
      expect(back.lat).toBeCloseTo(lat, 9);
      expect(back.lon).toBeCloseTo(lon, 9);
    }
  });

  it('ground resolution halves with each zoom level and shrinks with latitude', () => {
    expect(metresPerPixel(0, 0)).toBeCloseTo(156_543.03, 1);
    expect(metresPerPixel(0, 1)).toBeCloseTo(metresPerPixel(0, 0) / 2, 6);
    expect(metresPerPixel(60, 10)).toBeCloseTo(metresPerPixel(0, 10) / 2, 6);
  });

  it('a scale bar is 1, 2 or 5 × 10^k metres and fits its space', () => {
    const bar = scaleBar(1.19, 160);
    expect(bar.metres).toBe(100);
    expect(bar.pixels).toBeCloseTo(100 / 1.19, 6);
    expect(scaleBar(30, 160).metres).toBe(2000);
    expect(scaleBar(3, 160).metres).toBe(200);
  });

  it('fits two cameras 1 km apart at a street zoom and one camera at zoom 17', () => {
    const pts = [
      { lat: -12.05, lon: -77.04 },
      { lat: -12.05, lon: -77.0308 },
    ];
    const z = fitZoom(pts, { width: 900, height: 560 });
    expect(z).toBe(16);
    expect(fitZoom([pts[0]], { width: 900, height: 560 })).toBe(17);
  });

  it('covers the viewport with tiles, wrapping x and skipping rows beyond the poles', () => {
    const tiles = visibleTiles({ x: 128, y: 128 }, 0, { width: 600, height: 600 });
    expect(tiles.every((t) => t.x === 0 && t.y === 0)).toBe(true);
    expect(new Set(tiles.map((t) => t.left)).size).toBe(tiles.length);
    const at3 = visibleTiles(project(0, 0, 3), 3, { width: 512, height: 512 });
    expect(at3.length).toBe(9);
    expect(at3[0]).toMatchObject({ z: 3, x: 3, y: 3, left: 0, top: 0 });
  });

  it('draws the heading wedge toward the heading (north up, clockwise)', () => {
    const east = headingWedgePath(100, 100, 90, 30, 20);
    const [, ax, ay] = /L ([\d.]+) ([\d.]+)/.exec(east)!.map(Number);
    expect(ax).toBeGreaterThan(125);
    expect(Math.abs(ay - 100)).toBeLessThan(6);
    const north = headingWedgePath(100, 100, 0, 30, 20);
    const [, , ny] = /L ([\d.]+) ([\d.]+)/.exec(north)!.map(Number);
    expect(ny).toBeLessThan(75);
  });
});
