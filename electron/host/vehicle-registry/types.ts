import { z } from 'zod';

/** What a registry can tell about a vehicle. Every field is optional: services differ. */
export const vehicleInfoSchema = z.object({
  make: z.string().max(100).optional(),
  model: z.string().max(100).optional(),
  colour: z.string().max(60).optional(),
  year: z.number().int().min(1900).max(2100).optional(),
  /** Opaque owner reference of the municipality's service (never a name: data minimisation). */
  ownerRef: z.string().max(200).optional(),
});
export type VehicleInfo = z.infer<typeof vehicleInfoSchema>;

/** Failure codes are i18n keys (electron/shared/i18n/plates.ts). */
export type RegistryFailure =
  | 'plates.registry.timeout'
  | 'plates.registry.network'
  | 'plates.registry.http'
  | 'plates.registry.garbage'
  | 'plates.registry.badPlate';

export type RegistryLookup =
  | { status: 'found'; plate: string; vehicle: VehicleInfo; cached: boolean }
  | { status: 'not-found'; plate: string; cached: boolean }
  | { status: 'failed'; plate: string; reason: RegistryFailure; message: string; attempts: number }
  /** No provider is configured: nothing was asked. */
  | { status: 'disabled' };

export interface VehicleRegistryProvider {
  readonly name: string;
  lookup(plate: string, options?: { country?: string }): Promise<RegistryLookup>;
}

/** HTTP JSON registry: `GET urlTemplate` with `{plate}` / `{country}` filled in (URL-encoded). */
export const httpRegistryConfigSchema = z.object({
  kind: z.literal('http-json'),
  name: z.string().min(1).default('http-json'),
  urlTemplate: z
    .string()
    .refine(
      (u) => /^https?:\/\//i.test(u) && u.includes('{plate}'),
      'must be an http(s) URL containing {plate}',
    ),
  /** Extra request headers (API keys): never logged. */
  headers: z.record(z.string(), z.string()).default({}),
  /** Dotted paths into the JSON response for each field, e.g. { make: "vehicle.brand" }. */
  fieldMap: z
    .object({
      make: z.string().optional(),
      model: z.string().optional(),
      colour: z.string().optional(),
      year: z.string().optional(),
      ownerRef: z.string().optional(),
    })
    .refine((m) => Object.values(m).some(Boolean), 'map at least one field'),
  /** HTTP statuses that mean "no such plate" rather than a failure. */
  notFoundStatuses: z.array(z.number().int()).default([404]),
  timeoutMs: z.number().int().min(50).max(60_000).default(5_000),
  /** Retries after the first attempt, on timeouts, network errors, 429 and 5xx. */
  retries: z.number().int().min(0).max(10).default(2),
  /** First retry delay; doubles each retry. */
  backoffMs: z.number().int().min(0).max(60_000).default(300),
  /** Requests per second at most (spaced evenly). */
  ratePerSecond: z.number().positive().max(1000).default(5),
  cacheTtlMs: z
    .number()
    .int()
    .min(0)
    .default(24 * 3600_000),
  cacheMaxEntries: z.number().int().min(1).default(10_000),
});
export type HttpRegistryConfig = z.input<typeof httpRegistryConfigSchema>;

export const registryConfigSchema = z.discriminatedUnion('kind', [httpRegistryConfigSchema]);
