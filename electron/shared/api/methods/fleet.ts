import { z } from 'zod';
import type { MethodSpec } from '../method-spec';

/** Fleet mode (hosts sharing cameras through PostgreSQL leases): the System view's Fleet section. */

export const fleetNodeSchema = z.object({
  id: z.string(),
  role: z.string(),
  /** The URL it serves, once known. */
  address: z.string().optional(),
  provider: z.string(),
  /** Cameras it can take. */
  capacity: z.number().int(),
  /** Seconds since its last heartbeat, on the server's clock. */
  heartbeatAgeSec: z.number(),
  /** Heartbeat within the lease length. */
  alive: z.boolean(),
  /** Cameras it holds a valid lease on. */
  cameras: z.array(z.string()),
  /** cameras / capacity, 0..1 (above 1 only when pinned cameras exceed it). */
  load: z.number(),
  /** This host. */
  self: z.boolean(),
});
export type FleetNode = z.infer<typeof fleetNodeSchema>;

export const fleetLeaseSchema = z.object({
  cameraId: z.string(),
  nodeId: z.string().optional(),
  /** Seconds until it expires (negative: expired); absent when released. */
  expiresInSec: z.number().optional(),
  valid: z.boolean(),
  /** Fencing counter: +1 each time the camera changes hands. */
  epoch: z.number().int(),
  /** Pending or standing "move camera to node" for it. */
  moveTo: z.string().optional(),
});
export type FleetLease = z.infer<typeof fleetLeaseSchema>;

/** A camera that changed hands because its holder stopped renewing (expired) or was moved. */
export const fleetFailoverSchema = z.object({
  cameraId: z.string(),
  fromNode: z.string(),
  toNode: z.string().optional(),
  reason: z.enum(['expired', 'moved']),
  /** Epoch ms (server clock) the old lease ended. */
  at: z.number(),
  /** Epoch of the lease that ended. */
  epoch: z.number().int(),
});
export type FleetFailover = z.infer<typeof fleetFailoverSchema>;

export const fleetOverviewSchema = z.object({
  /** False on a host without a shared PostgreSQL server: no fleet. */
  enabled: z.boolean(),
  self: z.string().optional(),
  leaseSeconds: z.number().optional(),
  nodes: z.array(fleetNodeSchema),
  leases: z.array(fleetLeaseSchema),
  failovers: z.array(fleetFailoverSchema),
});
export type FleetOverview = z.infer<typeof fleetOverviewSchema>;

export const fleetMethods = {
  'fleet.overview': {
    params: z.object({}),
    result: fleetOverviewSchema,
    permission: 'sync.read',
  },
  /**
   * Moves a camera to a node: its holder stops it and hands the lease back, the target takes it
   * (within about one lease length). The move stands like a pin while the target is alive;
   * `nodeId: null` clears it (the camera goes back to normal placement). Audited.
   */
  'fleet.moveCamera': {
    params: z.object({
      cameraId: z.string().min(1).max(128),
      nodeId: z.string().min(1).max(128).nullable(),
    }),
    result: z.object({ cameraId: z.string(), nodeId: z.string().nullable() }),
    permission: 'sync.admin',
  },
} satisfies Record<string, MethodSpec>;
