import { create } from 'zustand';
import { userKey } from '../state/session-store';
import { type LayoutSpec, type WallLayout, DEFAULT_CUSTOM, isValidSpec, LAYOUTS } from './layout';

type Pins = Partial<Record<WallLayout, Array<string | null>>>;

interface WallPrefs {
  layout: WallLayout;
  order: string[];
  /** Camera chosen per slot, per layout (null: automatic). */
  pins: Pins;
  /** The operator's own layout, edited in the layout editor. */
  custom: LayoutSpec;
  /** Seconds per page when touring through the pages; 0 = no tour. */
  tourSec: number;
}

interface WallState extends WallPrefs {
  /** Camera shown alone after a double-click; not persisted (a reload returns to the grid). */
  focused?: string;
  /** Page of the cameras that do not fit; not persisted. */
  page: number;
  setLayout(layout: WallLayout): void;
  setOrder(order: string[]): void;
  setPins(layout: WallLayout, pins: Array<string | null>): void;
  setCustom(spec: LayoutSpec): void;
  setTour(seconds: number): void;
  setPage(page: number): void;
  setFocused(id: string | undefined): void;
  /** Reads the current user's saved layout (call after login). */
  loadForUser(): void;
}

const storageKey = () => `watcher.wall.${userKey()}`;

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

function load(): WallPrefs {
  const fallback: WallPrefs = {
    layout: 'all',
    order: [],
    pins: {},
    custom: DEFAULT_CUSTOM,
    tourSec: 0,
  };
  try {
    const raw = JSON.parse(localStorage.getItem(storageKey()) ?? 'null') as Record<
      string,
      unknown
    > | null;
    if (!raw) return fallback;
    // Layouts saved before the layout editor existed called "all cameras" `custom`.
    const saved = raw.v === 2 ? raw.layout : raw.layout === 'custom' ? 'all' : raw.layout;
    const pins: Pins = {};
    if (raw.pins && typeof raw.pins === 'object')
      for (const l of LAYOUTS) {
        const p = (raw.pins as Record<string, unknown>)[l];
        if (Array.isArray(p)) pins[l] = p.map((x) => (typeof x === 'string' ? x : null));
      }
    return {
      layout: (LAYOUTS as readonly unknown[]).includes(saved) ? (saved as WallLayout) : 'all',
      order: strings(raw.order),
      pins,
      custom: isValidSpec(raw.custom) ? raw.custom : DEFAULT_CUSTOM,
      tourSec:
        typeof raw.tourSec === 'number' && raw.tourSec >= 0 && raw.tourSec <= 3600
          ? raw.tourSec
          : 0,
    };
  } catch {
    return fallback;
  }
}

function save(p: WallPrefs): void {
  try {
    const { layout, order, pins, custom, tourSec } = p;
    localStorage.setItem(
      storageKey(),
      JSON.stringify({ v: 2, layout, order, pins, custom, tourSec }),
    );
  } catch {
    // Storage full or disabled: the layout lasts for this page only.
  }
}

/** Wall layout, slot choices and tile order, saved per user in this browser/window. */
export const useWallStore = create<WallState>((set, get) => {
  const update = (patch: Partial<WallPrefs>) => {
    set(patch);
    save(get());
  };
  return {
    ...load(),
    page: 0,
    setLayout: (layout) => (set({ page: 0 }), update({ layout })),
    setOrder: (order) => update({ order }),
    setPins: (layout, pins) => update({ pins: { ...get().pins, [layout]: pins } }),
    setCustom: (custom) => update({ custom, pins: { ...get().pins, custom: [] } }),
    setTour: (tourSec) => update({ tourSec }),
    setPage: (page) => set({ page }),
    setFocused: (focused) => set({ focused }),
    loadForUser: () => set({ ...load(), page: 0 }),
  };
});
