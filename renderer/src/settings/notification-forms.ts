import {
  channelSettingsSchema,
  routeSchema,
  type Channel,
  type ChannelKind,
  type Delivery,
  type Route,
} from '../../../electron/shared/api/methods/notifications';
import type { ApiParams } from '../../../electron/shared/api/contract';
import type { MessageKey } from '../../../electron/shared/i18n';

/**
 * The Notifications settings' forms as pure functions: a channel form per kind (secrets are
 * write-only: keep, replace or remove), a route form, and the delivery log's order and actions.
 */

export type SecretAction = 'keep' | 'replace' | 'remove';

export interface ChannelForm {
  id: string;
  name: string;
  enabled: boolean;
  kind: ChannelKind;
  /** webhook / sms: the URL; telegram: the API base; email: the SMTP URL. */
  url: string;
  /** webhook: extra headers, one `Name: value` a line. */
  headers: string;
  username: string;
  allowPlaintext: boolean;
  from: string;
  /** email / sms: recipients, comma separated. */
  to: string;
  chatId: string;
  hasSecret: boolean;
  secretAction: SecretAction;
  secret: string;
}

export type FormProblem = { key: MessageKey; params?: Record<string, string> };
type SaveChannel = ApiParams<'notify.saveChannel'>;

export const CHANNEL_KINDS: ChannelKind[] = ['email', 'webhook', 'telegram', 'sms'];

/** What the channel's secret is, per kind (shown as the secret field's label). */
export const SECRET_LABEL: Record<ChannelKind, MessageKey> = {
  webhook: 'notifyUi.secret.webhook',
  email: 'notifyUi.secret.email',
  telegram: 'notifyUi.secret.telegram',
  sms: 'notifyUi.secret.sms',
};

export function blankChannelForm(kind: ChannelKind = 'email'): ChannelForm {
  return {
    id: '',
    name: '',
    enabled: true,
    kind,
    url: kind === 'telegram' ? 'https://api.telegram.org' : '',
    headers: '',
    username: '',
    allowPlaintext: false,
    from: '',
    to: '',
    chatId: '',
    hasSecret: false,
    secretAction: 'replace',
    secret: '',
  };
}

/** A stored channel in the form; its secret stays on the host (only `hasSecret` comes back). */
export function channelFormOf(c: Channel): ChannelForm {
  const f = { ...blankChannelForm(c.settings.kind), id: c.id, name: c.name, enabled: c.enabled };
  f.hasSecret = c.hasSecret;
  f.secretAction = 'keep';
  const s = c.settings;
  switch (s.kind) {
    case 'webhook':
      return {
        ...f,
        url: s.url,
        headers: Object.entries(s.headers)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n'),
      };
    case 'email':
      return {
        ...f,
        url: s.smtpUrl,
        username: s.username ?? '',
        allowPlaintext: s.allowPlaintext,
        from: s.from,
        to: s.to.join(', '),
      };
    case 'telegram':
      return { ...f, url: s.apiBase, chatId: s.chatId };
    case 'sms':
      return { ...f, url: s.url, to: s.to.join(', ') };
  }
}

export const splitList = (s: string): string[] =>
  s
    .split(/[,;\n]+/)
    .map((x) => x.trim())
    .filter(Boolean);

