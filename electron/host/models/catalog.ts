import { CodedError } from '../../shared/coded-error';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LAYOUTS } from '../../shared/domain/model-layout';
import { COCO80 } from '../../../inference/vision/detect/labels';

export const catalogEntrySchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9._-]+$/, 'model id: letters, digits, ".", "-" and "_"'),
  name: z.string().optional(),
  file: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256: 64 lower-case hex digits'),
  sizeBytes: z.number().int().positive().optional(),
  layout: z.enum(LAYOUTS).optional(),
  inputSize: z
    .object({ width: z.number().int().positive(), height: z.number().int().positive() })
    .optional(),
  labels: z.union([z.literal('coco80'), z.array(z.string())]).optional(),
  strides: z.array(z.number().int().positive()).optional(),
  logits: z.boolean().optional(),
  licence: z.string(),
  source: z.string(),
  url: z.string().url().nullable().optional(),
});
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

export const catalogSchema = z.object({
  version: z.literal(1),
  models: z.array(catalogEntrySchema),
});
export type Catalog = z.infer<typeof catalogSchema>;

/** The shipped catalog: beside the sources (`models/` at the repo root) or the built bundle. */
export function defaultCatalogPath(): string {
  if (process.env.WATCHER_MODELS_CATALOG) return path.resolve(process.env.WATCHER_MODELS_CATALOG);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    path.resolve(here, '../../../models/catalog.json'),
    path.resolve(here, '../../models/catalog.json'),
    path.resolve(here, '../models/catalog.json'),
  ];
  return candidates.find((c) => existsSync(c)) ?? candidates[0];
}

export function loadCatalog(file = defaultCatalogPath()): Catalog {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CodedError(
      'models.catalog.unreadable',
      `cannot read the model catalog ${file}: ${(err as Error).message}`,
    );
  }
  const parsed = catalogSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CodedError(
      'models.catalog.invalid',
      `model catalog ${file} is invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  return parsed.data;
}

export function findEntry(catalog: Catalog, id: string): CatalogEntry {
  const entry = catalog.models.find((m) => m.id === id);
  if (!entry)
    throw new CodedError(
      'models.unknown',
      `no model "${id}" in the catalog (known: ${catalog.models.map((m) => m.id).join(', ') || 'none'})`,
    );
  return entry;
}

/**
 * The sidecar written next to an installed `<id>.onnx`: the worker reads layout overrides from it
 * (inference/worker/detector/model-resolver.ts).
 */
export function sidecarFor(
  entry: Omit<CatalogEntry, 'labels'> & { labels?: CatalogEntry['labels'] },
): Record<string, unknown> {
  return { ...entry, labels: entry.labels === 'coco80' ? [...COCO80] : entry.labels };
}
