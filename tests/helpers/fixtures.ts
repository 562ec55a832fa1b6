import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, whatever the test's working directory. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `../shared` beside the checkout: real footage, models and datasets. Never committed. */
export const sharedDir = process.env.WATCHER_SHARED_DIR ?? path.resolve(repoRoot, '..', 'shared');

/**
 * Path of a fixture inside ../shared, or undefined when it is absent (a user's clone).
 * Prints why, so a skipped test says what it needed.
 */
export function sharedFixture(relative: string): string | undefined {
  const full = path.join(sharedDir, relative);
  if (existsSync(full)) return full;
  console.warn(`[fixtures] skipping: ${relative} not found under ${sharedDir}`);
  return undefined;
}

export const fixtures = {
  yolov8n: () => sharedFixture('models/yolov8n-416-int8.onnx'),
  video: (
    name: 'car-detection.mp4' | 'one-by-one-person-detection.mp4' | 'worker-zone-detection.mp4',
  ) => sharedFixture(`fixtures/video/${name}`),
  image: (name: 'dog.jpg' | 'person.jpg' | 'horses.jpg') =>
    sharedFixture(`fixtures/images/${name}`),
  mot: (seq = 'TUD-Stadtmitte') => sharedFixture(`fixtures/mot/${seq}`),
  platesUs: () => sharedFixture('fixtures/plates/us'),
  platesBr: () => sharedFixture('fixtures/plates/br'),
};

/** Directory where tests drop screenshots, logs and other artefacts worth looking at. */
export const artifactsDir = path.join(repoRoot, 'test-artifacts');