function parseHeaders(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (!line) continue;
    const at = line.indexOf(':');
    if (at <= 0) return undefined;
    out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

/** `notify.saveChannel`'s params from the form: secret omitted to keep, `''` to remove. */
export function buildChannel(
  f: ChannelForm,
): { ok: true; params: SaveChannel } | { ok: false; problem: FormProblem } {
  const id = f.id.trim();
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(id) || id.length > 64)
    return { ok: false, problem: { key: 'notifyUi.form.idInvalid' } };
  if (!f.name.trim()) return { ok: false, problem: { key: 'notifyUi.form.nameRequired' } };
  let raw: unknown;
  switch (f.kind) {
    case 'webhook': {
      const headers = parseHeaders(f.headers);
      if (!headers) return { ok: false, problem: { key: 'notifyUi.form.headersInvalid' } };
      raw = { kind: 'webhook', url: f.url.trim(), headers };
      break;
    }
    case 'email':
      if (/@/.test(f.url.replace(/^smtps?:\/\//i, '')))
        return { ok: false, problem: { key: 'notifyUi.form.smtpCredentialsInUrl' } };
      raw = {
        kind: 'email',
        smtpUrl: f.url.trim(),
        ...(f.username.trim() ? { username: f.username.trim() } : {}),
        allowPlaintext: f.allowPlaintext,
        from: f.from.trim(),
        to: splitList(f.to),
      };
      break;
    case 'telegram':
      raw = { kind: 'telegram', apiBase: f.url.trim() || undefined, chatId: f.chatId.trim() };
      break;
    case 'sms':
      raw = { kind: 'sms', url: f.url.trim(), to: splitList(f.to) };
      break;
  }
  const parsed = channelSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'settings');
    return { ok: false, problem: { key: 'notifyUi.form.fieldInvalid', params: { field } } };
  }
  if (f.secretAction === 'replace' && !f.secret)
    return f.hasSecret
      ? { ok: false, problem: { key: 'notifyUi.form.secretEmpty' } }
      : {
          ok: true,
          params: { id, name: f.name.trim(), enabled: f.enabled, settings: parsed.data },
        };
  return {
    ok: true,
    params: {
      id,
      name: f.name.trim(),
      enabled: f.enabled,
      settings: parsed.data,
      ...(f.secretAction === 'replace' ? { secret: f.secret } : {}),
      ...(f.secretAction === 'remove' ? { secret: '' } : {}),
    },
  };
}

/** A short summary of where a channel sends. */
export function channelTarget(c: Channel): string {
  const s = c.settings;
  switch (s.kind) {
    case 'webhook':
      return s.url;
    case 'email':
      return `${s.smtpUrl} → ${s.to.join(', ')}`;
    case 'telegram':
      return `chat ${s.chatId}`;
    case 'sms':
      return s.to.join(', ');
  }
}

/** `notify.testChannel`'s outcome: the failure class as a catalog key and the exact detail. */
export function testOutcome(r: { ok: boolean; code?: string; message?: string; ms: number }): {
  ok: boolean;
  key?: MessageKey;
  code?: string;
  message?: string;
} {
  if (r.ok) return { ok: true };
  const code = r.code ?? 'notify.error.send';
  return { ok: false, key: errorKey(code), code, message: r.message };
}

const ERROR_KEYS = new Set([
  'dns',
  'connection',
  'tls',
  'auth',
  'timeout',
  'rejected',
  'send',
  'http',
  'config',
  'secret',
  'disabled',
]);

/** The catalog key for a `notify.error.*` code (unknown classes: the generic one). */
export function errorKey(code: string): MessageKey {
  const cls = /^notify\.error\.(\w+)$/.exec(code)?.[1];
  return (
    cls && ERROR_KEYS.has(cls) ? `notifyUi.error.${cls}` : 'notifyUi.error.other'
  ) as MessageKey;
}

// Routes

export interface RouteForm {
  id: string;
  name: string;
  enabled: boolean;
  channelIds: string[];
  kinds: Route['match']['kinds'];
  types: string;
  categories: Route['match']['categories'];
  maxPriority: number;
  cameraIds: string;
  zoneIds: string;
  timeZone: string;
  /** Quiet hours as `22:00-06:00`, comma separated. */
  quietHours: string;
  ratePerMinute: string;
  dedupSec: string;
}

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

export function formatQuietHours(q: Route['quietHours']): string {
  return q.map((w) => `${hhmm(w.startMinute)}-${hhmm(w.endMinute)}`).join(', ');
}

/** `22:00-06:00, 12:00-13:00` → minute windows; undefined when a window is not HH:MM-HH:MM. */
export function parseQuietHours(text: string): Route['quietHours'] | undefined {
  const out: Route['quietHours'] = [];
  for (const part of splitList(text)) {
    const m = /^([01]?\d|2[0-3]):([0-5]\d)\s*-\s*([01]?\d|2[0-3]):([0-5]\d)$/.exec(part);
    if (!m) return undefined;
    out.push({ startMinute: +m[1] * 60 + +m[2], endMinute: +m[3] * 60 + +m[4] });
  }
  return out;
}

export function blankRouteForm(timeZone = 'America/Lima'): RouteForm {
  return {
    id: '',
    name: '',
    enabled: true,
    channelIds: [],
    kinds: [],
    types: '',
    categories: [],
    maxPriority: 4,
    cameraIds: '',
    zoneIds: '',
    timeZone,
    quietHours: '',
    ratePerMinute: '30',
    dedupSec: '60',
  };
}

export function routeFormOf(r: Route): RouteForm {
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    channelIds: [...r.channelIds],
    kinds: [...r.match.kinds],
    types: r.match.types.join(', '),
    categories: [...r.match.categories],
    maxPriority: r.match.maxPriority,
    cameraIds: r.match.cameraIds.join(', '),
    zoneIds: r.match.zoneIds.join(', '),
    timeZone: r.timeZone,
    quietHours: formatQuietHours(r.quietHours),
    ratePerMinute: String(r.ratePerMinute),
    dedupSec: String(r.dedupSec),
  };
}

export function buildRoute(
  f: RouteForm,
): { ok: true; route: Route } | { ok: false; problem: FormProblem } {
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(f.id.trim()))
    return { ok: false, problem: { key: 'notifyUi.form.idInvalid' } };
  if (!f.name.trim()) return { ok: false, problem: { key: 'notifyUi.form.nameRequired' } };
  if (!f.channelIds.length) return { ok: false, problem: { key: 'notifyUi.form.channelRequired' } };
  const quietHours = parseQuietHours(f.quietHours);
  if (!quietHours) return { ok: false, problem: { key: 'notifyUi.form.quietHoursInvalid' } };
  const int = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : NaN);
  const parsed = routeSchema.safeParse({
    id: f.id.trim(),
    name: f.name.trim(),
    enabled: f.enabled,
    channelIds: f.channelIds,
    match: {
      kinds: f.kinds,
      types: splitList(f.types),
      categories: f.categories,
      maxPriority: f.maxPriority,
      cameraIds: splitList(f.cameraIds),
      zoneIds: splitList(f.zoneIds),
    },
    timeZone: f.timeZone.trim() || 'America/Lima',
    quietHours,
    ratePerMinute: int(f.ratePerMinute),
    dedupSec: int(f.dedupSec),
  });
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path.at(-1) ?? 'route');
    return { ok: false, problem: { key: 'notifyUi.form.fieldInvalid', params: { field } } };
  }
  return { ok: true, route: parsed.data };
}

// Delivery log

/** Newest first (the host sends them so; kept stable here whatever the order it came in). */
export function sortDeliveries(items: readonly Delivery[]): Delivery[] {
  return [...items].sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id));
}

/** Only a failed delivery can be put back into the outbox. */
export const canRetry = (d: Delivery): boolean => d.state === 'failed';
