import type { EventEnvelope } from '../../../shared/api/envelope';
import type {
  MqttSaveSettingsParams,
  MqttSettings,
  MqttStatus,
} from '../../../shared/api/methods/mqtt';
import type { CameraStatus } from '../../../shared/config/camera';
import type { Alarm } from '../../../shared/domain/alarm';
import type { InfractionEvent } from '../../../shared/domain/infraction';
import type { Logger } from '../../logging/logger';
import { MqttPublisher, type MqttPublisherOptions } from './mqtt-publisher';
import type { MqttSettingsRepo } from './mqtt-settings';

/** A line crossing or zone count, as the host sees it from a worker. */
export interface CountEvent {
  cameraId: string;
  /** The line or zone that counted. */
  lineId: string;
  classLabel: string;
  ts: number;
}

/** A zone's change as a worker reports it: entries since its last report, occupancy now. */
export interface ZoneEvent {
  cameraId: string;
  zoneId: string;
  ts: number;
  entered: Record<string, number>;
  occupancy: Record<string, number>;
}

export interface MqttIntegrationOptions {
  settings: MqttSettingsRepo;
  logger: Logger;
  /** Today's counts so far per (camera, line, class), to continue after a restart. */
  countsSince?: (
    since: number,
  ) => Array<{ cameraId: string; lineId: string; classLabel: string; n: number }>;
  /** Today's zone entries so far per (camera, zone, class), to continue after a restart. */
  zoneEntriesSince?: (
    since: number,
  ) => Array<{ cameraId: string; zoneId: string; classLabel: string; n: number }>;
  /** At most one status message per camera in this window (ms). */
  statusIntervalMs?: number;
  publisher?: Omit<MqttPublisherOptions, 'logger'>;
  now?: () => number;
}

/** Local midnight of the day `ts` falls in. */
export function localMidnight(ts: number): number {
  const d = new Date(ts);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Everything but binary data: evidence goes by reference (ids and paths), never bytes. */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v instanceof Uint8Array || ArrayBuffer.isView(v) || v instanceof ArrayBuffer ? undefined : v,
  );
}

const MAX_KNOWN_ALARMS = 5000;

/**
 * Watcher's events on MQTT, Frigate-style: `<prefix>/events` ({type new|update|end, before,
 * after}) for infractions and alarms, retained `<prefix>/<camera>/status` (rate-limited per
 * camera), retained `<prefix>/<camera>/<line or zone>/<class>` with today's count and
 * `<prefix>/<camera>/<zone>/<class>/occupancy` with the objects in a zone now. Fed from the host's
 * event bus; a slow or absent broker never reaches the host (bounded queue, no awaits).
 */
export class MqttIntegration {
  readonly publisher: MqttPublisher;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly statusIntervalMs: number;
  private readonly statusLast = new Map<string, number>();
  private readonly statusPending = new Map<string, CameraStatus>();
  private readonly statusTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly statusSent = new Map<string, string>();
  private readonly alarms = new Map<string, Alarm>();
  private counts = new Map<string, number>();
  private zoneEntries = new Map<string, number>();
  private countsDay = -1;

  constructor(private readonly opts: MqttIntegrationOptions) {
    this.log = opts.logger;
    this.now = opts.now ?? Date.now;
    this.statusIntervalMs = opts.statusIntervalMs ?? 1000;
    this.publisher = new MqttPublisher({ logger: opts.logger, ...opts.publisher });
  }

  async start(): Promise<void> {
    // Seeded before any event of this run: the store holds every earlier crossing of today.
    if (this.countsDay === -1) this.seedCounts(localMidnight(this.now()));
    try {
      await this.publisher.configure(this.opts.settings.connection());
    } catch (err) {
      this.log.error('MQTT settings cannot be used; publishing is off', { error: String(err) });
    }
  }

  async stop(): Promise<void> {
    for (const t of this.statusTimers.values()) clearTimeout(t);
    this.statusTimers.clear();
    await this.publisher.stop();
  }

  settings(): MqttSettings {
    return this.opts.settings.view();
  }

  async saveSettings(p: MqttSaveSettingsParams): Promise<MqttSettings> {
    const view = this.opts.settings.save(p);
    this.statusSent.clear();
    await this.start();
    return view;
  }

  status(): MqttStatus {
    return this.publisher.status();
  }

  /** One event of the host's bus. */
  onHostEvent(event: EventEnvelope): void {
    if (!this.publisher.enabled) return;
    switch (event.topic) {
      case 'infraction.created':
        this.infraction('new', event.payload as InfractionEvent);
        break;
      case 'alarm.raised':
      case 'alarm.updated':
        this.alarm(event.topic, event.payload as Alarm);
        break;
      case 'camera.status':
        this.cameraStatus(event.payload as CameraStatus);
        break;
      default:
        break;
    }
  }

  private events(type: 'new' | 'update' | 'end', kind: string, before: unknown, after: unknown) {
    const topics = this.publisher.topicNames;
    if (!topics) return;
    this.publisher.publish({
      topic: topics.events,
      payload: toJson({ type, kind, before: before ?? null, after }),
      retain: false,
    });
  }

