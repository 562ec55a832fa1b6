import { afterEach, describe, expect, it } from 'vitest';
import {
  ROLE_PERMISSIONS,
  storeMethods,
  type Role,
} from '../../../../electron/shared/api/methods/store';
import { catalogs } from '../../../../electron/shared/i18n';
import { createStoreHandlers } from '../../../../electron/host/handlers/store-handlers';
import { ReportService } from '../../../../electron/host/store/reports';
import { ReviewService } from '../../../../electron/host/store/review';
import { mulberry32, syntheticInfraction } from '../../../../tools/synth/synthetic-infractions';
import { openTestStore, testAuth, type TestStore } from './helpers';

let t: TestStore;
afterEach(() => t?.cleanup());

async function setup() {
  t = openTestStore();
  const auth = testAuth(t.store);
  const h = createStoreHandlers({
    store: t.store,
    auth,
    review: new ReviewService(t.store),
    reports: new ReportService(t.store),
  });
  const admin = await h['auth.createFirstAdmin'](
    { username: 'admin', password: 'admin-pass-1', displayName: 'Admin' },
    {},
  );
  const sessions: Record<Role, ReturnType<typeof auth.session>> = {
    admin: auth.session(admin.token),
  } as never;
  for (const role of ['supervisor', 'operator', 'auditor'] as const) {
    const ctx = { session: sessions.admin };
    await h['users.create'](
      { username: role, password: `${role}-pass-1`, displayName: role, role },
      ctx,
    );
    sessions[role] = auth.session(
      (await h['auth.login']({ username: role, password: `${role}-pass-1` }, {})).token,
    );
  }
  return { h, sessions, auth };
}

describe('store API handlers', () => {
  it('enforce each role in the host, not only in the UI', async () => {
    const { h, sessions } = await setup();
    const inf = syntheticInfraction(mulberry32(1), { occurredAt: t.clock.t });
    t.store.infractions.insert([inf]);
    await expect(h['infractions.list']({}, {})).rejects.toMatchObject({
      code: 'store.error.unauthenticated',
    });
    await expect(h['users.list']({}, { session: sessions.operator })).rejects.toMatchObject({
      code: 'store.error.forbidden',
    });
    await expect(h['audit.list']({}, { session: sessions.supervisor })).rejects.toMatchObject({
      code: 'store.error.forbidden',
    });
    await expect(
      h['infractions.decide'](
        { id: inf.id, action: 'validate', expectedVersion: 1 },
        { session: sessions.auditor },
      ),
    ).rejects.toMatchObject({ code: 'store.error.forbidden' });
    await expect(
      h['sync.configure'](
        { connectionString: 'postgres://x@h/db' },
        { session: sessions.supervisor },
      ),
    ).rejects.toMatchObject({
      code: 'store.error.forbidden',
    });
    const decided = await h['infractions.decide'](
      { id: inf.id, action: 'validate', expectedVersion: 1 },
      { session: sessions.operator },
    );
    expect(decided.infraction).toMatchObject({ status: 'validated', decidedBy: 'operator' });
    await expect(h['audit.verify']({}, { session: sessions.auditor })).resolves.toMatchObject({
      ok: true,
    });
    await expect(
      h['reports.daily']({ date: '2026-01-15' }, { session: sessions.auditor }),
    ).resolves.toMatchObject({ total: 1 });
    await expect(h['users.list']({}, { session: sessions.admin })).resolves.toMatchObject({
      users: expect.any(Array),
    });
    await expect(h['sync.status']({}, { session: sessions.operator })).resolves.toMatchObject({
      state: 'disabled',
    });
  });

  it('validate params and answer with codes', async () => {
    const { h, sessions } = await setup();
    await expect(
      h['infractions.decide']({ id: 'x', action: 'explode' }, { session: sessions.operator }),
    ).rejects.toMatchObject({
      code: 'store.error.invalidInput',
    });
    await expect(
      h['auth.login']({ username: 'admin', password: 'wrong-pass' }, {}),
    ).rejects.toMatchObject({
      code: 'store.error.invalidCredentials',
    });
    const me = await h['auth.me']({}, { session: sessions.operator });
    expect(me.user.role).toBe('operator');
    expect(storeMethods['auth.me'].result.safeParse(me).success).toBe(true);
  });

  it('has es and en text for every store error code and a permission for every method', () => {
    for (const [name, spec] of Object.entries(storeMethods)) {
      expect(ROLE_PERMISSIONS.admin, name).toContain(spec.permission);
    }
    const codes = Object.keys(catalogs.en).filter(
      (k) => k.startsWith('store.') || k.startsWith('sync.'),
    );
    expect(codes.length).toBeGreaterThan(20);
    for (const k of codes) expect(catalogs.es[k], k).toBeTruthy();
  });
});
