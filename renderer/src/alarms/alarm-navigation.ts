import { navigate } from '../state/router';
import { useWallStore } from '../wall/wall-store';

/** Shows the camera alone on the wall (the wall view opens if another view is shown). */
export function focusCamera(cameraId: string): void {
  useWallStore.getState().setFocused(cameraId);
  navigate('wall');
}

/** Opens the infraction behind an event alarm in review. */
export function openEvidence(infractionId: string): void {
  navigate('review', infractionId);
}
