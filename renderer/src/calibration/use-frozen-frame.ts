import { useCallback, useEffect, useState } from 'react';
import { useClient } from '../api/client-context';
import { latestPreview } from '../state/preview-frames';

/** One camera frame held still for drawing on: Konva paints the canvas, BirdsEye warps the pixels. */
export interface Frozen {
  canvas: HTMLCanvasElement;
  pixels: ImageData;
  width: number;
  height: number;
  ts: number;
}

async function freeze(jpeg: Uint8Array, ts: number): Promise<Frozen> {
  const bitmap = await createImageBitmap(new Blob([jpeg as BlobPart], { type: 'image/jpeg' }));
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return {
    canvas,
    pixels: ctx.getImageData(0, 0, canvas.width, canvas.height),
    width: canvas.width,
    height: canvas.height,
    ts,
  };
}

/** How long to wait for a new frame before freezing the last one received. */
const WAIT_MS = 3000;

/**
 * The camera's frame, frozen: the next preview the camera sends or, when none comes within 3 s
 * (a stalled or slow camera), the latest one the app has received since it connected, whichever
 * view was open then. Freezes once on mount; `grab` freezes again. `onNoFrame` runs when the
 * camera has sent nothing at all.
 */
export function useFrozenFrame(
  cameraId: string | undefined,
  onNoFrame: () => void,
): { frame?: Frozen; grab(): () => void } {
  const client = useClient();
  const [frame, setFrame] = useState<Frozen>();

  const grab = useCallback(() => {
    if (!cameraId) return () => {};
    let live = true;
    const show = (jpeg: Uint8Array, ts: number) =>
      void freeze(jpeg, ts).then((f) => live && setFrame(f));
    const off = client.on('camera.preview', (p) => {
      if (p.cameraId !== cameraId) return;
      off();
      clearTimeout(timer);
      show(p.jpeg, p.ts);
    });
    const timer = setTimeout(() => {
      off();
      const last = latestPreview(cameraId);
      if (last) show(last.jpeg, last.ts);
      else onNoFrame();
    }, WAIT_MS);
    return () => {
      live = false;
      off();
      clearTimeout(timer);
    };
  }, [client, cameraId, onNoFrame]);

  useEffect(() => grab(), [grab]);

  return { frame, grab };
}
