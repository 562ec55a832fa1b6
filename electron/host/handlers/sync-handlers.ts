import { CodedError } from '../../shared/coded-error';
import type { SyncEngine } from '../sync/sync-engine';
import type { DomainHandlers } from '../api-types';

/** What `sync.*` needs: the sync engine, absent when this host never syncs (status `disabled`). */
export interface SyncContext {
  sync?: Pick<SyncEngine, 'status' | 'configure' | 'test'>;
}

export function createSyncHandlers({ sync }: SyncContext): DomainHandlers<'sync'> {
  const engine = () => {
    if (!sync)
      throw new CodedError('sync.error.unavailable', 'this host was started without sync support');
    return sync;
  };
  return {
    'sync.status': () =>
      sync?.status() ?? {
        state: 'disabled' as const,
        behind: 0,
        pendingDownloads: 0,
        conflicts: 0,
      },
    'sync.configure': async (p, { session }) => ({
      status: await engine().configure(p, session?.username ?? 'anonymous'),
    }),
    'sync.test': (p) => engine().test(p),
  };
}
