import { afterEach, describe, expect, it } from 'vitest';
import {
  Connection,
  type ConnectionHost,
  type ConnectionSink,
  type EventAccess,
} from '../../../../electron/host/connections/connection';
import { sessionEventAccess } from '../../../../electron/host/auth/permissions';
import {
  apiEventSpecs,
  eventPermission,
  type ApiEventTopic,
} from '../../../../electron/shared/api/contract';
import { permissionSchema } from '../../../../electron/shared/api/method-spec';
import { ROLE_PERMISSIONS, type Role } from '../../../../electron/shared/api/methods/auth';
import type { EventEnvelope, ResponseEnvelope } from '../../../../electron/shared/api/envelope';
import { openTestStore, testAuth, type TestStore } from '../store/helpers';
import { event, fakeHost as fakeConnectionHost, fakeSink, logger } from './fakes';

const ALL_TOPICS = Object.keys(apiEventSpecs) as ApiEventTopic[];
const LIVE_TOPICS = ['camera.status', 'camera.preview', 'camera.detections', 'worker.state'];

/**
 * A host stand-in: publish() reaches every subscriber; handle() answers `auth.login` through the
 * given login function (like the dispatcher would) and anything else with null.
 */
function fakeHost(
  snapshot: EventEnvelope[],
  login?: (u: string, p: string) => Promise<{ token: string }>,
) {
  return fakeConnectionHost(snapshot, async (raw) => {
    const r = JSON.parse(raw as string) as {
      id: number;
      method: string;
      params: { username: string; password: string };
    };
    if (r.method !== 'auth.login' || !login) return undefined;
    try {
      const result = await login(r.params.username, r.params.password);
      return { kind: 'response', id: r.id, ok: true, result } as ResponseEnvelope;
    } catch {
      return {
        kind: 'response',
        id: r.id,
        ok: false,
        error: { code: 'store.error.invalidCredentials', message: 'no' },
      };
    }
  }).host;
}

let ids = 0;
function connect(
  host: ConnectionHost,
  sink: ConnectionSink,
  access: EventAccess,
  now?: () => number,
) {
  return new Connection({
    host,
    context: { connectionId: `a${++ids}`, transport: 'ws' },
    sink,
    logger,
    access,
    now,
  }).open();
}

/** Grants by token: a token names a role; no token or an unknown one has nothing. */
function roleAccess(roles: Record<string, Role | undefined>, validUntil = Infinity): EventAccess {
  return {
    grants: (token) => {
      const role = token === undefined ? undefined : roles[token];
      return {
        permits: (p) =>
          p === 'public' || (role !== undefined && ROLE_PERMISSIONS[role].includes(p)),
        validUntil,
      };
    },
  };
}

const request = (id: number, method: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ kind: 'request', id, method, params: {}, ...extra });

describe('event permissions in the contract', () => {
  it('every event topic declares a permission of the permission set', () => {
    for (const topic of ALL_TOPICS) {
      expect(permissionSchema.options).toContain(eventPermission(topic));
      expect(eventPermission(topic)).not.toBe('public');
    }
    expect(eventPermission('infraction.created')).toBe('review.read');
    for (const t of LIVE_TOPICS) expect(eventPermission(t)).toBe('live');
    expect(eventPermission('no.such.topic')).toBeUndefined();
  });
});

describe('Connection: events only for the permissions of its session', () => {
  it('a connection without a session gets no snapshot and no event; a logged-in one gets both', async () => {
    const host = fakeHost([event('camera.status'), event('camera.preview')]);
    const access = roleAccess({ op: 'operator' });
    const anonymous = fakeSink();
    const operator = fakeSink();
    connect(host, anonymous.sink, access);
    const c = connect(host, operator.sink, access);
    expect(operator.eventTopics()).toEqual([]);
    // Its first call with a session: the snapshot it was not allowed before comes at once.
    await c.receive(request(1, 'auth.me', { session: 'op' }));
    expect(operator.eventTopics()).toEqual(['camera.status', 'camera.preview']);
    for (const t of ALL_TOPICS) host.publish(event(t));
    // Model comparison and catalog progress need `config` / `models.admin`, which an operator lacks.
    expect(operator.eventTopics().slice(2)).toEqual(
      ALL_TOPICS.filter((t) => !['config', 'models.admin'].includes(eventPermission(t)!)),
    );
    expect(anonymous.sent).toEqual([]);
  });

  it('an unknown token, and a topic outside the contract, get nothing', async () => {
    const host = fakeHost([]);
    const s = fakeSink();
    const c = connect(host, s.sink, roleAccess({ op: 'operator' }));
    await c.receive(request(1, 'auth.me', { session: 'forged' }));
    host.publish(event('camera.preview'));
    host.publish(event('infraction.created'));
    await c.receive(request(2, 'auth.me', { session: 'op' }));
    host.publish(event('debug.secrets'));
    expect(s.eventTopics()).toEqual([]);
  });

  it('a role without a topic’s permission does not get it', async () => {
    const host = fakeHost([]);
    // A role that has the live wall but not review: a grant for `live` only.
    const access: EventAccess = {
      grants: (token) => ({
        permits: (p) => token === 'wall' && p === 'live',
        validUntil: Infinity,
      }),
    };
    const s = fakeSink();
    const c = connect(host, s.sink, access);
    await c.receive(request(1, 'x', { session: 'wall' }));
    for (const t of ALL_TOPICS) host.publish(event(t));
    expect(s.eventTopics()).toEqual(ALL_TOPICS.filter((x) => eventPermission(x) === 'live'));
  });

  it('re-asks the grant when it lapses (session expiry) and on refreshAccess (logout, role change)', async () => {
    let t = 0;
    const roles: Record<string, Role | undefined> = { op: 'operator' };
    const access = roleAccess(roles, 1000);
    const host = fakeHost([]);
    const s = fakeSink();
    const c = connect(host, s.sink, access, () => t);
    await c.receive(request(1, 'x', { session: 'op' }));
    host.publish(event('camera.preview'));
    expect(s.eventTopics()).toEqual(['camera.preview']);
    // Revoked where the connection cannot see it: still cached until the grant lapses…
    roles.op = undefined;
    t = 999;
    host.publish(event('camera.preview'));
    expect(s.eventTopics()).toHaveLength(2);
    // …then asked again at push time.
    t = 1000;
    host.publish(event('camera.preview'));
    expect(s.eventTopics()).toHaveLength(2);
    // Restored and announced: delivered again at once.
    roles.op = 'operator';
    c.refreshAccess();
    host.publish(event('camera.preview'));
    expect(s.eventTopics()).toHaveLength(3);
    roles.op = undefined;
    c.refreshAccess();
    host.publish(event('camera.preview'));
    expect(s.eventTopics()).toHaveLength(3);
  });

  it('a connection adopts the session its login starts, and gets the snapshot then', async () => {
    const sessions: Record<string, Role | undefined> = {};
    const host = fakeHost([event('camera.status')], (u, p) => {
      if (p !== 'right') return Promise.reject(new Error('no'));
      sessions['tok-' + u] = 'operator';
      return Promise.resolve({ token: 'tok-' + u });
    });
    const s = fakeSink();
    const c = connect(host, s.sink, roleAccess(sessions));
    await c.receive(request(1, 'auth.login', { params: { username: 'ana', password: 'wrong' } }));
    expect(s.eventTopics()).toEqual([]);
    await c.receive(request(2, 'auth.login', { params: { username: 'ana', password: 'right' } }));
    expect(s.eventTopics()).toEqual(['camera.status']);
    expect(s.sent.filter((m) => m.kind === 'response')).toHaveLength(2);
  });
});

