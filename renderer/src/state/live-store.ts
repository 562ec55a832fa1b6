import { create } from 'zustand';
import type { CameraConfig, CameraStatus } from '../../../electron/common/config/camera';
import type { ApiEventPayload } from '../../../electron/common/api/contract';

type Detections = ApiEventPayload<'camera.detections'>;

/**
 * Live state of the wall. Preview frames do not go through React state (16 tiles × 10 fps would
 * re-render the tree constantly): tiles subscribe to the client directly and paint on canvas.
 */
interface LiveState {
  connection: 'connecting' | 'open' | 'closed';
  cameras: CameraConfig[];
  statuses: Record<string, CameraStatus>;
  /** Recent detections per camera keyed by frameId, so an overlay is drawn on its own frame. */
  detections: Record<string, Detections[]>;
  setConnection(c: LiveState['connection']): void;
  setCameras(cameras: CameraConfig[]): void;
  setStatus(status: CameraStatus): void;
  addDetections(d: Detections): void;
}

const KEEP_DETECTION_FRAMES = 30;

export const useLiveStore = create<LiveState>((set) => ({
  connection: 'connecting',
  cameras: [],
  statuses: {},
  detections: {},
  setConnection: (connection) => set({ connection }),
  setCameras: (cameras) => set({ cameras }),
  setStatus: (status) => set((s) => ({ statuses: { ...s.statuses, [status.cameraId]: status } })),
  addDetections: (d) =>
    set((s) => ({
      detections: { ...s.detections, [d.cameraId]: [...(s.detections[d.cameraId] ?? []), d].slice(-KEEP_DETECTION_FRAMES) },
    })),
}));
