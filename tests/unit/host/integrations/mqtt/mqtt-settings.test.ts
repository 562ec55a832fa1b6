import { describe, expect, it } from 'vitest';
import {
  brokerUrlProblem,
  mqttSaveSettingsParamsSchema,
} from '../../../../../electron/shared/api/methods/mqtt';
import {
  MqttSettingsRepo,
  MQTT_SETTINGS_STATE,
  mqttEnvOverride,
} from '../../../../../electron/host/integrations/mqtt/mqtt-settings';
import type { SecretBox } from '../../../../../electron/host/secrets/secret-box';

function memoryStore() {
  const state = new Map<string, string>();
  const secretBox: SecretBox = {
    kind: 'test',
    encrypt: (p) => 'sealed:' + Buffer.from(p).toString('base64'),
    decrypt: (b) => Buffer.from(b.slice('sealed:'.length), 'base64').toString(),
  } as SecretBox;
  return {
    state,
    getState: (k: string) => state.get(k),
    setState: (k: string, v: string) => void state.set(k, v),
    secretBox,
  };
}

describe('MQTT settings', () => {
  it('accepts the four broker schemes and refuses others, credentials in the URL and garbage', () => {
    for (const u of ['mqtt://b:1883', 'mqtts://b.example', 'ws://b/mqtt', 'wss://b:443/mqtt'])
      expect(brokerUrlProblem(u)).toBeUndefined();
    expect(brokerUrlProblem('http://b')).toBe('mqtt.error.urlProtocol');
    expect(brokerUrlProblem('mqtt://user:pw@b')).toBe('mqtt.error.urlCredentials');
    expect(brokerUrlProblem('mqtt://user@b')).toBe('mqtt.error.urlCredentials');
    expect(brokerUrlProblem('not a url')).toBe('mqtt.error.urlInvalid');
  });

  it('validates save params: defaults, prefix without wildcards, URL required when enabled', () => {
    const ok = mqttSaveSettingsParamsSchema.parse({ enabled: true, url: 'mqtt://b' });
    expect(ok).toMatchObject({ topicPrefix: 'watcher', qos: 1, tls: { rejectUnauthorized: true } });
    for (const topicPrefix of ['a/#', 'a/+', '/a', 'a/', '$SYS', 'a b'])
      expect(
        mqttSaveSettingsParamsSchema.safeParse({ enabled: false, url: '', topicPrefix }).success,
      ).toBe(false);
    expect(mqttSaveSettingsParamsSchema.safeParse({ enabled: true, url: '' }).success).toBe(false);
    expect(
      mqttSaveSettingsParamsSchema.safeParse({ enabled: true, url: 'mqtt://u:p@b' }).success,
    ).toBe(false);
    expect(
      mqttSaveSettingsParamsSchema.safeParse({ enabled: false, url: '', qos: 3 }).success,
    ).toBe(false);
  });

  it('seals the password, keeps it when omitted, removes it with an empty string', () => {
    const store = memoryStore();
    const repo = new MqttSettingsRepo(store, 'watcher-abc');
    const base = mqttSaveSettingsParamsSchema.parse({ enabled: true, url: 'mqtt://b' });
    expect(repo.save({ ...base, password: 's3cret-pw' }).hasPassword).toBe(true);
    expect(store.state.get(MQTT_SETTINGS_STATE)).not.toContain('s3cret-pw');
    expect(repo.connection().password).toBe('s3cret-pw');
    expect(repo.view()).not.toHaveProperty('password');
    expect(repo.save({ ...base, password: undefined }).hasPassword).toBe(true);
    expect(repo.connection().password).toBe('s3cret-pw');
    expect(repo.save({ ...base, password: '' }).hasPassword).toBe(false);
    expect(repo.connection().password).toBeUndefined();
    expect(repo.view().clientId).toBe('watcher-abc');
  });

  it('takes URL and credentials from WATCHER_MQTT_* and refuses a bad URL there', () => {
    expect(mqttEnvOverride({})).toBeUndefined();
    const env = mqttEnvOverride({
      WATCHER_MQTT_URL: 'mqtt://b:1883',
      WATCHER_MQTT_USERNAME: 'u',
      WATCHER_MQTT_PASSWORD: 'p',
    });
    expect(env).toEqual({ url: 'mqtt://b:1883', username: 'u', password: 'p' });
    const repo = new MqttSettingsRepo(memoryStore(), 'watcher-x', env);
    expect(repo.view()).toMatchObject({ enabled: true, source: 'env', hasPassword: true });
    expect(repo.connection()).toMatchObject({ enabled: true, username: 'u', password: 'p' });
    expect(() => mqttEnvOverride({ WATCHER_MQTT_URL: 'mqtt://u:p@b' })).toThrow();
  });
});
