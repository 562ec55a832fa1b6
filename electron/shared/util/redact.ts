/**
 * Removes credentials from anything that may reach a log or the UI: `scheme://user:pass@host`
 * becomes `scheme://user:***@host`, and `password=...` style pairs are masked.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)([^:/@\s]+):([^@\s]*)@/gi, '$1$2:***@')
    .replace(
      /((?:password|passwd|pwd|token|secret)\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&,;]+)/gi,
      '$1***',
    );
}
