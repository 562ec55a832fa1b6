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
    publisher: opts.publisher,
    statusIntervalMs: opts.statusIntervalMs,
  });
}
