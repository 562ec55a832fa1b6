/**
 * Letterbox geometry: the source frame scaled uniformly to fit the model input and centred on a
 * padded canvas. ffmpeg performs the resize and pad (see `letterboxFilter` in the worker) with
 * exactly these numbers, so boxes map back to source pixels without drift.
 */
export interface Letterbox {
  srcWidth: number;
  srcHeight: number;
  dstWidth: number;
  dstHeight: number;
  /** Size of the scaled picture inside the canvas. */
  scaledWidth: number;
  scaledHeight: number;
  /** Left / top padding in canvas pixels. */
  padX: number;
  padY: number;
}

/**
 * Where the scaled picture sits: centred (Ultralytics, NanoDet), at the top-left corner (YOLOX's
 * own preprocessing), or stretched to fill the canvas without keeping the aspect (classifiers).
 */
export type LetterboxAnchor = 'centre' | 'top-left' | 'stretch';

export function letterbox(
  srcWidth: number,
  srcHeight: number,
  dstWidth: number,
  dstHeight: number,
  anchor: LetterboxAnchor = 'centre',
): Letterbox {
  if (!(srcWidth > 0 && srcHeight > 0 && dstWidth > 0 && dstHeight > 0)) {
    throw new RangeError(
      `letterbox: sizes must be positive (source ${srcWidth}×${srcHeight}, target ${dstWidth}×${dstHeight})`,
    );
  }
  if (anchor === 'stretch')
    return {
      srcWidth,
      srcHeight,
      dstWidth,
      dstHeight,
      scaledWidth: dstWidth,
      scaledHeight: dstHeight,
      padX: 0,
      padY: 0,
    };
  const r = Math.min(dstWidth / srcWidth, dstHeight / srcHeight);
  // Same expression ffmpeg evaluates: round(iw*min(W/iw,H/ih)); at least one pixel.
  const scaledWidth = Math.max(1, Math.min(dstWidth, Math.round(srcWidth * r)));
  const scaledHeight = Math.max(1, Math.min(dstHeight, Math.round(srcHeight * r)));
  return {
    srcWidth,
    srcHeight,
    dstWidth,
    dstHeight,
    scaledWidth,
    scaledHeight,
    padX: anchor === 'top-left' ? 0 : Math.floor((dstWidth - scaledWidth) / 2),
    padY: anchor === 'top-left' ? 0 : Math.floor((dstHeight - scaledHeight) / 2),
  };
}

/**
 * Maps `count` boxes (x1,y1,x2,y2 interleaved in canvas pixels) back to source pixels in place,
 * clamped to the frame.
 */
export function unletterboxBoxes(boxes: Float32Array, count: number, lb: Letterbox): void {
  const sx = lb.srcWidth / lb.scaledWidth;
  const sy = lb.srcHeight / lb.scaledHeight;
  const w = lb.srcWidth;
  const h = lb.srcHeight;
  for (let i = 0; i < count; i++) {
    const o = i * 4;
    boxes[o] = clamp((boxes[o] - lb.padX) * sx, w);
    boxes[o + 1] = clamp((boxes[o + 1] - lb.padY) * sy, h);
    boxes[o + 2] = clamp((boxes[o + 2] - lb.padX) * sx, w);
    boxes[o + 3] = clamp((boxes[o + 3] - lb.padY) * sy, h);
  }
}

/** Source-pixel box → canvas pixels (used to build test tensors and to draw on the model input). */
export function letterboxPoint(x: number, y: number, lb: Letterbox): [number, number] {
  return [
    x * (lb.scaledWidth / lb.srcWidth) + lb.padX,
    y * (lb.scaledHeight / lb.srcHeight) + lb.padY,
  ];
}

function clamp(v: number, max: number): number {
  return v < 0 ? 0 : v > max ? max : v;
}
