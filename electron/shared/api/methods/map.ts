import { z } from 'zod';
import { mapSettingsSchema } from '../../config/map-settings';
import type { MethodSpec } from '../method-spec';

/** The camera map: its tile layer setting and the tiles, fetched by the host for the page. */
export const mapMethods = {
  'map.settings.get': {
    params: z.object({}).strict(),
    result: mapSettingsSchema,
    permission: 'live',
  },
  'map.settings.set': {
    params: z.object({ settings: mapSettingsSchema }).strict(),
    result: mapSettingsSchema,
    permission: 'config',
  },
  /** One XYZ tile of the configured layer, as base64 (the page shows it as a `data:` image). */
  'map.tile': {
    params: z
      .object({
        z: z.number().int().min(0).max(19),
        x: z.number().int().min(0),
        y: z.number().int().min(0),
      })
      .strict(),
    result: z.object({ contentType: z.string(), base64: z.string() }),
    permission: 'live',
  },
} satisfies Record<string, MethodSpec>;
