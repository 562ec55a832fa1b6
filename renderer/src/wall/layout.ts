/** Wall layouts and tile ordering: pure helpers behind the wall's layout store. */
export const LAYOUTS = ['1', '2x2', '3x3', '4x4', 'custom'] as const;
export type WallLayout = (typeof LAYOUTS)[number];

/** Columns and how many tiles a layout shows; `custom` fits every camera in a near-square grid. */
export function gridFor(
  layout: WallLayout,
  cameraCount: number,
): { cols: number; rows: number; capacity: number } {
  const n = Math.max(1, cameraCount);
  const side =
    layout === 'custom' ? Math.ceil(Math.sqrt(n)) : layout === '1' ? 1 : Number(layout[0]);
  const rows = layout === 'custom' ? Math.ceil(n / side) : side;
  return { cols: side, rows, capacity: layout === 'custom' ? n : side * side };
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
