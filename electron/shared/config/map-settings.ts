import { z } from 'zod';

/** OpenStreetMap's standard tiles: the default layer (their usage policy asks for attribution). */
export const DEFAULT_TILE_URL_TEMPLATE = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
export const DEFAULT_TILE_ATTRIBUTION = '© OpenStreetMap contributors';

/** Why a tile URL template is refused: an i18n key, and its English words for the schema. */
export const TILE_TEMPLATE_PROBLEMS = {
  'map.template.notHttp': 'the tile URL must start with http:// or https://',
  'map.template.placeholders': 'the tile URL must hold {z}, {x} and {y} exactly once each',
  'map.template.otherPlaceholder': 'only {z}, {x} and {y} may be filled in',
  'map.template.invalid': 'not a valid URL once {z}, {x} and {y} are filled in',
  'map.template.credentials': 'the tile URL must not hold a user or password',
} as const;
export type TileTemplateProblem = keyof typeof TILE_TEMPLATE_PROBLEMS;

/**
 * Whether an XYZ tile URL template is usable: http(s), with `{z}`, `{x}` and `{y}` each exactly
 * once, no credentials, and a valid URL once they are filled in.
 */
export function tileTemplateProblem(template: string): TileTemplateProblem | undefined {
  if (!/^https?:\/\//i.test(template)) return 'map.template.notHttp';
  for (const k of ['{z}', '{x}', '{y}'])
    if (template.split(k).length !== 2) return 'map.template.placeholders';
  const sample = tileUrl(template, { z: 1, x: 0, y: 1 });
  if (/[{}]/.test(sample)) return 'map.template.otherPlaceholder';
  let u: URL;
  try {
    u = new URL(sample);
  } catch {
    return 'map.template.invalid';
  }
  if (u.username || u.password) return 'map.template.credentials';
  return undefined;
}

export const tileUrlTemplateSchema = z
  .string()
  .trim()
  .max(1000)
  .superRefine((t, ctx) => {
    const problem = tileTemplateProblem(t);
    if (problem) ctx.addIssue({ code: 'custom', message: TILE_TEMPLATE_PROBLEMS[problem] });
  });

export const mapSettingsSchema = z.object({
  tileUrlTemplate: tileUrlTemplateSchema.default(DEFAULT_TILE_URL_TEMPLATE),
  attribution: z.string().max(300).default(DEFAULT_TILE_ATTRIBUTION),
  /** Off: the schematic view only (a room that must not reach any tile server). */
  tilesEnabled: z.boolean().default(true),
});
export type MapSettings = z.infer<typeof mapSettingsSchema>;

export interface TileCoord {
  z: number;
  x: number;
  y: number;
}

export function tileUrl(template: string, t: TileCoord): string {
  return template
    .replace('{z}', String(t.z))
    .replace('{x}', String(t.x))
    .replace('{y}', String(t.y));
}
