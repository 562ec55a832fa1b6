/**
 * A client-chosen id for a long call (a comparison, a download) whose progress events the host
 * tags with it, so the UI keeps only its own run's events.
 */
export function newRunId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `${prefix}-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
