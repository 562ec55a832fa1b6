import { z } from 'zod';
import type { MethodSpec } from '../method-spec';

/**
 * The MQTT broker connection: Watcher publishes its events (infractions, alarms, camera status,
 * counts) to a broker for home-automation and SCADA systems. Host-wide; administrators only. The
 * password is write-only: the host stores it sealed and answers `hasPassword` instead.
 */

export const MQTT_URL_PROTOCOLS = ['mqtt:', 'mqtts:', 'ws:', 'wss:'] as const;

/**
 * Why a broker URL is not acceptable (an i18n key under `mqtt.error.*`), or undefined when it
 * is: mqtt://, mqtts://, ws:// or wss://, a host, no credentials (they go in their own fields).
 */
export function brokerUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'mqtt.error.urlInvalid';
  }
  if (!(MQTT_URL_PROTOCOLS as readonly string[]).includes(parsed.protocol))
    return 'mqtt.error.urlProtocol';
  if (parsed.username || parsed.password || /^[a-z]+:\/\/[^/]*@/i.test(url))
    return 'mqtt.error.urlCredentials';
  if (!parsed.hostname) return 'mqtt.error.urlInvalid';
  return undefined;
}

export const brokerUrlSchema = z
  .string()
  .max(500)
  .superRefine((url, ctx) => {
    const problem = brokerUrlProblem(url);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A topic prefix: one or more plain levels, no wildcards, no leading/trailing `/`, no `$`. */
export const topicPrefixSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/, 'mqtt.error.prefix');

export const mqttQosSchema = z.union([z.literal(0), z.literal(1), z.literal(2)]);

/** What `mqtt.settings` answers (and what is stored, less the sealed password). */
export const mqttSettingsSchema = z.object({
  enabled: z.boolean(),
  /** Empty while not configured. */
  url: z.string().max(500),
  username: z.string().max(200).optional(),
  hasPassword: z.boolean(),
  tls: z.object({
    /** Extra CA certificates (PEM) trusted for mqtts:// and wss://. */
    caPem: z.string().max(20_000).optional(),
    rejectUnauthorized: z.boolean(),
  }),
  clientId: z.string().min(1).max(100),
  topicPrefix: topicPrefixSchema,
  qos: mqttQosSchema,
  /** `env`: WATCHER_MQTT_URL (and friends) override the stored URL and credentials on this host. */
  source: z.enum(['stored', 'env']),
});
export type MqttSettings = z.infer<typeof mqttSettingsSchema>;

export const mqttStatusSchema = z.object({
  enabled: z.boolean(),
  connected: z.boolean(),
  /** The exact last connection error (auth refused, DNS, TLS…), until the next connection. */
  lastError: z.string().optional(),
  /** i18n key of the error's class (mqtt.error.auth, …). */
  lastErrorCode: z.string().optional(),
  lastConnectedAt: z.number().optional(),
  /** Messages waiting for the broker. */
  queued: z.number().int().nonnegative(),
  /** Messages dropped (oldest first) because the queue was full while disconnected. */
  dropped: z.number().int().nonnegative(),
  /** Messages handed to the broker since start. */
  published: z.number().int().nonnegative(),
});
export type MqttStatus = z.infer<typeof mqttStatusSchema>;

export const mqttSaveSettingsParamsSchema = z
  .object({
    enabled: z.boolean(),
    url: z.union([z.literal(''), brokerUrlSchema]),
    username: z.string().max(200).optional(),
    /** Omitted keeps the stored password; `''` removes it. */
    password: z.string().max(1000).optional(),
    tls: z
      .object({
        caPem: z.string().max(20_000).optional(),
        rejectUnauthorized: z.boolean().default(true),
      })
      .default({ rejectUnauthorized: true }),
    /** Omitted: `watcher-<station>`. */
    clientId: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[\x21-\x7e]+$/)
      .optional(),
    topicPrefix: topicPrefixSchema.default('watcher'),
    qos: mqttQosSchema.default(1),
  })
  .strict()
  .refine((p) => !p.enabled || p.url !== '', { message: 'mqtt.error.urlRequired', path: ['url'] });
export type MqttSaveSettingsParams = z.output<typeof mqttSaveSettingsParamsSchema>;

export const mqttMethods = {
  'mqtt.settings': {
    params: z.object({}).strict(),
    result: z.object({ settings: mqttSettingsSchema }),
    permission: 'integrations',
  },
  /** Saves and reconnects with the new settings. */
  'mqtt.saveSettings': {
    params: mqttSaveSettingsParamsSchema,
    result: z.object({ settings: mqttSettingsSchema }),
    permission: 'integrations',
  },
  'mqtt.status': {
    params: z.object({}).strict(),
    result: mqttStatusSchema,
    permission: 'integrations',
  },
} satisfies Record<string, MethodSpec>;
