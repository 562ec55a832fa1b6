/**
 * The one place that finds credentials in a source URL: the password of the userinfo
 * (`scheme://user:password@host`, also with an empty user, or an `@` or `:` inside the password:
 * the last `@` of the authority is the separator, as for WHATWG URL and ffmpeg) and the values of
 * query parameters whose names look like credentials (`?pwd=`, `&token=`, `&X-Amz-Signature=` …).
 * Pure: `URL` is available in every room.
 */

/** What stands for a credential wherever one is shown: logs, lists, events, the audit log. */
export const REDACTED = '***';

/** Name parts (after splitting on `_`, `-`, `.` and camelCase) that make a parameter a credential. */
const CREDENTIAL_TOKENS = new Set([
  'password',
  'passwd',
  'passw',
  'passphrase',
  'passcode',
  'pass',
  'pwd',
  'psw',
  'pw',
  'loginpas',
  'token',
  'auth',
  'authorization',
  'authkey',
  'authtoken',
  'accesstoken',
  'accesskey',
  'apitoken',
  'apikey',
  'key',
  'secret',
  'secretkey',
  'signature',
  'sig',
  'credential',
  'credentials',
]);

/** Whether a parameter or field name names a credential (case-insensitive, any separator). */
export function isCredentialName(name: string): boolean {
  const tokens = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return tokens.some((t) => CREDENTIAL_TOKENS.has(t) || CREDENTIAL_WORDS.test(t));
}

/** Words distinctive enough to count inside a longer name (`sslpassword`, `clientsecret`). */
const CREDENTIAL_WORDS = /password|passwd|passphrase|secret|token/;

/** The secrets taken out of a URL: the userinfo password (decoded) and credential query values (as written). */
export interface UrlSecrets {
  password?: string;
  /** `[name, raw value]` in the order they appear in the query. */
  query?: Array<[string, string]>;
}

export interface SplitUrl {
  /**
   * The URL as it may be stored and shown: no userinfo password (`scheme://user@host`, or
   * `scheme://host` for an empty user) and every credential query value replaced by `***`.
   */
  url: string;
  secrets: UrlSecrets;
}

export function hasSecrets(s: UrlSecrets): boolean {
  return s.password !== undefined || (s.query?.length ?? 0) > 0;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function parse(url: string): URL | undefined {
  try {
    const u = new URL(url);
    // Only URLs with an authority carry userinfo; `mailto:`-like forms are not sources.
    return u.host || /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? u : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `url` is one the splitter understands (absolute, with an authority, no control characters). */
export function isParsableUrl(url: string): boolean {
  return ![...url].some((c) => c.charCodeAt(0) < 0x21) && parse(url) !== undefined;
}

/**
 * Applies `fn` to each `name=value` piece of a raw query string (without `?`), leaving every
 * other byte as written (no re-encoding: cameras can be picky about their query syntax).
 */
function mapQuery(
  search: string,
  fn: (name: string, value: string, index: number) => string | undefined,
): string {
  if (!search || search === '?') return search;
  let i = 0;
  return (
    '?' +
    search
      .slice(1)
      .split('&')
      .map((piece) => {
        const eq = piece.indexOf('=');
        if (eq < 0) return piece;
        const rawName = piece.slice(0, eq);
        const name = safeDecode(rawName.replace(/\+/g, ' '));
        if (!isCredentialName(name)) return piece;
        const next = fn(name, piece.slice(eq + 1), i++);
        return next === undefined ? piece : `${rawName}=${next}`;
      })
      .join('&')
  );
}

/** Splits the credentials out of a URL. A URL that does not parse comes back unchanged, without secrets. */
export function splitUrlCredentials(url: string): SplitUrl {
  const u = parse(url);
  if (!u) return { url, secrets: {} };
  const secrets: UrlSecrets = {};
  if (u.password) {
    secrets.password = safeDecode(u.password);
    u.password = '';
  }
  const query: Array<[string, string]> = [];
  u.search = mapQuery(u.search, (name, value) => {
    if (value !== REDACTED && value !== '') query.push([name, value]);
    return value === '' ? undefined : REDACTED;
  });
  if (query.length) secrets.query = query;
  return { url: u.href, secrets };
}

/**
 * Puts secrets back into a stored URL: the password into the userinfo, and each `***` query value
 * of a credential parameter gets the stored value of the same name (in order). A `***` with no
 * stored value stays as written.
 */
export function joinUrlCredentials(url: string, secrets: UrlSecrets): string {
  if (!hasSecrets(secrets)) return url;
  const u = parse(url);
  if (!u) return url;
  if (secrets.password !== undefined) u.password = encodeURIComponent(secrets.password);
  if (secrets.query?.length) {
    const pending = [...secrets.query];
    u.search = mapQuery(u.search, (name, value) => {
      if (value !== REDACTED) return undefined;
      const i = pending.findIndex(([n]) => n === name);
      if (i < 0) return undefined;
      return pending.splice(i, 1)[0][1];
    });
  }
  return u.href;
}

/**
 * An edit of a camera URL against the full URL stored before. Forms only ever see the stored
 * (credential-free) form, so saving it back must keep the stored credentials: when the edited URL,
 * without its credentials, is the same as the stored one (same user, host, path and query), a
 * missing password and every `***` query value take the stored values; a newly typed password or
 * value wins. Credentials are never carried over to another address.
 */
export function mergeUrlCredentials(next: string, previous: string | undefined): string {
  if (previous === undefined) return next;
  const incoming = splitUrlCredentials(next);
  const stored = splitUrlCredentials(previous);
  if (!hasSecrets(stored.secrets) || incoming.url !== stored.url) return next;
  const merged: UrlSecrets = {
    password: incoming.secrets.password ?? stored.secrets.password,
  };
  // Typed values as written; `***` takes the stored value of the same name, in order.
  const query: Array<[string, string]> = [];
  const pendingStored = [...(stored.secrets.query ?? [])];
  const u = parse(next);
  if (u) {
    mapQuery(u.search, (name, value) => {
      if (value === REDACTED) {
        const i = pendingStored.findIndex(([n]) => n === name);
        if (i >= 0) query.push(pendingStored.splice(i, 1)[0]);
      } else if (value !== '') query.push([name, value]);
      return undefined;
    });
  }
  if (query.length) merged.query = query;
  return joinUrlCredentials(incoming.url, merged);
}

/** The URL as logs and the UI may show it: `user:***@host`, credential query values `***`. */
export function redactUrl(url: string): string {
  const { url: stripped, secrets } = splitUrlCredentials(url);
  if (secrets.password === undefined) return stripped;
  const u = parse(stripped)!;
  u.password = REDACTED;
  return u.href.replace(`:${encodeURIComponent(REDACTED)}@`, `:${REDACTED}@`);
}
