import type { Handler, HandlerMap } from '../../api-types';
import type { ControlRoomStore } from '../../store/store';
import type { Logger } from '../../logging/logger';
import { MqttIntegration, type MqttIntegrationOptions } from './mqtt-integration';
import { MqttSettingsRepo, type MqttEnvOverride } from './mqtt-settings';
import { topicLevel } from './topics';

export interface HostMqttOptions {
  /** WATCHER_MQTT_* of a headless host: overrides the stored URL and credentials. */
  env?: MqttEnvOverride;
  publisher?: MqttIntegrationOptions['publisher'];
  statusIntervalMs?: number;
}

/** The host's MQTT integration over its store: settings in host-local state, counts from events. */
export function createHostMqtt(
  store: ControlRoomStore,
  logger: Logger,
  opts: HostMqttOptions = {},
): MqttIntegration {
  const todayCounts = store.db.prepare(
    `SELECT camera_id AS cameraId, line_id AS lineId, class_label AS classLabel, COUNT(*) AS n
       FROM events WHERE ts >= ? AND line_id IS NOT NULL AND class_label IS NOT NULL
       GROUP BY camera_id, line_id, class_label`,
  );
  const todayZoneEntries = store.db.prepare(
    `SELECT camera_id AS cameraId, zone_id AS zoneId, class_label AS classLabel, COUNT(*) AS n
       FROM events WHERE ts >= ? AND kind = 'zone-entry' AND zone_id IS NOT NULL
         AND class_label IS NOT NULL
       GROUP BY camera_id, zone_id, class_label`,
  );
  return new MqttIntegration({
    settings: new MqttSettingsRepo(
      store,
      `watcher-${topicLevel(store.hostId.slice(0, 8))}`,
      opts.env,
    ),
    logger,
    countsSince: (since) =>
      todayCounts.all(since) as Array<{
        cameraId: string;
        lineId: string;
        classLabel: string;
        n: number;
      }>,
    zoneEntriesSince: (since) =>
      todayZoneEntries.all(since) as Array<{
        cameraId: string;
        zoneId: string;
        classLabel: string;
        n: number;
      }>,
    publisher: opts.publisher,
    statusIntervalMs: opts.statusIntervalMs,
  });
}

const REVIEW_METHODS = ['infractions.decide', 'infractions.editPlate'] as const;

/**
 * Review decisions and plate edits become `update` events (before and after the change). The
 * handlers themselves are untouched: each is wrapped, and a failed call publishes nothing.
 */
export function withMqttReviewUpdates(
  handlers: HandlerMap,
  mqtt: MqttIntegration,
  current: (id: string) => unknown,
): HandlerMap {
  const out: HandlerMap = { ...handlers };
  for (const method of REVIEW_METHODS) {
    const handler = handlers[method] as Handler<typeof method> | undefined;
    if (!handler) continue;
    const wrapped: Handler<typeof method> = async (p, ctx) => {
      let before: unknown;
      try {
        before = current(p.id);
      } catch {
        before = undefined;
      }
      const result = await handler(p, ctx);
      mqtt.infractionUpdated(before, result.infraction);
      return result;
    };
    (out as Record<string, unknown>)[method] = wrapped;
  }
  return out;
}
