/**
 * The built-in demo camera seeded on a first start. Its stored name is the Spanish default; while
 * the operator has not renamed it, the UI shows it in the user's language instead.
 */
export const DEMO_CAMERA_ID = 'demo';
export const DEMO_CAMERA_DEFAULT_NAME = 'Demo · tráfico sintético';

/** True when a camera still carries the seeded demo name (so it may be shown translated). */
export function hasDefaultDemoName(camera: { name: string; source: { kind: string } }): boolean {
  return camera.source.kind === 'demo' && camera.name === DEMO_CAMERA_DEFAULT_NAME;
}
