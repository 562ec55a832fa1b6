import type { ReviewService } from '../store/review';
import type { SyncEngine } from '../sync/sync-engine';
import { callerName, type ConnectionContext, type DomainHandlers } from '../api-types';

/** What `infractions.*` needs: review, and sync to fetch the latest version before deciding. */
export interface InfractionContext {
  review: Pick<ReviewService, 'list' | 'get' | 'decide' | 'editPlate' | 'setLock'>;
  /** Absent when this host never syncs. */
  sync?: Pick<SyncEngine, 'refreshInfraction'>;
}

const actor = (ctx: ConnectionContext) => ({ name: callerName(ctx) });

export function createInfractionHandlers({
  review,
  sync,
}: InfractionContext): DomainHandlers<'infractions'> {
  return {
    'infractions.list': (p) => review.list(p),
    'infractions.get': (p) => review.get(p.id),
    'infractions.decide': async (p, ctx) => {
      await sync?.refreshInfraction(p.id);
      return { infraction: review.decide(p.id, p, actor(ctx)) };
    },
    'infractions.editPlate': async (p, ctx) => {
      await sync?.refreshInfraction(p.id);
      return { infraction: review.editPlate(p.id, p.text, p.expectedVersion, actor(ctx)) };
    },
    'infractions.lock': async (p, ctx) => {
      await sync?.refreshInfraction(p.id);
      return { infraction: review.setLock(p.id, true, p.expectedVersion, actor(ctx)) };
    },
    'infractions.unlock': async (p, ctx) => {
      await sync?.refreshInfraction(p.id);
      return { infraction: review.setLock(p.id, false, p.expectedVersion, actor(ctx)) };
    },
  };
}
