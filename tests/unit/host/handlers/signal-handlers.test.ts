import { describe, expect, it } from 'vitest';
import { createSignalHandlers } from '../../../../electron/host/handlers/signal-handlers';
import { Logger } from '../../../../electron/host/logging/logger';
import { cameraConfigSchema, type CameraConfig } from '../../../../electron/shared/config/camera';
import { ruleSetSchema } from '../../../../electron/shared/config/rules';
import { externalSignalSchema } from '../../../../electron/shared/api/methods/signals';
import type { ExternalSignalState } from '../../../../electron/shared/protocol/worker-protocol';
import type { ConnectionContext } from '../../../../electron/host/api-types';
import { messages } from '../../../../electron/shared/i18n';

const NOW = 1_700_000_000_000;
const rules = ruleSetSchema.parse({
  imageSize: { width: 640, height: 360 },
  lines: [{ id: 'stop', a: [0, 200], b: [640, 200] }],
  signals: [
    { id: 'ext', source: 'external' },
    { id: 'lamp', source: 'region', region: { x: 1, y: 1, width: 10, height: 30 } },
  ],
  rules: [
    { id: 'r', type: 'red-light', stopLineId: 'stop', signalId: 'ext', direction: 'left-to-right' },
  ],
});

function setup(opts: { running?: boolean } = {}) {
  const cams = new Map<string, CameraConfig>([
    ['cam', cameraConfigSchema.parse({ id: 'cam', name: 'cam', source: { kind: 'demo' } })],
    [
      'off',
      cameraConfigSchema.parse({
        id: 'off',
        name: 'off',
        source: { kind: 'demo' },
        enabled: false,
      }),
    ],
  ]);
  const sent: ExternalSignalState[] = [];
  const h = createSignalHandlers({
    cameras: { get: (id) => cams.get(id) },
    ruleSet: (id) => (cams.has(id) ? rules : undefined),
    setExternalSignal: (s) => {
      if (opts.running === false) return false;
      sent.push(s);
      return true;
    },
    logger: new Logger({ console: false }),
    now: () => NOW,
  });
  const ctx: ConnectionContext = { connectionId: 't', transport: 'ws' };
  const call = (p: Record<string, unknown>) =>
    Promise.resolve().then(() => h['signals.set'](externalSignalSchema.parse(p), ctx));
  return { call, sent };
}

describe('signals.set', () => {
  it('applies a state to an external signal, with `at` and the TTL in ms', async () => {
    const { call, sent } = setup();
    await expect(
      call({ cameraId: 'cam', signalId: 'ext', state: 'red', at: NOW - 1500, ttlSec: 30 }),
    ).resolves.toEqual({ applied: true, cameraId: 'cam', signalId: 'ext' });
    expect(sent).toEqual([
      {
        cameraId: 'cam',
        signalId: 'ext',
        state: 'red',
        atMs: NOW - 1500,
        heardAtMs: NOW,
        ttlMs: 30_000,
      },
    ]);
    // `at` omitted: now; TTL by default 120 s.
    await call({ cameraId: 'cam', signalId: 'ext', state: 'green' });
    expect(sent[1]).toMatchObject({ atMs: NOW, ttlMs: 120_000 });
  });

  it.each([
    [{ cameraId: 'ghost', signalId: 'ext' }, 'signals.camera_not_found'],
    [{ cameraId: 'cam', signalId: 'nope' }, 'signals.unknown_signal'],
    [{ cameraId: 'cam', signalId: 'lamp' }, 'signals.not_external'],
    [{ cameraId: 'off', signalId: 'ext' }, 'signals.camera_not_running'],
    [{ cameraId: 'cam', signalId: 'ext', at: NOW + 3_600_000 }, 'signals.time_in_future'],
    [{ cameraId: 'cam', signalId: 'ext', at: -5 }, 'signals.bad_time'],
  ])('%o is refused with %s, nothing is sent', async (p, code) => {
    const { call, sent } = setup();
    await expect(call({ state: 'red', ...p })).rejects.toMatchObject({ code });
    expect(sent).toHaveLength(0);
    expect(messages[code as keyof typeof messages]).toBeDefined();
  });

  it('a camera whose worker is not running answers camera_not_running', async () => {
    const { call } = setup({ running: false });
    await expect(call({ cameraId: 'cam', signalId: 'ext', state: 'red' })).rejects.toMatchObject({
      code: 'signals.camera_not_running',
      params: { cameraId: 'cam', signalId: 'ext' },
    });
  });
});
