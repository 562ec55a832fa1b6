import { CodedError } from '../../shared/coded-error';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CameraConfig } from '../../shared/config/camera';
import { listInstalledModels } from '../models/inventory';
import { importToRegistry } from '../models/registry-import';
import type { ModelRegistryRepo } from '../store/model-registry';
import { callerName, type DomainHandlers } from '../api-types';

/** What `registry.*` needs: the registry, the installed-models folder and the cameras (groups). */
export interface RegistryContext {
  registry: ModelRegistryRepo;
  modelsDir: string;
  cameras(): readonly CameraConfig[];
}

/** A camera's registry group: its fleet group, else `default`. */
export function cameraGroup(c: CameraConfig): string {
  return c.fleet?.group && /^[A-Za-z0-9_.-]+$/.test(c.fleet.group) ? c.fleet.group : 'default';
}

/**
 * Models → Registry on the host. The dispatcher has checked the method's permission; promotion
 * past a failing gate additionally needs the caller to be an administrator by role.
 */
export function createRegistryHandlers(c: RegistryContext): DomainHandlers<'registry'> {
  const reg = c.registry;
  return {
    'registry.list': () => ({
      versions: reg.list(),
      aliases: reg.aliases(),
      groups: [
        ...new Set([
          'default',
          ...c.cameras().map(cameraGroup),
          ...reg.aliases().map((a) => a.group),
        ]),
      ].sort(),
    }),
    'registry.register': async (p, ctx) => {
      const file = path.join(c.modelsDir, `${p.modelId}.onnx`);
      if (!existsSync(file))
        throw new CodedError('models.not_installed', `no installed model "${p.modelId}"`, {
          id: p.modelId,
        });
      const installed = listInstalledModels(c.modelsDir, []).find((m) => m.id === p.modelId);
      return importToRegistry(reg, file, {
        name: p.name ?? installed?.name ?? p.modelId,
        fileName: installed?.fileName ?? `${p.modelId}.onnx`,
        source: installed?.source ?? `installed model ${p.modelId}`,
        ...(installed?.licence ? { licence: installed.licence } : {}),
        ...(installed?.labels.length ? { labels: installed.labels } : {}),
        ...(p.task ? { task: p.task } : {}),
        // A plate-OCR model's shapes do not say its task; its sidecar does.
        ...(installed?.task === 'plate-ocr'
          ? {
              task: 'plate-ocr' as const,
              ...(installed.inputSize ? { inputSize: installed.inputSize } : {}),
            }
          : {}),
        ...(p.normalisation ? { normalisation: p.normalisation } : {}),
        by: callerName(ctx),
      });
    },
    'registry.setAlias': (p, ctx) => {
      reg.setAlias(p.group, p.alias, p.sha256, callerName(ctx));
      return { ok: true as const };
    },
    'registry.promote': (p, ctx) => {
      if (p.override && ctx.session?.role !== 'admin')
        throw new CodedError(
          'registry.override_admin',
          'only an administrator may promote past the gate',
        );
      return reg.promote(p.group, callerName(ctx), {
        ...(p.sha256 ? { sha256: p.sha256 } : {}),
        override: p.override,
      });
    },
    'registry.rollback': (p, ctx) => reg.rollback(p.group, callerName(ctx)),
    'registry.group': (p) => ({
      aliases: reg.aliases(p.group),
      history: reg.history(p.group),
      gate: reg.gate(p.group),
    }),
    'registry.shadow': (p) => ({ buckets: reg.shadowSeries(p.sha256, p.cameraId) }),
    'registry.attachEvaluation': (p, ctx) => ({
      evaluation: reg.attachEvaluation({
        sha256: p.sha256,
        kind: p.kind,
        ...(p.dataset ? { dataset: p.dataset } : {}),
        metrics: p.metrics,
        at: reg.now(),
        by: callerName(ctx),
      }),
    }),
  };
}
