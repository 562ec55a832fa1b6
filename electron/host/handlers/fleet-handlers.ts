import { CodedError } from '../../shared/coded-error';
import { classifyPgError } from '../sync/pg-errors';
import type { CameraGate } from '../fleet/lease-manager';
import type { AuditLog } from '../store/audit';
import { callerName, type DomainHandlers } from '../api-types';

/** What `fleet.*` needs: the lease manager (fleet mode only), the cameras, the audit log. */
export interface FleetHandlerContext {
  fleet?: Pick<CameraGate, 'overview' | 'move'>;
  cameraExists(id: string): boolean;
  audit: Pick<AuditLog, 'append'>;
  /** Runs the audit entry in a store transaction. */
  tx<T>(fn: () => T): T;
}

/** A shared-server failure as the coded error the System view shows. */
function serverError(e: unknown): CodedError {
  if (e instanceof CodedError) return e;
  const err = classifyPgError(e);
  return new CodedError(err.code, err.message);
}

/** System view → Fleet: nodes, leases and failovers; "move camera to node" (administrators, audited). */
export function createFleetHandlers(deps: FleetHandlerContext): DomainHandlers<'fleet'> {
  return {
    'fleet.overview': async () => {
      if (!deps.fleet?.overview) return { enabled: false, nodes: [], leases: [], failovers: [] };
      try {
        return await deps.fleet.overview();
      } catch (e) {
        throw serverError(e);
      }
    },
    'fleet.moveCamera': async ({ cameraId, nodeId }, ctx) => {
      if (!deps.fleet?.move)
        throw new CodedError('fleet.error.notFleet', 'this host is not in a fleet');
      if (!deps.cameraExists(cameraId))
        throw new CodedError('fleet.error.unknownCamera', `no camera "${cameraId}"`, {
          camera: cameraId,
        });
      try {
        await deps.fleet.move(cameraId, nodeId, callerName(ctx, 'local'));
      } catch (e) {
        throw serverError(e);
      }
      deps.tx(() =>
        deps.audit.append(callerName(ctx, 'local'), 'fleet.moveCamera', cameraId, {
          nodeId,
        }),
      );
      return { cameraId, nodeId };
    },
  };
}
