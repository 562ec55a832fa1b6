import { z } from 'zod';
import { alarmCategorySchema, alarmPrioritySchema } from '../../domain/alarm';
import type { MethodSpec } from '../method-spec';

/**
 * Notifications that leave the building: channels (where), routes (which events go where) and
 * the delivery log of the durable outbox. Secrets (webhook secret, SMTP password, bot token,
 * gateway token) are write-only: the host stores them sealed and answers `hasSecret` instead.
 */

export const channelKindSchema = z.enum(['webhook', 'email', 'telegram', 'sms']);
export type ChannelKind = z.infer<typeof channelKindSchema>;

const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/);
const httpUrl = z
  .string()
  .max(2000)
  .regex(/^https?:\/\//i);

export const channelSettingsSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('webhook'),
    url: httpUrl,
    /** Extra headers (no secrets here: the HMAC secret is the channel's secret). */
    headers: z.record(z.string().max(100), z.string().max(1000)).default({}),
  }),
  z.object({
    kind: z.literal('email'),
    /** smtp://host:port or smtps://host:port, without credentials (the password is the secret). */
    smtpUrl: z
      .string()
      .max(500)
      .regex(/^smtps?:\/\/[^/@\s]+$/i),
    username: z.string().max(200).optional(),
    /** STARTTLS is required on smtp:// unless this is set (loopback relays). */
    allowPlaintext: z.boolean().default(false),
    from: z.string().min(3).max(200),
    to: z.array(z.string().min(3).max(200)).min(1).max(50),
  }),
  z.object({
    kind: z.literal('telegram'),
    /** The Bot API base URL (https://api.telegram.org by default); the bot token is the secret. */
    apiBase: httpUrl.default('https://api.telegram.org'),
    chatId: z.string().min(1).max(100),
  }),
  z.object({
    kind: z.literal('sms'),
    /** A generic SMS gateway: the host POSTs `{ to, text }` as JSON; the token is the secret. */
    url: httpUrl,
    to: z.array(z.string().min(3).max(32)).min(1).max(50),
  }),
]);
export type ChannelSettings = z.infer<typeof channelSettingsSchema>;

export const channelSchema = z.object({
  id: idSchema,
  name: z.string().min(1).max(120),
  enabled: z.boolean(),
  settings: channelSettingsSchema,
  hasSecret: z.boolean(),
  updatedAt: z.number(),
  updatedBy: z.string(),
});
export type Channel = z.infer<typeof channelSchema>;

/** Local time windows (minutes from midnight, in `timeZone`) in which the route stays silent. */
export const quietHoursSchema = z.object({
  startMinute: z.number().int().min(0).max(1439),
  endMinute: z.number().int().min(0).max(1439),
});

export const routeSchema = z.object({
  id: idSchema,
  name: z.string().min(1).max(120),
  enabled: z.boolean().default(true),
  channelIds: z.array(idSchema).min(1).max(20),
  /** Empty lists match everything. */
  match: z
    .object({
      kinds: z
        .array(z.enum(['alarm', 'infraction', 'report', 'test']))
        .max(4)
        .default([]),
      types: z.array(z.string().max(40)).max(32).default([]),
      categories: z.array(alarmCategorySchema).max(3).default([]),
      /** Only events at least this urgent (1 = only priority 1). */
      maxPriority: alarmPrioritySchema.default(4),
      cameraIds: z.array(z.string().max(64)).max(200).default([]),
      zoneIds: z.array(z.string().max(64)).max(200).default([]),
    })
    .default({
      kinds: [],
      types: [],
      categories: [],
      maxPriority: 4,
      cameraIds: [],
      zoneIds: [],
    }),
  timeZone: z.string().max(64).default('America/Lima'),
  quietHours: z.array(quietHoursSchema).max(8).default([]),
  /** At most this many notifications per minute on this route (0 = no limit). */
  ratePerMinute: z.number().int().min(0).max(10_000).default(30),
  /** The same dedup key (camera + rule + type) within this window is sent once. */
  dedupSec: z.number().int().min(0).max(86_400).default(60),
});
export type Route = z.infer<typeof routeSchema>;

export const deliveryStateSchema = z.enum(['pending', 'sent', 'retrying', 'failed', 'suppressed']);
export type DeliveryState = z.infer<typeof deliveryStateSchema>;

export const deliverySchema = z.object({
  id: z.string(),
  routeId: z.string(),
  channelId: z.string(),
  channelKind: channelKindSchema,
  /** What is being notified: `alarm:<id>`, `infraction:<id>`, `report:<run id>`, `test:<uuid>`. */
  subject: z.string(),
  state: deliveryStateSchema,
  attempts: z.number().int().nonnegative(),
  createdAt: z.number(),
  nextAttemptAt: z.number().optional(),
  sentAt: z.number().optional(),
  /** The exact last error: DNS, TLS, auth, HTTP status… */
  lastError: z.string().optional(),
  lastErrorCode: z.string().optional(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const testSendResultSchema = z.object({
  ok: z.boolean(),
  /** i18n code of the failure class (notify.error.dns, .tls, .auth, .http, .timeout, …). */
  code: z.string().optional(),
  message: z.string().optional(),
  ms: z.number().nonnegative(),
});

export const notificationMethods = {
  'notify.channels': {
    params: z.object({}).strict(),
    result: z.object({ items: z.array(channelSchema) }),
    permission: 'notify.admin',
  },
  /** Creates or replaces a channel; `secret` omitted keeps the stored one, `''` removes it. */
  'notify.saveChannel': {
    params: z
      .object({
        id: idSchema,
        name: z.string().min(1).max(120),
        enabled: z.boolean().default(true),
        settings: channelSettingsSchema,
        secret: z.string().max(4000).optional(),
      })
      .strict(),
    result: z.object({ channel: channelSchema }),
    permission: 'notify.admin',
  },
  'notify.deleteChannel': {
    params: z.object({ id: idSchema }).strict(),
    result: z.object({ deleted: z.boolean() }),
    permission: 'notify.admin',
  },
  /** Sends a test event through one channel now (not through the outbox) and says exactly why it failed. */
  'notify.testChannel': {
    params: z.object({ id: idSchema }).strict(),
    result: testSendResultSchema,
    permission: 'notify.admin',
  },
  'notify.routes': {
    params: z.object({}).strict(),
    result: z.object({ items: z.array(routeSchema) }),
    permission: 'notify.admin',
  },
  'notify.saveRoute': {
    params: routeSchema,
    result: z.object({ route: routeSchema }),
    permission: 'notify.admin',
  },
  'notify.deleteRoute': {
    params: z.object({ id: idSchema }).strict(),
    result: z.object({ deleted: z.boolean() }),
    permission: 'notify.admin',
  },
  /** The delivery log, newest first. */
  'notify.deliveries': {
    params: z
      .object({
        state: z.array(deliveryStateSchema).max(5).optional(),
        channelId: idSchema.optional(),
        limit: z.number().int().min(1).max(500).default(100),
        before: z.number().optional(),
      })
      .strict(),
    result: z.object({
      items: z.array(deliverySchema),
      /** Outbox depth: pending + retrying. */
      pending: z.number().int().nonnegative(),
    }),
    permission: 'notify.admin',
  },
  /** Puts a failed delivery back into the outbox. */
  'notify.retry': {
    params: z.object({ id: z.string().min(1).max(128) }).strict(),
    result: z.object({ delivery: deliverySchema }),
    permission: 'notify.admin',
  },
} satisfies Record<string, MethodSpec>;
