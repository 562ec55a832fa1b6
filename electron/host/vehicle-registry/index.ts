import type { InfractionEvent } from '../../shared/domain/infraction';
import { HttpVehicleRegistry } from './http-provider';
import { registryConfigSchema, type RegistryLookup, type VehicleRegistryProvider } from './types';

export * from './types';
export { HttpVehicleRegistry, pickPath } from './http-provider';
export { TtlCache } from './ttl-cache';
export { RateLimiter } from './rate-limiter';

/** Stands in when no registry is configured: nothing is asked, nothing is sent anywhere. */
export const noVehicleRegistry: VehicleRegistryProvider = {
  name: 'none',
  async lookup() {
    return { status: 'disabled' };
  },
};

/**
 * The provider for a (validated) configuration; undefined or null config means no lookups.
 * An invalid configuration throws here, at settings time, not at lookup time.
 */
export function createVehicleRegistry(config: unknown): VehicleRegistryProvider {
  if (config === undefined || config === null) return noVehicleRegistry;
  const cfg = registryConfigSchema.parse(config);
  return new HttpVehicleRegistry(cfg);
}

/**
 * Looks up the plate of an infraction. The infraction is never modified: the caller stores the
 * returned enrichment beside it ("found" with make/model/colour/owner reference, or "failed" with
 * the reason, or "not-found"/"disabled").
 */
export async function enrichInfraction(
  infraction: Pick<InfractionEvent, 'plate'>,
  registry: VehicleRegistryProvider,
): Promise<RegistryLookup | { status: 'no-plate' }> {
  if (!infraction.plate?.text) return { status: 'no-plate' };
  try {
    return await registry.lookup(infraction.plate.text, { country: infraction.plate.country });
  } catch (err) {
    // A third-party provider implementation that throws still must not lose the infraction.
    return {
      status: 'failed',
      plate: infraction.plate.text,
      reason: 'plates.registry.network',
      message: err instanceof Error ? err.message : String(err),
      attempts: 1,
    };
  }
}
