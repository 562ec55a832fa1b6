import {
  storeMethods,
  type StoreMethodName,
  type StoreParsedParams,
  type StoreResult,
} from '../../shared/api/methods/store';
import type { AuthService, Session } from '../auth/auth-service';
import { authorize } from '../auth/permissions';
import { StoreError } from '../store/errors';
import type { ReportService } from '../store/reports';
import type { ReviewService } from '../store/review';
import type { ControlRoomStore } from '../store/store';
import type { SyncEngine } from '../sync/sync-engine';

export interface StoreServices {
  store: ControlRoomStore;
  auth: AuthService;
  review: ReviewService;
  reports: ReportService;
  /** Absent when this host never syncs (sync.* then report `disabled`). */
  sync?: SyncEngine;
}

export interface HandlerContext {
  session?: Session;
}

export type StoreHandler<M extends StoreMethodName> = (
  params: StoreParsedParams<M>,
  ctx: HandlerContext,
) => Promise<StoreResult<M>>;

export type StoreHandlers = {
  [M in StoreMethodName]: (params: unknown, ctx: HandlerContext) => Promise<StoreResult<M>>;
};

/**
 * Handlers for every method in `storeMethods`. Each one validates its params with the method's
 * schema and passes `authorize` with the method's permission before doing anything, so roles are
 * enforced here in the host, whatever the UI shows. Failures are StoreErrors (i18n code + params).
 */
export function createStoreHandlers(services: StoreServices): StoreHandlers {
  const { store, auth, review, reports, sync } = services;
  const actor = (s: Session | undefined) => ({ name: s?.username ?? 'anonymous' });

  const impl: { [M in StoreMethodName]: StoreHandler<M> } = {
    'auth.login': (p) => auth.login(p.username, p.password),
    'auth.logout': async (_p, { session }) => {
      auth.logout(session!);
      return { ok: true as const };
    },
    'auth.me': async (_p, { session }) => {
      const user = auth.getUser(session!.userId);
      if (!user) throw new StoreError('store.error.unauthenticated', 'log in first');
      return { user, expiresAt: session!.expiresAt };
    },
    'auth.needsFirstAdmin': async () => ({ needed: auth.needsFirstAdmin() }),
    'auth.createFirstAdmin': (p) => auth.createFirstAdmin(p),
    'auth.changePassword': async (p, { session }) => {
      await auth.changePassword(session!, p.currentPassword, p.newPassword);
      return { ok: true as const };
    },
    'users.list': async () => ({ users: auth.listUsers() }),
    'users.create': async (p, { session }) => ({
      user: await auth.createUser(p, session!.username),
    }),
    'users.update': async (p, { session }) => {
      const { id, ...patch } = p;
      return { user: await auth.updateUser(id, patch, session!.username) };
    },
    'users.disable': async (p, { session }) => ({
      user: await auth.updateUser(p.id, { disabled: p.disabled }, session!.username),
    }),
    'infractions.list': async (p) => review.list(p),
    'infractions.get': async (p) => review.get(p.id),
    'infractions.decide': async (p, { session }) => {
      await sync?.refreshInfraction(p.id);
      return { infraction: review.decide(p.id, p, actor(session)) };
    },
    'infractions.editPlate': async (p, { session }) => {
      await sync?.refreshInfraction(p.id);
      return { infraction: review.editPlate(p.id, p.text, p.expectedVersion, actor(session)) };
    },
    'audit.list': async (p) => ({ entries: store.audit.list(p) }),
    'audit.verify': async (_p, { session }) => {
      const result = store.audit.verify();
      store.tx(() =>
        store.audit.append(actor(session).name, 'audit.verify', undefined, {
          ok: result.ok,
          checked: result.checked,
        }),
      );
      return result;
    },
    'reports.daily': async (p, { session }) => {
      const report = reports.daily(p);
      store.tx(() =>
        store.audit.append(actor(session).name, 'report.daily', undefined, {
          date: p.date,
          cameraId: p.cameraId,
        }),
      );
      return report;
    },
    'sync.status': async () =>
      sync?.status() ?? {
        state: 'disabled' as const,
        behind: 0,
        pendingDownloads: 0,
        conflicts: 0,
      },
    'sync.configure': async (p, { session }) => {
      if (!sync)
        throw new StoreError(
          'sync.error.unavailable',
          'this host was started without sync support',
        );
      return { status: await sync.configure(p, actor(session).name) };
    },
    'sync.test': async (p) => {
      if (!sync)
        throw new StoreError(
          'sync.error.unavailable',
          'this host was started without sync support',
        );
      return sync.test(p);
    },
  };

  const handlers = {} as Record<string, (params: unknown, ctx: HandlerContext) => Promise<unknown>>;
  for (const name of Object.keys(storeMethods) as StoreMethodName[]) {
    const spec = storeMethods[name];
    const run = impl[name] as (p: unknown, ctx: HandlerContext) => Promise<unknown>;
    handlers[name] = async (params, ctx) => {
      authorize(ctx.session, spec.permission);
      const parsed = spec.params.safeParse(params ?? {});
      if (!parsed.success) {
        throw new StoreError(
          'store.error.invalidInput',
          `invalid params for ${name}: ${parsed.error.message}`,
          {
            method: name,
          },
        );
      }
      return run(parsed.data, ctx);
    };
  }
  return handlers as StoreHandlers;
}
