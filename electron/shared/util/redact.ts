import { isCredentialName, REDACTED } from './url-credentials';

/** `scheme://` and the authority after it (up to the path, query, fragment, a quote or a space). */
const AUTHORITY = /([a-z][a-z0-9+.-]*:\/\/)([^\s/?#"'<>\\]*)/gi;

/** A name followed by `=` or `:` (a JSON key's closing quote, escaped or not, in between). */
const PAIR = /([A-Za-z_][A-Za-z0-9_.-]*)(\\?["']?)(\s*[=:]\s*)/g;

/** Where a value that starts at `i` ends: a quoted string (JSON, escaped JSON, '…') or a bare run. */
function valueEnd(text: string, i: number): number {
  if (text.startsWith('\\"', i)) {
    const end = text.indexOf('\\"', i + 2);
    return end < 0 ? text.length : end + 2;
  }
  const q = text[i];
  if (q === '"') {
    let j = i + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    return Math.min(j + 1, text.length);
  }
  if (q === "'") {
    const end = text.indexOf("'", i + 1);
    return end < 0 ? text.length : end + 1;
  }
  const bare = /^[^\s&,;"'#\\)}\]]*/.exec(text.slice(i))![0];
  // `Authorization: Basic dXNlcjpwYXNz`: the scheme word and the credential after it.
  const scheme = /^(?:Basic|Bearer|Digest|Token) +[^\s&,;"'#\\)}\]]+/i.exec(text.slice(i));
  return i + (scheme ? scheme[0].length : bare.length);
}

function maskValue(raw: string, quotedName: boolean): string {
  if (raw.startsWith('\\"')) return `\\"${REDACTED}\\"`;
  if (raw.startsWith('"')) return `"${REDACTED}"`;
  if (raw.startsWith("'")) return `'${REDACTED}'`;
  // A JSON key with a bare value (a number): keep the JSON valid.
  return quotedName ? `"${REDACTED}"` : REDACTED;
}

/** Masks credential `name=value` / `"name": value` pairs; other pairs (and their values) are scanned on. */
function redactPairs(text: string): string {
  let out = '';
  let last = 0;
  PAIR.lastIndex = 0;
  for (let m = PAIR.exec(text); m; m = PAIR.exec(text)) {
    const [whole, name, quote] = m;
    const start = m.index + whole.length;
    // Not a credential, a URL scheme (`rtsp://`) or a previous word's tail: look on after the name.
    if (
      !isCredentialName(name) ||
      text.startsWith('//', start - 1) ||
      (m.index > 0 && /[A-Za-z0-9_.-]/.test(text[m.index - 1]))
    ) {
      PAIR.lastIndex = m.index + name.length;
      continue;
    }
    const end = valueEnd(text, start);
    const raw = text.slice(start, end);
    if (!raw || /^(?:true|false|null)$/.test(raw) || raw === REDACTED) {
      PAIR.lastIndex = Math.max(end, m.index + name.length);
      continue;
    }
    out += text.slice(last, start) + maskValue(raw, quote !== '');
    last = end;
    PAIR.lastIndex = end;
  }
  return out + text.slice(last);
}

/**
 * Removes credentials from anything that may reach a log, the UI or the audit log:
 * `scheme://user:pass@host` (also `scheme://:pass@host` and a raw `@` inside the password: the last
 * `@` of the authority separates) becomes `scheme://user:***@host`, and credential pairs
 * (`password=…`, `?pwd=…`, `&token=…`, `"apiKey":"…"`, `Authorization: Basic …`) are masked.
 */
export function redactSecrets(text: string): string {
  const urls = text.replace(AUTHORITY, (whole, scheme: string, authority: string) => {
    const at = authority.lastIndexOf('@');
    if (at < 0) return whole;
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    if (colon < 0) return whole;
    return `${scheme}${userinfo.slice(0, colon)}:${REDACTED}@${authority.slice(at + 1)}`;
  });
  return redactPairs(urls);
}
