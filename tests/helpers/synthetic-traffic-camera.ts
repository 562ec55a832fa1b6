import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ControlRoomHost } from '../../electron/host/control-room-host';
import { KeyFileSecretBox } from '../../electron/host/secrets/key-file-secret-box';
import { ControlRoomStore } from '../../electron/host/store/store';
import type { CameraConfigInput } from '../../electron/shared/config/camera';
import type { InfractionEvent } from '../../electron/shared/domain/infraction';
import { repoRoot } from './fixtures';

/**
 * The product's synthetic traffic scene as a live camera: `watcher synth traffic` renders cars
 * driving along a road (video.mp4, its calibration.json and a speed rule set, rules.json); the
 * camera plays the file in a loop, so the same cars cross again and again and the live path fires
 * real infractions.
 */

const run = promisify(execFile);

export interface SyntheticTrafficOptions {
  /** Each car's speed in km/h, in order (`--speeds`). */
  speeds: number[];
  /** The speed rule's limit in km/h (`--limit`). */
  limitKmh: number;
  /** Frame size, e.g. '1280x720' (`--size`); the generator's default when absent. */
  size?: string;
}

/** Renders the scene into `out` (video.mp4, calibration.json, rules.json, truth.json). */
export async function renderSyntheticTraffic(
  out: string,
  opts: SyntheticTrafficOptions,
): Promise<void> {
  await run(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(repoRoot, 'tools/cli.ts'),
      'synth',
      'traffic',
      '--out',
      out,
      '--speeds',
      opts.speeds.join(','),
      '--limit',
      String(opts.limitKmh),
      ...(opts.size ? ['--size', opts.size] : []),
    ],
    { cwd: repoRoot },
  );
}

/** One of the scene's JSON files, parsed. */
export function sceneJson<T = unknown>(scene: string, file: 'calibration.json' | 'rules.json'): T {
  return JSON.parse(readFileSync(path.join(scene, file), 'utf8')) as T;
}

/** The road's outline in the image, from the generated rule set (its speed zone). */
export function sceneRoad(scene: string): {
  imageSize: { width: number; height: number };
  polygon: Array<[number, number]>;
} {
  const rules = sceneJson<{
    imageSize: { width: number; height: number };
    zones: Array<{ polygon: Array<[number, number]> }>;
  }>(scene, 'rules.json');
  return { imageSize: rules.imageSize, polygon: rules.zones[0].polygon };
}

/** The camera that plays the scene in a loop at 25 fps. */
export function syntheticTrafficCamera(scene: string, name: string, id = 'syn'): CameraConfigInput {
  return {
    id,
    name,
    source: { kind: 'file', path: path.join(scene, 'video.mp4'), loop: true },
    analysis: { fps: 25 },
  };
}

interface ConfigWriter {
  addCalibration(cameraId: string, data: unknown, actor: string): unknown;
  addRuleSet(cameraId: string, data: unknown, actor: string): unknown;
}

/**
 * Saves the scene's calibration and a rule set (the scene's speed rules unless `rules` is given)
 * for the camera.
 */
export function addSceneConfig(
  config: ConfigWriter,
  scene: string,
  opts: { cameraId?: string; rules?: unknown } = {},
): void {
  const cameraId = opts.cameraId ?? 'syn';
  config.addCalibration(cameraId, sceneJson(scene, 'calibration.json'), 'test');
  config.addRuleSet(cameraId, opts.rules ?? sceneJson(scene, 'rules.json'), 'test');
}

/** Opens the store in a (not yet served) data dir, the way `watcher serve` will, for seeding. */
export function withDataDirStore(dataDir: string, seed: (store: ControlRoomStore) => void): void {
  const store = ControlRoomStore.open({
    file: path.join(dataDir, 'watcher.db'),
    secretBox: KeyFileSecretBox.open(path.join(dataDir, 'secret.key')),
  });
  try {
    seed(store);
  } finally {
    store.close();
  }
}

/** Every infraction the host announces from now on, in order. */
export function collectInfractions(host: ControlRoomHost): InfractionEvent[] {
  const infractions: InfractionEvent[] = [];
  host.onEvent((e) => {
    if (e.topic === 'infraction.created') infractions.push(e.payload as InfractionEvent);
  });
  return infractions;
}
