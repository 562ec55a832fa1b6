import { inferenceSettingsSchema } from '../../shared/protocol/worker-protocol';
import { defaultCapacity, NODE_ROLES } from './fleet-mode';
import type { NodeRole } from './lease-manager';

export const FLEET_USAGE = `  --role <r>         node | workstation (default workstation). With a shared PostgreSQL server
                     (Settings → Sync) every host registers in watcher.nodes and analyses only
                     the cameras it holds a lease on; a node is a headless analysis machine.
  --max-cameras <n>  Cameras this host takes in fleet mode (default $WATCHER_MAX_CAMERAS or four per CPU core)
  --lease-seconds <s> Camera lease length in fleet mode (default $WATCHER_LEASE_SECONDS or 10)
`;

export interface FleetArgs {
  role: NodeRole;
  capacity: number;
  provider: string;
  leaseMs: number;
}

/** `watcher serve`'s fleet options, or the message for a bad one. */
export function parseFleetArgs(
  values: { role?: string; 'max-cameras'?: string; 'lease-seconds'?: string },
  env: NodeJS.ProcessEnv,
): FleetArgs | string {
  const role = values.role ?? 'workstation';
  if (!NODE_ROLES.includes(role as NodeRole))
    return `--role must be one of ${NODE_ROLES.join(', ')}, got "${role}"`;
  let capacity = defaultCapacity();
  const maxRaw = values['max-cameras'] ?? (env.WATCHER_MAX_CAMERAS?.trim() || undefined);
  if (maxRaw !== undefined) {
    capacity = Number(maxRaw);
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > 10_000)
      return `--max-cameras must be a whole number 1..10000, got "${maxRaw}"`;
  }
  const leaseRaw = values['lease-seconds'] ?? env.WATCHER_LEASE_SECONDS ?? '10';
  const leaseSeconds = Number(leaseRaw);
  if (!Number.isFinite(leaseSeconds) || leaseSeconds < 1 || leaseSeconds > 3600)
    return `--lease-seconds must be 1..3600, got "${leaseRaw}"`;
  return {
    role: role as NodeRole,
    capacity,
    provider: inferenceSettingsSchema.parse({}).provider,
    leaseMs: Math.round(leaseSeconds * 1000),
  };
}

/** The desktop app: always a workstation, default capacity, lease from $WATCHER_LEASE_SECONDS. */
export function workstationFleetArgs(env: NodeJS.ProcessEnv): FleetArgs {
  const args = parseFleetArgs({ role: 'workstation' }, env);
  return typeof args === 'string'
    ? (parseFleetArgs({ role: 'workstation' }, {}) as FleetArgs)
    : args;
}
