import { describe, expect, it } from 'vitest';
import { parseFleetArgs, workstationFleetArgs } from '../../../../electron/host/fleet/fleet-args';
import { fleetCameras } from '../../../../electron/host/fleet/fleet-mode';
import { cameraConfigSchema } from '../../../../electron/shared/config/camera';

describe('fleet options of watcher serve', () => {
  it('defaults to a workstation with a capacity from the cores and a 10 s lease', () => {
    const a = parseFleetArgs({}, {});
    expect(a).toMatchObject({ role: 'workstation', leaseMs: 10_000, provider: 'auto' });
    expect(typeof a !== 'string' && a.capacity).toBeGreaterThan(0);
  });

  it('takes --role, --max-cameras and --lease-seconds, or their environment', () => {
    expect(
      parseFleetArgs({ role: 'node', 'max-cameras': '6', 'lease-seconds': '3' }, {}),
    ).toMatchObject({ role: 'node', capacity: 6, leaseMs: 3000 });
    expect(
      parseFleetArgs({}, { WATCHER_MAX_CAMERAS: '9', WATCHER_LEASE_SECONDS: '4' }),
    ).toMatchObject({ capacity: 9, leaseMs: 4000 });
  });

  it('refuses bad values with a message', () => {
    expect(parseFleetArgs({ role: 'boss' }, {})).toMatch(/--role/);
    expect(parseFleetArgs({ 'max-cameras': '0' }, {})).toMatch(/--max-cameras/);
    expect(parseFleetArgs({ 'lease-seconds': 'x' }, {})).toMatch(/--lease-seconds/);
    expect(workstationFleetArgs({ WATCHER_LEASE_SECONDS: 'x' }).leaseMs).toBe(10_000);
  });

  it('placement comes from the camera config; disabled cameras are not leased', () => {
    const cams = [
      cameraConfigSchema.parse({
        id: 'a',
        name: 'A',
        source: { kind: 'demo' },
        fleet: { pinnedNode: 'gpu-1', group: 'north' },
      }),
      cameraConfigSchema.parse({ id: 'b', name: 'B', source: { kind: 'demo' }, enabled: false }),
    ];
    expect(fleetCameras(cams)).toEqual([{ id: 'a', pinnedNode: 'gpu-1', group: 'north' }]);
  });
});
