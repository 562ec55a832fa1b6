import { z } from 'zod';

/** OpenStreetMap's standard tiles: the default layer (their usage policy asks for attribution). */
export const DEFAULT_TILE_URL_TEMPLATE = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
export const DEFAULT_TILE_ATTRIBUTION = '© OpenStreetMap contributors';

/**
 * Whether an XYZ tile URL template is usable: http(s), with `{z}`, `{x}` and `{y}` each exactly
 * once, no credentials, and a valid URL once they are filled in.
 */
export function tileTemplateProblem(template: string): string | undefined {
  if (!/^https?:\/\//i.test(template)) return 'the tile URL must start with http:// or https://';
  for (const k of ['{z}', '{x}', '{y}'])
    if (template.split(k).length !== 2) return `the tile URL must hold ${k} exactly once`;
  const sample = tileUrl(template, { z: 1, x: 0, y: 1 });
  if (/[{}]/.test(sample)) return 'only {z}, {x} and {y} may be filled in';
  let u: URL;
  try {
    u = new URL(sample);
  } catch {
    return 'not a valid URL once {z}, {x} and {y} are filled in';
  }
  if (u.username || u.password) return 'the tile URL must not hold a user or password';
  return undefined;
}

export const tileUrlTemplateSchema = z
  .string()
  .trim()
  .max(1000)
  .superRefine((t, ctx) => {
    const problem = tileTemplateProblem(t);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
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
