import { create } from 'zustand';
import { userKey } from '../state/session-store';
import { type WallLayout, LAYOUTS } from './layout';

interface WallPrefs {
  layout: WallLayout;
  order: string[];
}

interface WallState extends WallPrefs {
  /** Camera shown alone after a double-click; not persisted (a reload returns to the grid). */
  focused?: string;
  setLayout(layout: WallLayout): void;
  setOrder(order: string[]): void;
  setFocused(id: string | undefined): void;
  /** Reads the current user's saved layout (call after login). */
  loadForUser(): void;
}

const storageKey = () => `watcher.wall.${userKey()}`;

function load(): WallPrefs {
  try {
    const raw = JSON.parse(
      localStorage.getItem(storageKey()) ?? 'null',
    ) as Partial<WallPrefs> | null;
    return {
      layout:
        raw && (LAYOUTS as readonly string[]).includes(raw.layout ?? '')
          ? (raw.layout as WallLayout)
          : 'custom',
      order: Array.isArray(raw?.order)
        ? raw.order.filter((x): x is string => typeof x === 'string')
        : [],
    };
  } catch {
    return { layout: 'custom', order: [] };
  }
}

function save(p: WallPrefs): void {
  try {
    localStorage.setItem(storageKey(), JSON.stringify(p));
  } catch {
    // Storage full or disabled: the layout lasts for this page only.
  }
}

/** Wall layout and tile order, saved per user in this browser/window. */
export const useWallStore = create<WallState>((set, get) => ({
  ...load(),
  setLayout: (layout) => {
    set({ layout });
    save({ layout, order: get().order });
  },
  setOrder: (order) => {
    set({ order });
    save({ layout: get().layout, order });
  },
  setFocused: (focused) => set({ focused }),
  loadForUser: () => set(load()),
}));
