import type { ApiClient } from '../../../electron/shared/api/client';
import type { PreviewFrame } from './live-store';

/**
 * The latest preview frame of each camera, filled from the API for as long as the app is
 * connected, whichever view is open (the host also sends each camera's last frame on connect).
 * Kept outside React state: frames arrive at up to 10 fps per camera and only views that take a
 * still (the calibration tool) read them.
 */
const latest = new Map<string, PreviewFrame>();

export function latestPreview(cameraId: string): PreviewFrame | undefined {
  return latest.get(cameraId);
}

/** Keeps the latest frames filled from the client's preview events; returns the unsubscriber. */
export function trackPreviews(client: Pick<ApiClient, 'on'>): () => void {
  return client.on('camera.preview', (frame) => latest.set(frame.cameraId, frame));
}
