import { useEffect, useState, type RefObject } from 'react';

/** The stage fills its box; at least this size so a 1080p screen still shows the side panel. */
function useBoxSize(ref: RefObject<HTMLDivElement | null>): { w: number; h: number } {
  const [size, setSize] = useState({ w: 960, h: 540 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) =>
      setSize({
        w: Math.max(480, Math.floor(e.contentRect.width)),
        h: Math.max(270, Math.floor(e.contentRect.height)),
      }),
    );
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}

export interface StageView {
  width: number;
  height: number;
  zoom: number;
  /** Stage scale: the frame fitted to the box, times the zoom. */
  scale: number;
  /** Stage position (top-left of the frame on screen). */
  pos: { x: number; y: number };
  /** Zooms by one wheel step about a point of the stage, keeping the frame point under it. */
  zoomAt(pointer: { x: number; y: number }, zoomIn: boolean): void;
  /** The stage was dragged (pan tool) to this position. */
  pannedTo(x: number, y: number): void;
  reset(): void;
}

/**
 * Zoom and pan of the frame in a stage that fills `box`. The offset is kept from the centred,
 * fitted position, so resizing the window keeps the frame centred.
 */
export function useStageView(
  box: RefObject<HTMLDivElement | null>,
  frame: { width: number; height: number } | undefined,
): StageView {
  const { w, h } = useBoxSize(box);
  const [view, setView] = useState({ zoom: 1, dx: 0, dy: 0 });
  const fit = frame ? Math.min(w / frame.width, h / frame.height) : 1;
  const centred = (zoom: number) => ({
    x: frame ? (w - frame.width * fit * zoom) / 2 : 0,
    y: frame ? (h - frame.height * fit * zoom) / 2 : 0,
  });
  const pos = { x: centred(view.zoom).x + view.dx, y: centred(view.zoom).y + view.dy };
  return {
    width: w,
    height: h,
    zoom: view.zoom,
    scale: fit * view.zoom,
    pos,
    zoomAt(pointer, zoomIn) {
      const zoom = Math.max(0.5, Math.min(12, view.zoom * (zoomIn ? 1.15 : 1 / 1.15)));
      const k = zoom / view.zoom;
      const nx = pointer.x - (pointer.x - pos.x) * k;
      const ny = pointer.y - (pointer.y - pos.y) * k;
      setView({ zoom, dx: nx - centred(zoom).x, dy: ny - centred(zoom).y });
    },
    pannedTo(x, y) {
      setView((v) => ({ ...v, dx: x - centred(v.zoom).x, dy: y - centred(v.zoom).y }));
    },
    reset: () => setView({ zoom: 1, dx: 0, dy: 0 }),
  };
}
