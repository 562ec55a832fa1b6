import { useEffect, useRef } from 'react';
import type { DraftPointPair } from '../../../electron/shared/api/methods/calibration';
import { applyHomography } from '../../../inference/vision/calibration/homography';
import { invertHomography, scaleBarMetres, worldBounds, type Homography } from './homography';
import { formatNumber, useI18n } from '../i18n/i18n';

const SIZE = 320;

/**
 * Top-down view of the road plane: each output pixel is a world position (metres) mapped back
 * into the frozen frame through H⁻¹ and sampled, with a 1 m grid (5 m lines stronger).
 */
export function BirdsEye({
  frame,
  H,
  pairs,
  label,
}: {
  frame: ImageData | undefined;
  H: Homography | undefined;
  pairs: DraftPointPair[];
  label: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const locale = useI18n((st) => st.locale);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, SIZE, SIZE);
    const Hinv = H && invertHomography(H);
    if (!frame || !H || !Hinv || pairs.length < 4) return;
    const raw = worldBounds(pairs);
    const span = Math.max(raw.maxX - raw.minX, raw.maxY - raw.minY);
    // Square view centred on the points.
    const cx = (raw.minX + raw.maxX) / 2;
    const cy = (raw.minY + raw.maxY) / 2;
    const b = {
      minX: cx - span / 2,
      maxX: cx + span / 2,
      minY: cy - span / 2,
      maxY: cy + span / 2,
    };
    const mPerPx = span / SIZE;
    const out = ctx.createImageData(SIZE, SIZE);
    for (let py = 0; py < SIZE; py++) {
      for (let px = 0; px < SIZE; px++) {
        // y grows downwards on screen and along the road in world metres.
        const [x, y] = applyHomography(Hinv, [b.minX + px * mPerPx, b.minY + py * mPerPx]);
        const ix = Math.round(x);
        const iy = Math.round(y);
        if (ix < 0 || iy < 0 || ix >= frame.width || iy >= frame.height || !Number.isFinite(ix))
          continue;
        const si = (iy * frame.width + ix) * 4;
        const di = (py * SIZE + px) * 4;
        out.data[di] = frame.data[si];
        out.data[di + 1] = frame.data[si + 1];
        out.data[di + 2] = frame.data[si + 2];
        out.data[di + 3] = 255;
      }
    }
    ctx.putImageData(out, 0, 0);
    for (let m = Math.ceil(b.minX); m <= b.maxX; m++) {
      ctx.strokeStyle = m % 5 === 0 ? 'rgba(255,213,79,0.9)' : 'rgba(255,255,255,0.3)';
      const x = (m - b.minX) / mPerPx;
      ctx.beginPath();
      ctx.moveTo(x, 0);
      ctx.lineTo(x, SIZE);
      ctx.stroke();
    }
    for (let m = Math.ceil(b.minY); m <= b.maxY; m++) {
      ctx.strokeStyle = m % 5 === 0 ? 'rgba(255,213,79,0.9)' : 'rgba(255,255,255,0.3)';
      const y = (m - b.minY) / mPerPx;
      ctx.beginPath();
      ctx.moveTo(0, y);
      ctx.lineTo(SIZE, y);
      ctx.stroke();
    }
    ctx.fillStyle = '#ff5c5c';
    for (const p of pairs)
      ctx.fillRect((p.world.x - b.minX) / mPerPx - 3, (p.world.y - b.minY) / mPerPx - 3, 6, 6);
    // Scale bar, bottom left, on a dark backing so it reads over any road.
    const barM = scaleBarMetres(span);
    const barPx = barM / mPerPx;
    const text = `${formatNumber(locale, barM, barM < 1 ? 1 : 0)} m`;
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillStyle = 'rgba(0,0,0,0.65)';
    ctx.fillRect(6, SIZE - 30, Math.max(barPx, ctx.measureText(text).width) + 12, 24);
    ctx.fillStyle = '#fff';
    ctx.fillRect(12, SIZE - 12, barPx, 3);
    ctx.fillRect(12, SIZE - 16, 2, 7);
    ctx.fillRect(12 + barPx - 2, SIZE - 16, 2, 7);
    ctx.fillText(text, 12, SIZE - 18);
    ref.current?.setAttribute('data-scale-m', String(barM));
  }, [frame, H, pairs, locale]);
  return (
    <canvas
      ref={ref}
      width={SIZE}
      height={SIZE}
      className="birdseye"
      role="img"
      aria-label={label}
      data-testid="birdseye"
    />
  );
}
