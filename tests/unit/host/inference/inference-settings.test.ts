import { describe, expect, it } from 'vitest';
import {
  HostInferenceSettings,
  INFERENCE_SETTINGS_STATE,
  inferenceEnvLayer,
  layerInferenceSettings,
  parseInferenceLayer,
} from '../../../../electron/host/inference/inference-settings';

const flagNames = { provider: '--provider', deviceId: '--device-id', threads: '--threads' };

function memoryStore() {
  const state = new Map<string, string>();
  return {
    state,
    getState: (k: string) => state.get(k),
    setState: (k: string, v: string) => void state.set(k, v),
  };
}

describe('inference settings precedence', () => {
  it('defaults to auto, device 0, automatic threads', () => {
    const r = layerInferenceSettings({});
    expect(r.effective).toEqual({
      provider: 'auto',
      deviceId: 0,
      intraOpThreads: 0,
      interOpThreads: 0,
    });
    expect(r.sources).toEqual({
      provider: 'default',
      deviceId: 'default',
      intraOpThreads: 'default',
      interOpThreads: 'default',
    });
  });

  it('flag over env over stored, field by field', () => {
    const r = layerInferenceSettings({
      flags: { provider: 'cpu' },
      env: { provider: 'cuda', deviceId: 2 },
      stored: { provider: 'tensorrt', deviceId: 1, intraOpThreads: 4, interOpThreads: 2 },
    });
    expect(r.effective).toEqual({
      provider: 'cpu',
      deviceId: 2,
      intraOpThreads: 4,
      interOpThreads: 2,
    });
    expect(r.sources).toEqual({
      provider: 'flag',
      deviceId: 'env',
      intraOpThreads: 'stored',
      interOpThreads: 'stored',
    });
  });

  it('parses WATCHER_PROVIDER, WATCHER_DEVICE_ID, WATCHER_THREADS and rejects bad values', () => {
    expect(
      inferenceEnvLayer({ WATCHER_PROVIDER: 'cuda', WATCHER_DEVICE_ID: '1', WATCHER_THREADS: '3' }),
    ).toEqual({ provider: 'cuda', deviceId: 1, intraOpThreads: 3 });
    expect(inferenceEnvLayer({})).toEqual({});
    expect(inferenceEnvLayer({ WATCHER_PROVIDER: '' })).toEqual({});
    expect(() => inferenceEnvLayer({ WATCHER_PROVIDER: 'gpu' })).toThrow(
      /WATCHER_PROVIDER must be one of auto, cuda/,
    );
    expect(() => parseInferenceLayer({ threads: '-1' }, flagNames)).toThrow(
      /--threads must be an integer/,
    );
    expect(() => parseInferenceLayer({ deviceId: '1.5' }, flagNames)).toThrow(/--device-id/);
  });

  it('stores the setting in host-local state and keeps the shell overrides on top', () => {
    const store = memoryStore();
    const settings = new HostInferenceSettings(store, { env: { provider: 'cpu' } });
    expect(settings.view().stored.provider).toBe('auto');
    const view = settings.save({
      provider: 'cuda',
      deviceId: 1,
      intraOpThreads: 2,
      interOpThreads: 0,
    });
    expect(JSON.parse(store.state.get(INFERENCE_SETTINGS_STATE)!)).toMatchObject({
      provider: 'cuda',
    });
    expect(view.stored).toMatchObject({ provider: 'cuda', deviceId: 1, intraOpThreads: 2 });
    expect(view.effective).toMatchObject({ provider: 'cpu', deviceId: 1, intraOpThreads: 2 });
    expect(view.sources.provider).toBe('env');
    expect(view.sources.deviceId).toBe('stored');
    // A later host on the same store reads it back.
    expect(new HostInferenceSettings(store).effective().provider).toBe('cuda');
  });

  it('an unreadable stored value falls back to the defaults', () => {
    const store = memoryStore();
    store.setState(INFERENCE_SETTINGS_STATE, '{"provider":"quantum"}');
    expect(new HostInferenceSettings(store).effective().provider).toBe('auto');
  });

  it('works in memory without a store', () => {
    const settings = new HostInferenceSettings(undefined);
    settings.save({ provider: 'webgpu', deviceId: 0, intraOpThreads: 0, interOpThreads: 0 });
    expect(settings.effective().provider).toBe('webgpu');
  });
});
