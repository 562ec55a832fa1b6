import { CodedError } from '../../shared/coded-error';
import type { HostMapSettings } from '../map/map-settings-store';
import type { TileProxy } from '../map/tile-proxy';
import type { AuditLog } from '../store/audit';
import { callerName, type DomainHandlers } from '../api-types';

export interface MapHandlerContext {
  settings: HostMapSettings;
  tiles: TileProxy;
  audit?: Pick<AuditLog, 'append'>;
}

export function createMapHandlers(c: MapHandlerContext): DomainHandlers<'map'> {
  return {
    'map.settings.get': () => c.settings.get(),
    'map.settings.set': ({ settings }, ctx) => {
      const saved = c.settings.save(settings);
      c.audit?.append(callerName(ctx, 'local'), 'map.settings', 'map', { ...saved });
      return saved;
    },
    'map.tile': ({ z, x, y }) => {
      const s = c.settings.get();
      if (!s.tilesEnabled) throw new CodedError('map.error.tilesDisabled', 'map tiles are off');
      return c.tiles.tile(s.tileUrlTemplate, { z, x, y });
    },
  };
}
