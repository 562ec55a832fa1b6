import { afterEach, describe, expect, it, vi } from 'vitest';
import { MqttIntegration } from '../../../../../electron/host/integrations/mqtt/mqtt-integration';
import type { OutgoingMessage } from '../../../../../electron/host/integrations/mqtt/mqtt-publisher';
import type { MqttSettingsRepo } from '../../../../../electron/host/integrations/mqtt/mqtt-settings';
import { mqttTopics } from '../../../../../electron/host/integrations/mqtt/topics';
import { Logger } from '../../../../../electron/host/logging/logger';
import type { CameraStatus } from '../../../../../electron/shared/config/camera';

/** The integration with its publisher enabled on `watcher` and capturing instead of sending. */
function integration(now: () => number, counts: Array<{ n: number }> = []) {
  const m = new MqttIntegration({
    settings: {} as MqttSettingsRepo,
    logger: new Logger({ console: false }),
    now,
    countsSince: () => counts.map((c) => ({ cameraId: 'c', lineId: 'l', classLabel: 'car', ...c })),
  });
  const sent: OutgoingMessage[] = [];
  Object.defineProperty(m.publisher, 'enabled', { get: () => true });
  Object.defineProperty(m.publisher, 'topicNames', { get: () => mqttTopics('watcher') });
  m.publisher.publish = (msg) => void sent.push(msg);
  return { m, sent };
}

const status = (state: CameraStatus['state'], fps: number): CameraStatus => ({
  cameraId: 'cam-1',
  state,
  fps,
  frames: 0,
  droppedByRate: 0,
  lost: 0,
  reconnects: 0,
});
const ev = (topic: string, payload: unknown) => ({ kind: 'event' as const, topic, payload });

describe('MQTT integration: what goes out for host events', () => {
  afterEach(() => vi.useRealTimers());

  it('sends at most one camera status a second per camera, the latest, and only on change', () => {
    vi.useFakeTimers();
    const { m, sent } = integration(() => Date.now());
    m.onHostEvent(ev('camera.status', status('connecting', 0)));
    m.onHostEvent(ev('camera.status', status('streaming', 5)));
    m.onHostEvent(ev('camera.status', status('streaming', 9.84)));
    expect(sent.map((s) => s.payload)).toEqual(['{"state":"connecting","fps":0}']);
    vi.advanceTimersByTime(1000);
    expect(sent.map((s) => s.payload)).toEqual([
      '{"state":"connecting","fps":0}',
      '{"state":"streaming","fps":9.8}',
    ]);
    expect(sent.every((s) => s.retain && s.topic === 'watcher/cam-1/status')).toBe(true);
    vi.advanceTimersByTime(5000);
    m.onHostEvent(ev('camera.status', status('streaming', 9.84)));
    expect(sent).toHaveLength(2);
  });

  it('continues today’s count from the store and restarts it at local midnight', () => {
    let t = new Date(2026, 0, 10, 23, 59).getTime();
    const { m, sent } = integration(() => t, [{ n: 41 }]);
    void m.start().catch(() => undefined);
    m.count({ cameraId: 'c', lineId: 'l', classLabel: 'car', ts: t });
    t = new Date(2026, 0, 11, 0, 1).getTime();
    m.count({ cameraId: 'c', lineId: 'l', classLabel: 'car', ts: t });
    expect(sent.map((s) => [s.topic, s.payload, s.retain])).toEqual([
      ['watcher/c/l/car', '42', true],
      ['watcher/c/l/car', '1', true],
    ]);
  });

  it('publishes a zone’s entries (today’s total, continued from the store) and its occupancy, retained', () => {
    let t = new Date(2026, 0, 10, 12, 0).getTime();
    const m = new MqttIntegration({
      settings: {} as MqttSettingsRepo,
      logger: new Logger({ console: false }),
      now: () => t,
      zoneEntriesSince: () => [{ cameraId: 'c', zoneId: 'z', classLabel: 'car', n: 7 }],
    });
    const sent: OutgoingMessage[] = [];
    Object.defineProperty(m.publisher, 'enabled', { get: () => true });
    Object.defineProperty(m.publisher, 'topicNames', { get: () => mqttTopics('watcher') });
    m.publisher.publish = (msg) => void sent.push(msg);
    void m.start().catch(() => undefined);
    m.zone({
      cameraId: 'c',
      zoneId: 'z',
      ts: t,
      entered: { car: 2, bus: 1 },
      occupancy: { car: 2, bus: 1 },
    });
    m.zone({ cameraId: 'c', zoneId: 'z', ts: t, entered: {}, occupancy: { car: 1, bus: 0 } });
    t = new Date(2026, 0, 11, 0, 1).getTime();
    m.zone({ cameraId: 'c', zoneId: 'z', ts: t, entered: { car: 1 }, occupancy: { car: 2 } });
    expect(sent.map((s) => [s.topic, s.payload])).toEqual([
      ['watcher/c/z/car', '9'],
      ['watcher/c/z/bus', '1'],
      ['watcher/c/z/car/occupancy', '2'],
      ['watcher/c/z/bus/occupancy', '1'],
      ['watcher/c/z/car/occupancy', '1'],
      ['watcher/c/z/bus/occupancy', '0'],
      ['watcher/c/z/car', '1'],
      ['watcher/c/z/car/occupancy', '2'],
    ]);
    expect(sent.every((s) => s.retain)).toBe(true);
  });

  it('maps alarms to new / update / end with the previous state as before', () => {
    const { m, sent } = integration(() => 0);
    const a = (state: string) => ({ id: 'a1', state });
    m.onHostEvent(ev('alarm.raised', a('new')));
    m.onHostEvent(ev('alarm.updated', a('on-hold')));
    m.onHostEvent(ev('alarm.updated', a('closed')));
    const out = sent.map((s) => JSON.parse(s.payload) as Record<string, { state?: string } | null>);
    expect(out.map((o) => o.type)).toEqual(['new', 'update', 'end']);
    expect(out.map((o) => o.before?.state ?? null)).toEqual([null, 'new', 'on-hold']);
    expect(sent.every((s) => s.topic === 'watcher/events' && !s.retain)).toBe(true);
  });

  it('never puts bytes in an event', () => {
    const { m, sent } = integration(() => 0);
    m.onHostEvent(ev('infraction.created', { id: 'i1', jpeg: new Uint8Array([0xff, 0xd8]) }));
    expect(JSON.parse(sent[0].payload)).toEqual({
      type: 'new',
      kind: 'infraction',
      before: null,
      after: { id: 'i1' },
    });
  });
});
