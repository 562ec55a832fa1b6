/**
 * Web Mercator (EPSG:3857) as XYZ tile maps use it: a position on the world square of
 * `256 × 2^zoom` pixels, north up. Pure math, shared by the map view and its tests.
 */
export const TILE_SIZE = 256;
/** Beyond this latitude Web Mercator is not defined (the square's edge). */
export const MAX_MERCATOR_LAT = 85.05112878;
const EARTH_RADIUS_M = 6_378_137;

export interface WorldPoint {
  x: number;
  y: number;
}

export function worldSize(zoom: number): number {
  return TILE_SIZE * 2 ** zoom;
}

/** Longitude/latitude → world pixels at `zoom` (x east, y south). */
export function project(lat: number, lon: number, zoom: number): WorldPoint {
  const clamped = Math.max(-MAX_MERCATOR_LAT, Math.min(MAX_MERCATOR_LAT, lat));
  const s = Math.sin((clamped * Math.PI) / 180);
  const size = worldSize(zoom);
  return {
    x: ((lon + 180) / 360) * size,
    y: (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * size,
  };
}

/** World pixels at `zoom` → latitude/longitude. */
export function unproject(p: WorldPoint, zoom: number): { lat: number; lon: number } {
  const size = worldSize(zoom);
  const lon = (p.x / size) * 360 - 180;
  const n = Math.PI - (2 * Math.PI * p.y) / size;
  const lat = (180 / Math.PI) * Math.atan(Math.sinh(n));
  return { lat, lon };
}

/** Ground metres per screen pixel at a latitude and zoom. */
export function metresPerPixel(lat: number, zoom: number): number {
  return (Math.cos((lat * Math.PI) / 180) * 2 * Math.PI * EARTH_RADIUS_M) / worldSize(zoom);
}

/** The highest zoom (≤ maxZoom) at which every point fits the viewport with `padding` pixels. */
export function fitZoom(
  points: ReadonlyArray<{ lat: number; lon: number }>,
  viewport: { width: number; height: number },
  opts: { minZoom?: number; maxZoom?: number; padding?: number } = {},
): number {
  const minZoom = opts.minZoom ?? 2;
  const maxZoom = opts.maxZoom ?? 18;
  const pad = opts.padding ?? 48;
  if (points.length < 2) return points.length ? Math.min(maxZoom, 17) : minZoom;
  for (let z = maxZoom; z > minZoom; z--) {
    const ps = points.map((p) => project(p.lat, p.lon, z));
    const w = Math.max(...ps.map((p) => p.x)) - Math.min(...ps.map((p) => p.x));
    const h = Math.max(...ps.map((p) => p.y)) - Math.min(...ps.map((p) => p.y));
    if (w <= viewport.width - 2 * pad && h <= viewport.height - 2 * pad) return z;
  }
  return minZoom;
}

/** The centre of the points' bounding box in world pixels at `zoom`. */
export function centreOf(
  points: ReadonlyArray<{ lat: number; lon: number }>,
  zoom: number,
): WorldPoint {
  const ps = points.map((p) => project(p.lat, p.lon, zoom));
  return {
    x: (Math.min(...ps.map((p) => p.x)) + Math.max(...ps.map((p) => p.x))) / 2,
    y: (Math.min(...ps.map((p) => p.y)) + Math.max(...ps.map((p) => p.y))) / 2,
  };
}

/** The tiles that cover a viewport centred on `centre` (world pixels), wrapped in x. */
export function visibleTiles(
  centre: WorldPoint,
  zoom: number,
  viewport: { width: number; height: number },
): Array<{ z: number; x: number; y: number; left: number; top: number }> {
  const n = 2 ** zoom;
  const left0 = centre.x - viewport.width / 2;
  const top0 = centre.y - viewport.height / 2;
  const tiles = [];
  for (
    let ty = Math.floor(top0 / TILE_SIZE);
    ty <= Math.floor((top0 + viewport.height) / TILE_SIZE);
    ty++
  ) {
    if (ty < 0 || ty >= n) continue;
    for (
      let tx = Math.floor(left0 / TILE_SIZE);
      tx <= Math.floor((left0 + viewport.width) / TILE_SIZE);
      tx++
    ) {
      tiles.push({
        z: zoom,
        x: ((tx % n) + n) % n,
        y: ty,
        left: tx * TILE_SIZE - left0,
        top: ty * TILE_SIZE - top0,
      });
    }
  }
  return tiles;
}

/**
 * A "nice" scale-bar length (1, 2 or 5 × 10^k metres) no longer than `maxPixels` at this ground
 * resolution, and its length in pixels.
 */
export function scaleBar(
  metresPerPx: number,
  maxPixels: number,
): { metres: number; pixels: number } {
  const maxMetres = metresPerPx * maxPixels;
  const pow = 10 ** Math.floor(Math.log10(maxMetres));
  const metres = [5, 2, 1].map((m) => m * pow).find((m) => m <= maxMetres) ?? pow;
  return { metres, pixels: metres / metresPerPx };
}

/**
 * The heading wedge of a camera as an SVG path around (cx, cy): `headingDeg` clockwise from
 * north, `spreadDeg` wide, `radius` long.
 */
export function headingWedgePath(
  cx: number,
  cy: number,
  headingDeg: number,
  radius: number,
  spreadDeg = 50,
): string {
  const point = (deg: number) => {
    const r = (deg * Math.PI) / 180;
    return `${(cx + radius * Math.sin(r)).toFixed(2)} ${(cy - radius * Math.cos(r)).toFixed(2)}`;
  };
  return `M ${cx.toFixed(2)} ${cy.toFixed(2)} L ${point(headingDeg - spreadDeg / 2)} A ${radius} ${radius} 0 0 1 ${point(headingDeg + spreadDeg / 2)} Z`;
}
