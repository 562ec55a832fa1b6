import type { ControlRoomStore } from '../store/store';
import type { DomainHandlers } from '../api-types';

/** What `audit.*` needs: the store's audit log (verifying is itself audited). */
export interface AuditContext {
  store: Pick<ControlRoomStore, 'audit' | 'tx'>;
}

export function createAuditHandlers({ store }: AuditContext): DomainHandlers<'audit'> {
  return {
    'audit.list': (p) => ({ entries: store.audit.list(p) }),
    'audit.verify': async (_p, { session }) => {
      // In slices: a long log must not stall live events and other requests meanwhile.
      const result = await store.audit.verifyAsync();
      store.tx(() =>
        store.audit.append(session?.username ?? 'anonymous', 'audit.verify', undefined, {
          ok: result.ok,
          checked: result.checked,
        }),
      );
      return result;
    },
  };
}
