import { CodedError } from '../../shared/coded-error';
import {
  PROVIDER_CHOICES,
  inferenceSettingsSchema,
  type InferenceSettings,
  type ProviderChoice,
} from '../../shared/protocol/worker-protocol';
import type { InferenceSettingsView, InferenceSource } from '../../shared/api/methods/inference';

/** The key of the stored setting in the store's host-local state (never synced: it is per machine). */
export const INFERENCE_SETTINGS_STATE = 'inference.settings';

type Field = keyof InferenceSettingsView['sources'];
const FIELDS: readonly Field[] = ['provider', 'deviceId', 'intraOpThreads', 'interOpThreads'];

/** A partial setting from one layer (command line, environment). */
export type InferenceLayer = Partial<Pick<InferenceSettings, Field>>;

function isProvider(v: string): v is ProviderChoice {
  return (PROVIDER_CHOICES as readonly string[]).includes(v);
}

function intIn(name: string, raw: string, max: number): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(n) || n < 0 || n > max)
    throw new CodedError(
      'providers.error.invalid',
      `${name} must be an integer 0..${max}, got "${raw}"`,
    );
  return n;
}

/** Parses `--provider`, `--device-id`, `--threads` (or their WATCHER_* twins); throws on bad values. */
export function parseInferenceLayer(
  values: { provider?: string; deviceId?: string; threads?: string },
  names: { provider: string; deviceId: string; threads: string },
): InferenceLayer {
  const layer: InferenceLayer = {};
  const provider = values.provider?.trim();
  if (provider) {
    if (!isProvider(provider))
      throw new CodedError(
        'providers.error.invalid',
        `${names.provider} must be one of ${PROVIDER_CHOICES.join(', ')}, got "${provider}"`,
      );
    layer.provider = provider;
  }
  if (values.deviceId?.trim()) layer.deviceId = intIn(names.deviceId, values.deviceId, 64);
  if (values.threads?.trim()) layer.intraOpThreads = intIn(names.threads, values.threads, 64);
  return layer;
}

/** WATCHER_PROVIDER, WATCHER_DEVICE_ID, WATCHER_THREADS. */
export function inferenceEnvLayer(env: NodeJS.ProcessEnv): InferenceLayer {
  return parseInferenceLayer(
    {
      provider: env.WATCHER_PROVIDER,
      deviceId: env.WATCHER_DEVICE_ID,
      threads: env.WATCHER_THREADS,
    },
    { provider: 'WATCHER_PROVIDER', deviceId: 'WATCHER_DEVICE_ID', threads: 'WATCHER_THREADS' },
  );
}

/** The effective setting: command-line flags over the environment over the stored setting over defaults. */
export function layerInferenceSettings(layers: {
  flags?: InferenceLayer;
  env?: InferenceLayer;
  stored?: InferenceLayer;
}): Pick<InferenceSettingsView, 'effective' | 'sources'> {
  const base = inferenceSettingsSchema.parse({});
  const effective: InferenceSettings = { ...base, deviceId: 0 };
  const sources = {} as InferenceSettingsView['sources'];
  for (const field of FIELDS) {
    const pick: [InferenceSource, InferenceLayer | undefined][] = [
      ['flag', layers.flags],
      ['env', layers.env],
      ['stored', layers.stored],
    ];
    const hit = pick.find(([, l]) => l?.[field] !== undefined);
    sources[field] = hit ? hit[0] : 'default';
    if (hit) (effective as Record<Field, unknown>)[field] = hit[1]![field];
  }
  return { effective: inferenceSettingsSchema.parse(effective), sources };
}

export interface StateStore {
  getState(key: string): string | undefined;
  setState(key: string, value: string): void;
}

/**
 * The host's inference setting: stored in the store's host-local state (in memory without a
 * store), under the shell's flags and environment.
 */
export class HostInferenceSettings {
  private memory?: InferenceSettings;

  constructor(
    private readonly store: StateStore | undefined,
    private readonly overrides: { flags?: InferenceLayer; env?: InferenceLayer } = {},
  ) {}

  stored(): InferenceSettings {
    const raw = this.store ? this.store.getState(INFERENCE_SETTINGS_STATE) : undefined;
    if (raw === undefined) return this.memory ?? withDevice(inferenceSettingsSchema.parse({}));
    try {
      return withDevice(inferenceSettingsSchema.parse(JSON.parse(raw)));
    } catch {
      // A value written by another version: defaults rather than no cameras.
      return withDevice(inferenceSettingsSchema.parse({}));
    }
  }

  view(): InferenceSettingsView {
    const stored = this.stored();
    const raw = this.store?.getState(INFERENCE_SETTINGS_STATE);
    const saved = raw !== undefined || this.memory !== undefined;
    return {
      stored,
      ...layerInferenceSettings({ ...this.overrides, stored: saved ? stored : undefined }),
    };
  }

  effective(): InferenceSettings {
    return this.view().effective;
  }

  save(settings: InferenceSettings): InferenceSettingsView {
    const value = withDevice(inferenceSettingsSchema.parse(settings));
    if (this.store) this.store.setState(INFERENCE_SETTINGS_STATE, JSON.stringify(value));
    else this.memory = value;
    return this.view();
  }
}

function withDevice(s: InferenceSettings): InferenceSettings {
  return { ...s, deviceId: s.deviceId ?? 0 };
}
