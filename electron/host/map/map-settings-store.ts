import { mapSettingsSchema, type MapSettings } from '../../shared/config/map-settings';

const MAP_SETTINGS_STATE = 'map.settings';

interface StateStore {
  getState(key: string): string | undefined;
  setState(key: string, value: string): void;
}

/** The map's tile layer, in the store's host state (in memory for a host without a store). */
export class HostMapSettings {
  private memory?: MapSettings;

  constructor(private readonly store: StateStore | undefined) {}

  get(): MapSettings {
    const raw = this.store?.getState(MAP_SETTINGS_STATE);
    if (raw === undefined) return this.memory ?? mapSettingsSchema.parse({});
    try {
      return mapSettingsSchema.parse(JSON.parse(raw));
    } catch {
      // Written by another version: the defaults rather than no map.
      return mapSettingsSchema.parse({});
    }
  }

  save(settings: MapSettings): MapSettings {
    const value = mapSettingsSchema.parse(settings);
    if (this.store) this.store.setState(MAP_SETTINGS_STATE, JSON.stringify(value));
    else this.memory = value;
    return value;
  }
}
