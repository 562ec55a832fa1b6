import { create } from 'zustand';
import type { CameraConfig, CameraStatus } from '../../../electron/shared/config/camera';
import type { ApiEventPayload } from '../../../electron/shared/api/contract';
import type { RuleSetDraft } from '../../../electron/shared/api/methods/rules';
import type { FrameDetections } from '../../../electron/shared/domain/detection';
import { hasDefaultDemoName } from '../../../electron/shared/config/demo-camera';
import { translator } from '../../../electron/shared/i18n';
import { useI18n } from '../i18n/i18n';

export type InfractionEvent = ApiEventPayload<'infraction.created'>;
export type PreviewFrame = ApiEventPayload<'camera.preview'>;

/**
 * Live state of the wall. Preview frames do not go through React state (16 tiles × 10 fps would
 * re-render the tree constantly): tiles subscribe to the client directly and paint on canvas.
 */
interface LiveState {
  connection: 'connecting' | 'open' | 'closed';
  /** The cameras as shown: the seeded demo camera's default name in the user's language. */
  cameras: CameraConfig[];
  /** The cameras as the host sent them. */
  hostCameras: CameraConfig[];
  statuses: Record<string, CameraStatus>;
  /** Recent detections per camera keyed by frameId, so an overlay is drawn on its own frame. */
  detections: Record<string, FrameDetections[]>;
  /** Newest first; the live event feed beside the wall. */
  feed: InfractionEvent[];
  /** Epoch ms of each camera's latest infraction, to flash its tile. */
  lastInfractionAt: Record<string, number>;
  /** Latest saved zones and lines per camera, drawn on the tiles. */
  ruleSets: Record<string, RuleSetDraft | undefined>;
  setConnection(c: LiveState['connection']): void;
  setCameras(cameras: CameraConfig[]): void;
  setStatus(status: CameraStatus): void;
  addDetections(d: FrameDetections): void;
  /** `flash: false` for history loaded at start-up (only live events flash their tile). */
  addInfraction(e: InfractionEvent, opts?: { flash?: boolean }): void;
  setRuleSet(cameraId: string, r: RuleSetDraft | undefined): void;
}

const KEEP_DETECTION_FRAMES = 30;
const KEEP_FEED = 50;

/** The demo camera's seeded name in the current language; every other name as the user wrote it. */
function shownCameras(cameras: CameraConfig[]): CameraConfig[] {
  const t = translator(useI18n.getState().locale);
  return cameras.map((c) => (hasDefaultDemoName(c) ? { ...c, name: t('camera.demo.name') } : c));
}

export const useLiveStore = create<LiveState>((set) => ({
  connection: 'connecting',
  cameras: [],
  hostCameras: [],
  statuses: {},
  detections: {},
  feed: [],
  lastInfractionAt: {},
  ruleSets: {},
  setConnection: (connection) => set({ connection }),
  setCameras: (cameras) => set({ hostCameras: cameras, cameras: shownCameras(cameras) }),
  setStatus: (status) => set((s) => ({ statuses: { ...s.statuses, [status.cameraId]: status } })),
  addDetections: (d) =>
    set((s) => ({
      detections: {
        ...s.detections,
        [d.cameraId]: [...(s.detections[d.cameraId] ?? []), d].slice(-KEEP_DETECTION_FRAMES),
      },
    })),
  addInfraction: (e, opts) =>
    set((s) =>
      s.feed.some((f) => f.id === e.id)
        ? s
        : {
            feed: [e, ...s.feed].slice(0, KEEP_FEED),
            lastInfractionAt:
              opts?.flash === false
                ? s.lastInfractionAt
                : { ...s.lastInfractionAt, [e.cameraId]: Date.now() },
          },
    ),
  setRuleSet: (cameraId, r) => set((s) => ({ ruleSets: { ...s.ruleSets, [cameraId]: r } })),
}));

// A language change renames the demo camera everywhere it is shown.
useI18n.subscribe(() => useLiveStore.setState((s) => ({ cameras: shownCameras(s.hostCameras) })));
