/**
 * Wall layouts, slot assignment and paging: pure helpers behind the wall's layout store.
 *
 * A layout is a grid of `cols × rows` squares covered by cells (a cell may span several squares,
 * as the big tile of `1p5`, shown as 1+5). Each cell is a slot: the operator may pin a camera to it, the other
 * slots show the remaining cameras in the wall's order, one page at a time.
 */
export const LAYOUTS = ['1', '2x2', '3x3', '4x4', '1p5', '1p7', 'all', 'custom'] as const;
export type WallLayout = (typeof LAYOUTS)[number];

export interface Cell {
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface LayoutSpec {
  cols: number;
  rows: number;
  cells: Cell[];
}

/** Largest grid side the custom editor offers: 36 tiles is already more than a 4K wall shows. */
export const MAX_GRID = 6;

function uniform(cols: number, rows: number, count = cols * rows): LayoutSpec {
  const cells: Cell[] = [];
  for (let i = 0; i < count; i++) cells.push({ x: i % cols, y: Math.floor(i / cols), w: 1, h: 1 });
  return { cols, rows, cells };
}

/** One `big × big` tile at the top left of a `side × side` grid, single tiles around it. */
function bigPlusSmall(side: number, big: number): LayoutSpec {
  return fillGaps({ cols: side, rows: side, cells: [{ x: 0, y: 0, w: big, h: big }] });
}

/** The cells of a layout; `all` fits every camera in a near-square grid. */
export function layoutSpec(
  layout: WallLayout,
  cameraCount: number,
  custom: LayoutSpec = DEFAULT_CUSTOM,
): LayoutSpec {
  switch (layout) {
    case '1':
      return uniform(1, 1);
    case '2x2':
      return uniform(2, 2);
    case '3x3':
      return uniform(3, 3);
    case '4x4':
      return uniform(4, 4);
    case '1p5':
      return bigPlusSmall(3, 2);
    case '1p7':
      return bigPlusSmall(4, 3);
    case 'custom':
      return isValidSpec(custom) ? custom : DEFAULT_CUSTOM;
    case 'all': {
      const n = Math.max(1, cameraCount);
      const cols = Math.ceil(Math.sqrt(n));
      return uniform(cols, Math.ceil(n / cols), n);
    }
  }
}

/** Cells lie inside the grid and do not overlap (saved data is checked before use). */
export function isValidSpec(spec: unknown): spec is LayoutSpec {
  const s = spec as LayoutSpec | null;
  if (!s || !Number.isInteger(s.cols) || !Number.isInteger(s.rows) || !Array.isArray(s.cells))
    return false;
  if (s.cols < 1 || s.rows < 1 || s.cols > MAX_GRID || s.rows > MAX_GRID || !s.cells.length)
    return false;
  const seen = new Set<number>();
  for (const c of s.cells) {
    if (![c?.x, c?.y, c?.w, c?.h].every(Number.isInteger)) return false;
    if (c.w < 1 || c.h < 1 || c.x < 0 || c.y < 0 || c.x + c.w > s.cols || c.y + c.h > s.rows)
      return false;
    for (let y = c.y; y < c.y + c.h; y++)
      for (let x = c.x; x < c.x + c.w; x++) {
        if (seen.has(y * s.cols + x)) return false;
        seen.add(y * s.cols + x);
      }
  }
  return true;
}

function byReadingOrder(a: Cell, b: Cell): number {
  return a.y - b.y || a.x - b.x;
}

/** Covers every square no cell covers with a single-square cell; cells in reading order. */
export function fillGaps(spec: LayoutSpec): LayoutSpec {
  const taken = new Set<number>();
  for (const c of spec.cells)
    for (let y = c.y; y < c.y + c.h; y++)
      for (let x = c.x; x < c.x + c.w; x++) taken.add(y * spec.cols + x);
  const cells = [...spec.cells];
  for (let y = 0; y < spec.rows; y++)
    for (let x = 0; x < spec.cols; x++)
      if (!taken.has(y * spec.cols + x)) cells.push({ x, y, w: 1, h: 1 });
  return { cols: spec.cols, rows: spec.rows, cells: cells.sort(byReadingOrder) };
}

const overlaps = (a: Cell, b: Cell) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * The custom editor's merge: the rectangle spanned by two squares becomes one cell; cells it
 * touches are split back into single squares outside it.
 */
export function mergeCells(
  spec: LayoutSpec,
  a: { x: number; y: number },
  b: { x: number; y: number },
): LayoutSpec {
  const clamp = (v: number, max: number) => Math.min(max - 1, Math.max(0, Math.floor(v)));
  const x0 = clamp(Math.min(a.x, b.x), spec.cols);
  const y0 = clamp(Math.min(a.y, b.y), spec.rows);
  const rect = {
    x: x0,
    y: y0,
    w: clamp(Math.max(a.x, b.x), spec.cols) - x0 + 1,
    h: clamp(Math.max(a.y, b.y), spec.rows) - y0 + 1,
  };
  const kept = spec.cells.filter((c) => !overlaps(c, rect));
  return fillGaps({ cols: spec.cols, rows: spec.rows, cells: [...kept, rect] });
}

/** The custom editor's grid size: cells that no longer fit are dropped, the rest kept. */
export function resizeGrid(spec: LayoutSpec, cols: number, rows: number): LayoutSpec {
  const c = Math.min(MAX_GRID, Math.max(1, Math.round(cols)));
  const r = Math.min(MAX_GRID, Math.max(1, Math.round(rows)));
  const kept = spec.cells.filter((cell) => cell.x + cell.w <= c && cell.y + cell.h <= r);
  return fillGaps({ cols: c, rows: r, cells: kept });
}

/** Saved order reconciled with the cameras that exist now: unknown ids dropped, new ones appended. */
export function reconcileOrder(saved: readonly string[], cameraIds: readonly string[]): string[] {
  const present = new Set(cameraIds);
  const kept = saved.filter((id, i) => present.has(id) && saved.indexOf(id) === i);
  const keptSet = new Set(kept);
  return [...kept, ...cameraIds.filter((id) => !keptSet.has(id))];
}

/** Moves `id` to where `targetId` is (drag and drop of tiles). */
export function moveTile(order: readonly string[], id: string, targetId: string): string[] {
  const from = order.indexOf(id);
  const to = order.indexOf(targetId);
  if (from < 0 || to < 0 || from === to) return [...order];
  const next = [...order];
  next.splice(from, 1);
  next.splice(to, 0, id);
  return next;
}

export interface Slot {
  cell: Cell;
  /** Camera shown in this slot on this page; undefined when the page has none left for it. */
  cameraId?: string;
  /** The operator chose this camera for this slot; it stays on every page. */
  pinned: boolean;
}

export interface FilledLayout {
  slots: Slot[];
  page: number;
  pages: number;
}

/**
 * Which camera each slot shows: pinned cameras (that still exist, each pinned once) in their
 * slots on every page; the other cameras, in the wall's order, fill the free slots page by page.
 */
export function fillSlots(
  spec: LayoutSpec,
  order: readonly string[],
  pins: ReadonlyArray<string | null | undefined>,
  page: number,
): FilledLayout {
  const present = new Set(order);
  const used = new Set<string>();
  const pinned = spec.cells.map((_, i) => {
    const id = pins[i];
    if (!id || !present.has(id) || used.has(id)) return undefined;
    used.add(id);
    return id;
  });
  const rest = order.filter((id) => !used.has(id));
  const free = pinned.filter((id) => !id).length;
  const pages = free ? Math.max(1, Math.ceil(rest.length / free)) : 1;
  const current = Math.min(pages - 1, Math.max(0, Math.floor(page)));
  let next = current * free;
  const slots = spec.cells.map((cell, i): Slot => {
    const id = pinned[i];
    if (id) return { cell, cameraId: id, pinned: true };
    return { cell, cameraId: rest[next++], pinned: false };
  });
  return { slots, page: current, pages };
}

/** Pins `cameraId` to slot `index` (undefined: back to automatic); a camera is pinned once. */
export function pinSlot(
  pins: ReadonlyArray<string | null | undefined>,
  slotCount: number,
  index: number,
  cameraId: string | undefined,
): Array<string | null> {
  const next = Array.from({ length: slotCount }, (_, i) => pins[i] ?? null).map((id) =>
    cameraId && id === cameraId ? null : id,
  );
  if (index >= 0 && index < slotCount) next[index] = cameraId ?? null;
  return next;
}

/**
 * The wall's box inside the space available, so that every grid square's picture has the
 * cameras' usual 16:9 shape (plus its caption bar) instead of stretching into tall strips or
 * wide bands.
 */
export function fitWall(
  spec: Pick<LayoutSpec, 'cols' | 'rows'>,
  available: { w: number; h: number },
  captionPx = 0,
  aspect = 16 / 9,
): { w: number; h: number } {
  if (available.w <= 0 || available.h <= 0) return { w: 0, h: 0 };
  const cellW = Math.min(
    available.w / spec.cols,
    Math.max(0, available.h / spec.rows - captionPx) * aspect,
  );
  return {
    w: Math.floor(cellW * spec.cols),
    h: Math.floor((cellW / aspect + captionPx) * spec.rows),
  };
}

/** The default custom layout before the operator edits one: one large tile and five small ones. */
export const DEFAULT_CUSTOM: LayoutSpec = bigPlusSmall(3, 2);
