import type { Homography } from './homography';

/**
 * Ground → image homography of an ideal pinhole camera above a flat road: camera at height
 * `heightM`, `setbackM` behind ground y = 0, looking along +y, tilted down by `tiltDeg`, no roll
 * or pan. Ground x is across the road (right positive), y along it (away from the camera). Used
 * to render synthetic scenes with known geometry and to test calibration.
 */
export interface PinholeCamera {
  heightM: number;
  tiltDeg: number;
  focalPx: number;
  cx: number;
  cy: number;
  setbackM?: number;
}

export function pinholeGroundToImage(c: PinholeCamera): Homography {
  const t = (c.tiltDeg * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const d = c.setbackM ?? 0;
  // Camera-frame depth z = (y + d)·cos + h·sin and down-offset yc = −(y + d)·sin + h·cos, so
  // u = cx + f·x/z, v = cy + f·yc/z.
  const w0 = d * cos + c.heightM * sin;
  return Float64Array.from([
    c.focalPx,
    c.cx * cos,
    c.cx * w0,
    0,
    -c.focalPx * sin + c.cy * cos,
    c.focalPx * (-d * sin + c.heightM * cos) + c.cy * w0,
    0,
    cos,
    w0,
  ]);
}
