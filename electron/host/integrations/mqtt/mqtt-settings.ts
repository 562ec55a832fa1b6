import { z } from 'zod';
import { CodedError } from '../../../shared/coded-error';
import {
  brokerUrlProblem,
  mqttQosSchema,
  topicPrefixSchema,
  type MqttSaveSettingsParams,
  type MqttSettings,
} from '../../../shared/api/methods/mqtt';
import type { SecretBox } from '../../secrets/secret-box';

/** The key of the stored settings in the store's host-local state (never synced). */
export const MQTT_SETTINGS_STATE = 'mqtt.settings';

const storedSchema = z.object({
  enabled: z.boolean().default(false),
  url: z.string().default(''),
  username: z.string().optional(),
  /** The password sealed with the host's SecretBox; never the plain text. */
  passwordBlob: z.string().optional(),
  tls: z
    .object({ caPem: z.string().optional(), rejectUnauthorized: z.boolean().default(true) })
    .default({ rejectUnauthorized: true }),
  clientId: z.string().optional(),
  topicPrefix: topicPrefixSchema.default('watcher'),
  qos: mqttQosSchema.default(1),
});
export type StoredMqttSettings = z.infer<typeof storedSchema>;

/** WATCHER_MQTT_URL / _USERNAME / _PASSWORD for a headless host (kept out of the process list). */
export interface MqttEnvOverride {
  url: string;
  username?: string;
  password?: string;
}

/** What the publisher connects with: the password in clear, in memory only. */
export interface MqttConnectionConfig {
  enabled: boolean;
  url: string;
  username?: string;
  password?: string;
  caPem?: string;
  rejectUnauthorized: boolean;
  clientId: string;
  topicPrefix: string;
  qos: 0 | 1 | 2;
}

/** The environment's override, or undefined when WATCHER_MQTT_URL is not set; throws on a bad URL. */
export function mqttEnvOverride(env: NodeJS.ProcessEnv): MqttEnvOverride | undefined {
  const url = env.WATCHER_MQTT_URL?.trim();
  if (!url) return undefined;
  const problem = brokerUrlProblem(url);
  if (problem)
    throw new CodedError(problem, `WATCHER_MQTT_URL is not a valid broker URL (${problem})`);
  return {
    url,
    username: env.WATCHER_MQTT_USERNAME || undefined,
    password: env.WATCHER_MQTT_PASSWORD || undefined,
  };
}

export interface StateStore {
  getState(key: string): string | undefined;
  setState(key: string, value: string): void;
  readonly secretBox: SecretBox;
}

/** Settings in the store's host-local state, the password sealed; the environment may override. */
export class MqttSettingsRepo {
  constructor(
    private readonly store: StateStore,
    /** `watcher-<station>` */
    private readonly defaultClientId: string,
    private readonly env?: MqttEnvOverride,
  ) {}

  private stored(): StoredMqttSettings {
    const raw = this.store.getState(MQTT_SETTINGS_STATE);
    if (!raw) return storedSchema.parse({});
    try {
      return storedSchema.parse(JSON.parse(raw));
    } catch {
      return storedSchema.parse({});
    }
  }

  /** The public view: no password, `hasPassword` instead. */
  view(): MqttSettings {
    const s = this.stored();
    const env = this.env;
    return {
      enabled: env ? true : s.enabled,
      url: env ? env.url : s.url,
      username: env ? env.username : s.username,
      hasPassword: env ? env.password !== undefined : s.passwordBlob !== undefined,
      tls: { caPem: s.tls.caPem, rejectUnauthorized: s.tls.rejectUnauthorized },
      clientId: s.clientId ?? this.defaultClientId,
      topicPrefix: s.topicPrefix,
      qos: s.qos,
      source: env ? 'env' : 'stored',
    };
  }

  save(p: MqttSaveSettingsParams): MqttSettings {
    const prev = this.stored();
    let passwordBlob = prev.passwordBlob;
    if (p.password === '') passwordBlob = undefined;
    else if (p.password !== undefined) passwordBlob = this.store.secretBox.encrypt(p.password);
    const next: StoredMqttSettings = {
      enabled: p.enabled,
      url: p.url,
      username: p.username || undefined,
      passwordBlob,
      tls: { caPem: p.tls.caPem || undefined, rejectUnauthorized: p.tls.rejectUnauthorized },
      clientId: p.clientId,
      topicPrefix: p.topicPrefix,
      qos: p.qos,
    };
    this.store.setState(MQTT_SETTINGS_STATE, JSON.stringify(next));
    return this.view();
  }

  /** What to connect with now; the sealed password is opened here, in memory only. */
  connection(): MqttConnectionConfig {
    const s = this.stored();
    const env = this.env;
    let password = env?.password;
    if (!env && s.passwordBlob) password = this.store.secretBox.decrypt(s.passwordBlob);
    return {
      enabled: env ? true : s.enabled && s.url !== '',
      url: env ? env.url : s.url,
      username: env ? env.username : s.username,
      password,
      caPem: s.tls.caPem,
      rejectUnauthorized: s.tls.rejectUnauthorized,
      clientId: s.clientId ?? this.defaultClientId,
      topicPrefix: s.topicPrefix,
      qos: s.qos,
    };
  }
}