  infraction(type: 'new' | 'update', infraction: InfractionEvent, before?: InfractionEvent): void {
    this.events(type, 'infraction', before, infraction);
  }

  /** A reviewed infraction (decision or plate edit): the record before and after. */
  infractionUpdated(before: unknown, after: unknown): void {
    if (!this.publisher.enabled) return;
    this.events('update', 'infraction', before, after);
  }

  private alarm(topic: 'alarm.raised' | 'alarm.updated', alarm: Alarm): void {
    const before = this.alarms.get(alarm.id);
    const type =
      topic === 'alarm.raised' && !before ? 'new' : alarm.state === 'closed' ? 'end' : 'update';
    if (type === 'end') this.alarms.delete(alarm.id);
    else {
      this.alarms.delete(alarm.id);
      this.alarms.set(alarm.id, alarm);
      if (this.alarms.size > MAX_KNOWN_ALARMS)
        this.alarms.delete(this.alarms.keys().next().value as string);
    }
    this.events(type, 'alarm', before, alarm);
  }

  private cameraStatus(status: CameraStatus): void {
    const id = status.cameraId;
    this.statusPending.set(id, status);
    if (this.statusTimers.has(id)) return;
    const wait = (this.statusLast.get(id) ?? -Infinity) + this.statusIntervalMs - this.now();
    if (wait <= 0) this.flushStatus(id);
    else {
      const timer = setTimeout(() => {
        this.statusTimers.delete(id);
        this.flushStatus(id);
      }, wait);
      timer.unref?.();
      this.statusTimers.set(id, timer);
    }
  }

  private flushStatus(cameraId: string): void {
    const status = this.statusPending.get(cameraId);
    const topics = this.publisher.topicNames;
    this.statusPending.delete(cameraId);
    if (!status || !topics) return;
    const payload = toJson({
      state: status.state,
      fps: Math.round(status.fps * 10) / 10,
      ...(status.reason ? { reason: status.reason } : {}),
      ...(status.reasonCode ? { reasonCode: status.reasonCode } : {}),
    });
    // Only a change goes out (same state and fps again is not news).
    if (this.statusSent.get(cameraId) === payload) return;
    this.statusSent.set(cameraId, payload);
    this.statusLast.set(cameraId, this.now());
    this.publisher.publish({ topic: topics.cameraStatus(cameraId), payload, retain: true });
  }

  /** A line crossing or zone count: today's total for (camera, line/zone, class), retained. */
  count(event: CountEvent): void {
    const topics = this.publisher.topicNames;
    if (!topics) return;
    if (!this.sameDay(event.ts)) return;
    const key = JSON.stringify([event.cameraId, event.lineId, event.classLabel]);
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    this.publisher.publish({
      topic: topics.count(event.cameraId, event.lineId, event.classLabel),
      payload: String(n),
      retain: true,
    });
  }

  /**
   * A zone's change: `<prefix>/<camera>/<zone>/<class>` today's entries (retained) for each class
   * that had entries, and `…/<class>/occupancy` the objects inside now (retained) for each class
   * in the report (0 for one just emptied).
   */
  zone(event: ZoneEvent): void {
    const topics = this.publisher.topicNames;
    if (!topics) return;
    if (this.sameDay(event.ts))
      for (const [classLabel, entered] of Object.entries(event.entered)) {
        if (entered <= 0) continue;
        const key = JSON.stringify([event.cameraId, event.zoneId, classLabel]);
        const n = (this.zoneEntries.get(key) ?? 0) + entered;
        this.zoneEntries.set(key, n);
        this.publisher.publish({
          topic: topics.count(event.cameraId, event.zoneId, classLabel),
          payload: String(n),
          retain: true,
        });
      }
    for (const [classLabel, n] of Object.entries(event.occupancy))
      this.publisher.publish({
        topic: topics.occupancy(event.cameraId, event.zoneId, classLabel),
        payload: String(n),
        retain: true,
      });
  }

  /** Whether `ts` is in the counting day (a new day starts the counts afresh; a past one is ignored). */
  private sameDay(ts: number): boolean {
    const day = localMidnight(ts);
    if (day < this.countsDay) return false;
    if (day > this.countsDay) {
      this.countsDay = day;
      this.counts = new Map();
      this.zoneEntries = new Map();
    }
    return true;
  }

  private seedCounts(day: number): void {
    this.countsDay = day;
    this.counts = new Map();
    this.zoneEntries = new Map();
    try {
      for (const r of this.opts.countsSince?.(day) ?? [])
        this.counts.set(JSON.stringify([r.cameraId, r.lineId, r.classLabel]), r.n);
      for (const r of this.opts.zoneEntriesSince?.(day) ?? [])
        this.zoneEntries.set(JSON.stringify([r.cameraId, r.zoneId, r.classLabel]), r.n);
    } catch (err) {
      this.log.warn('reading today’s counts failed; MQTT counts start at zero', {
        error: String(err),
      });
    }
  }
}
