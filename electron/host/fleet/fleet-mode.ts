import os from 'node:os';
import type { CameraConfig } from '../../shared/config/camera';
import type { Logger } from '../logging/logger';
import type { ControlRoomStore } from '../store/store';
import { loadSyncConfig, pgClientConfig } from '../sync/sync-config';
import { LeaseManager, type NodeRole } from './lease-manager';
import type { FleetCamera } from './lease-rules';

export const NODE_ROLES: readonly NodeRole[] = ['node', 'workstation'];

/** Cameras a node takes by default: four per core (motion-gated CPU analysis; set --max-cameras for a GPU). */
export function defaultCapacity(): number {
  const cores =
    typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, cores * 4);
}

export function fleetCameras(cameras: readonly CameraConfig[]): FleetCamera[] {
  return cameras
    .filter((c) => c.enabled)
    .map((c) => ({ id: c.id, pinnedNode: c.fleet?.pinnedNode, group: c.fleet?.group }));
}

/**
 * Fleet mode is on when the host syncs with a shared PostgreSQL server: its cameras are then
 * analysed only under a lease. Without one (a single workstation) there is no gate and every
 * configured camera runs here, as before.
 */
export function createFleetGate(opts: {
  store: ControlRoomStore;
  role: NodeRole;
  capacity: number;
  provider: string;
  leaseMs?: number;
  logger: Logger;
  address: () => string | undefined;
  cameras: () => readonly CameraConfig[];
  isRunning: (cameraId: string) => boolean;
}): LeaseManager | undefined {
  const initial = loadSyncConfig(opts.store);
  if (!initial?.enabled) return undefined;
  const log = opts.logger.child('fleet');
  const manager = new LeaseManager({
    nodeId: opts.store.hostId,
    role: opts.role,
    capacity: opts.capacity,
    provider: opts.provider,
    leaseMs: opts.leaseMs,
    address: opts.address,
    cameras: () => fleetCameras(opts.cameras()),
    isRunning: opts.isRunning,
    clientConfig: () => {
      const c = loadSyncConfig(opts.store);
      if (!c?.enabled) return undefined;
      const password = c.passwordBlob ? opts.store.secretBox.decrypt(c.passwordBlob) : undefined;
      return pgClientConfig(c, password, {
        connectTimeoutMs: 5000,
        queryTimeoutMs: 5000,
        hostId: opts.store.hostId,
      });
    },
    onLog: (msg, fields) =>
      msg === 'camera leases changed' ? log.info(msg, fields) : log.warn(msg, fields),
  });
  log.info('fleet mode: cameras run under leases', {
    node: opts.store.hostId,
    role: opts.role,
    capacity: opts.capacity,
    leaseMs: manager.leaseMs,
  });
  return manager;
}
