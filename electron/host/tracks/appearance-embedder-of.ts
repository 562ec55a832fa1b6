import type { CameraConfig } from '../../shared/config/camera';
import { resolveModel } from '../../../inference/worker/detector/model-resolver';

/**
 * The embedding model a picture must be read with to be compared with the stored appearances:
 * the cameras' own (the one most cameras use, when they differ), if its file is installed. A
 * vector from another model would not be comparable with theirs, so none is guessed.
 */
export function appearanceEmbedderOf(
  cameras: readonly Pick<CameraConfig, 'secondStage'>[],
  modelsDir: string,
): { model: string; path: string } | undefined {
  const uses = new Map<string, number>();
  for (const c of cameras)
    for (const m of c.secondStage?.models ?? [])
      if (m.task === 'embed') uses.set(m.model, (uses.get(m.model) ?? 0) + 1);
  for (const [model] of [...uses].sort((a, b) => b[1] - a[1])) {
    try {
      return { model, path: resolveModel(model, modelsDir).path };
    } catch {
      // Not installed (removed since): the next one, if any.
    }
  }
  return undefined;
}
