import type { DomainHandlers } from '../api-types';
import type { MqttIntegration } from '../integrations/mqtt/mqtt-integration';

/** What `mqtt.*` needs: the host's MQTT integration. */
export interface MqttContext {
  mqtt: Pick<MqttIntegration, 'settings' | 'saveSettings' | 'status'>;
}

export function createMqttHandlers({ mqtt }: MqttContext): DomainHandlers<'mqtt'> {
  return {
    'mqtt.settings': () => ({ settings: mqtt.settings() }),
    'mqtt.saveSettings': async (p) => ({ settings: await mqtt.saveSettings(p) }),
    'mqtt.status': () => mqtt.status(),
  };
}