describe('sessionEventAccess with the real users and sessions', () => {
  let t: TestStore | undefined;
  afterEach(() => t?.cleanup());

  async function setup() {
    t = openTestStore();
    const auth = testAuth(t.store);
    const store = t.store;
    const host = fakeHost([event('camera.status'), event('camera.preview')], (u, p) =>
      auth.login(u, p),
    );
    const connections: Connection[] = [];
    // What the host does: every open connection re-checks when the auth service says so.
    auth.onAccessChange(() => connections.forEach((c) => c.refreshAccess()));
    const open = () => {
      const s = fakeSink();
      const c = new Connection({
        host,
        context: { connectionId: `r${++ids}`, transport: 'ws' },
        sink: s.sink,
        logger,
        access: sessionEventAccess(auth, store.now),
        resolveSession: (token) => auth.session(token),
        now: store.now,
      });
      connections.push(c);
      c.open();
      return { c, s };
    };
    return { auth, host, open, clock: t.clock };
  }

  const login = (c: Connection, username: string, password: string) =>
    c.receive(request(++ids, 'auth.login', { params: { username, password } }));

  it('first run: the live wall without a session, no infractions; the first admin closes it', async () => {
    const { auth, host, open } = await setup();
    const wall = open();
    expect(wall.s.eventTopics()).toEqual(['camera.status', 'camera.preview']);
    for (const topic of ALL_TOPICS) host.publish(event(topic));
    expect(wall.s.eventTopics().slice(2)).toEqual(
      ALL_TOPICS.filter((x) => eventPermission(x) === 'live'),
    );
    wall.s.clear();
    await auth.createFirstAdmin({ username: 'admin', password: 'admin-pass-1', displayName: 'A' });
    for (const topic of ALL_TOPICS) host.publish(event(topic));
    expect(wall.s.sent).toEqual([]);
    // A socket opened after that, with only the access token, gets nothing either.
    const late = open();
    host.publish(event('camera.preview'));
    expect(late.s.sent).toEqual([]);
  });

  it('logout, a disabled user and an expired session stop the events; a login brings them', async () => {
    const { auth, host, open, clock } = await setup();
    await auth.createFirstAdmin({ username: 'admin', password: 'admin-pass-1', displayName: 'A' });
    const admin = auth.listUsers()[0];
    await auth.createUser(
      { username: 'op', password: 'op-pass-123', displayName: 'O', role: 'operator' },
      admin.username,
    );
    const op = open();
    expect(op.s.eventTopics()).toEqual([]);
    await login(op.c, 'op', 'op-pass-123');
    expect(op.s.eventTopics()).toEqual(['camera.status', 'camera.preview']);
    host.publish(event('infraction.created'));
    expect(op.s.eventTopics().at(-1)).toBe('infraction.created');

    // Logout (from any connection holding that session) stops it at once.
    op.s.clear();
    auth.logout(op.c.session!);
    host.publish(event('camera.preview'));
    host.publish(event('infraction.created'));
    expect(op.s.eventTopics()).toEqual([]);

    // Logged in again, then the user is disabled by an administrator.
    await login(op.c, 'op', 'op-pass-123');
    op.s.clear();
    const opUser = auth.listUsers().find((u) => u.username === 'op')!;
    await auth.updateUser(opUser.id, { disabled: true }, 'admin');
    host.publish(event('camera.preview'));
    expect(op.s.eventTopics()).toEqual([]);

    // An expired session lapses on its own.
    await auth.updateUser(opUser.id, { disabled: false }, 'admin');
    await login(op.c, 'op', 'op-pass-123');
    host.publish(event('camera.status'));
    op.s.clear();
    clock.t = op.c.session!.expiresAt;
    host.publish(event('camera.preview'));
    expect(op.s.eventTopics()).toEqual([]);
  });
});
