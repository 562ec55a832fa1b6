import { create } from 'zustand';
import type { Alarm } from '../../../electron/shared/domain/alarm';
import type { AlarmSettings } from '../../../electron/shared/api/methods/alarms';
import {
  DEFAULT_FILTERS,
  mergeAlarms,
  unreadCount,
  type AlarmFilters,
  type AlarmsById,
} from './alarm-state';

interface AlarmStoreState {
  /** 'unavailable': the host has no alarm methods (or the user may not read them). */
  status: 'loading' | 'ready' | 'unavailable';
  byId: AlarmsById;
  unread: number;
  filters: AlarmFilters;
  selectedId?: string;
  collapsed: boolean;
  /** Epoch ms until which sound is muted; kept in this browser so a reload stays muted. */
  muteUntil?: number;
  settings?: AlarmSettings;
  /** Merges alarms from the list or an event (by id, the higher version wins). */
  upsert(alarms: readonly Alarm[]): void;
  setStatus(status: AlarmStoreState['status']): void;
  setFilters(f: Partial<AlarmFilters>): void;
  select(id: string | undefined): void;
  setCollapsed(collapsed: boolean): void;
  setMuteUntil(until: number | undefined): void;
  setSettings(s: AlarmSettings): void;
  /** Forgets everything (sign-out). */
  reset(): void;
}

const PREFS_KEY = 'watcher.alarms';

function loadPrefs(): { collapsed: boolean; muteUntil?: number } {
  try {
    const raw = JSON.parse(localStorage.getItem(PREFS_KEY) ?? 'null') as {
      collapsed?: unknown;
      muteUntil?: unknown;
    } | null;
    return {
      collapsed: raw?.collapsed === true,
      ...(typeof raw?.muteUntil === 'number' ? { muteUntil: raw.muteUntil } : {}),
    };
  } catch {
    return { collapsed: false };
  }
}

function savePrefs(p: { collapsed: boolean; muteUntil?: number }): void {
  try {
    localStorage.setItem(PREFS_KEY, JSON.stringify(p));
  } catch {
    // Storage disabled: the preference lasts for this page only.
  }
}

/** The control room's alarms, fed by `alarms.list` and the pushed `alarm.*` events. */
export const useAlarmStore = create<AlarmStoreState>((set, get) => ({
  status: 'loading',
  byId: {},
  unread: 0,
  filters: DEFAULT_FILTERS,
  ...loadPrefs(),
  upsert: (alarms) =>
    set((s) => {
      const byId = mergeAlarms(s.byId, alarms);
      return byId === s.byId ? s : { byId, unread: unreadCount(byId) };
    }),
  setStatus: (status) => set({ status }),
  setFilters: (f) => set((s) => ({ filters: { ...s.filters, ...f } })),
  select: (selectedId) => set({ selectedId }),
  setCollapsed: (collapsed) => {
    set({ collapsed });
    savePrefs({ collapsed, muteUntil: get().muteUntil });
  },
  setMuteUntil: (muteUntil) => {
    set({ muteUntil });
    savePrefs({ collapsed: get().collapsed, muteUntil });
  },
  setSettings: (settings) => set({ settings }),
  reset: () => set({ status: 'loading', byId: {}, unread: 0, selectedId: undefined }),
}));
