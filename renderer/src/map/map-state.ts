import type { CameraConfig, CameraStatus } from '../../../electron/shared/config/camera';
import type { Alarm } from '../../../electron/shared/domain/alarm';

/** What a camera's marker says on the map. */
export type MapCameraState = 'online' | 'offline' | 'alarm' | 'disabled';

/**
 * A camera's state on the map: an open alarm wins (the operator must see it), then disabled,
 * then online when frames arrive (streaming, or analysed by another node of the fleet), else
 * offline (connecting, stalled, reconnecting, error, no status yet).
 */
export function mapCameraState(
  camera: Pick<CameraConfig, 'id' | 'enabled'>,
  status: CameraStatus | undefined,
  alarms: Iterable<Pick<Alarm, 'cameraId' | 'state'>>,
): MapCameraState {
  for (const a of alarms) if (a.cameraId === camera.id && a.state !== 'closed') return 'alarm';
  if (!camera.enabled) return 'disabled';
  if (status?.state === 'streaming') return 'online';
  if (status?.reasonCode === 'fleet.camera.elsewhere') return 'online';
  return 'offline';
}

export interface PlacedCamera {
  camera: CameraConfig;
  lat: number;
  lon: number;
  headingDeg?: number;
}

/** The cameras with a GPS position, and those the map cannot place. */
export function placeCameras(cameras: readonly CameraConfig[]): {
  placed: PlacedCamera[];
  unplaced: CameraConfig[];
} {
  const placed: PlacedCamera[] = [];
  const unplaced: CameraConfig[] = [];
  for (const camera of cameras) {
    const p = camera.site?.position;
    if (p) placed.push({ camera, lat: p.lat, lon: p.lon, headingDeg: camera.site?.headingDeg });
    else unplaced.push(camera);
  }
  return { placed, unplaced };
}
