import { useState } from 'react';
import { useClient } from '../api/client-context';
import { errorCode } from '../api/optional';
import { translateError, useT } from '../i18n/i18n';
import { useSession } from '../state/session-store';
import { roleAllows } from '../../../electron/shared/api/methods/auth';
import type { InfractionRecord } from '../../../electron/shared/api/methods/infractions';

/**
 * The evidence lock (supervisors and administrators): a locked case's evidence ignores retention
 * until it is unlocked. The host checks the role and audits every lock and unlock.
 */
export function EvidenceLock({
  infraction,
  onChanged,
}: {
  infraction: InfractionRecord;
  onChanged(): void;
}) {
  const client = useClient();
  const t = useT();
  const role = useSession((s) => s.user?.role);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  if (role && !roleAllows(role, 'evidence.lock')) return null;
  const locked = infraction.lockedAt !== undefined;
  const toggle = () => {
    setBusy(true);
    setError(undefined);
    client
      .call(locked ? 'infractions.unlock' : 'infractions.lock', {
        id: infraction.id,
        expectedVersion: infraction.version,
      })
      .then(() => onChanged())
      .catch((e: unknown) => setError(translateError(t, errorCode(e))))
      .finally(() => setBusy(false));
  };
  return (
    <>
      <button
        type="button"
        onClick={toggle}
        disabled={busy}
        aria-pressed={locked}
        title={t(locked ? 'review.lock.unlockHint' : 'review.lock.lockHint')}
        data-testid="evidence-lock"
      >
        {t(locked ? 'review.lock.unlock' : 'review.lock.lock')}
      </button>
      {error ? (
        <span role="alert" className="error">
          {error}
        </span>
      ) : null}
    </>
  );
}
