import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from './helpers';

let t: TestStore;
afterEach(() => t?.cleanup());

function fill(n: number) {
  t.store.tx(() => {
    for (let i = 0; i < n; i++)
      t.store.audit.append('alice', 'infraction.validate', `infraction:${i}`, { i });
  });
}

describe('hash-chained audit log', () => {
  it('verifies an untouched log', () => {
    t = openTestStore();
    fill(20);
    expect(t.store.audit.verify()).toEqual({ ok: true, checked: 20, problems: [] });
  });

  it('detects an edited line', () => {
    t = openTestStore();
    fill(10);
    t.store.db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE origin_seq = 4").run();
    const r = t.store.audit.verify();
    expect(r.ok).toBe(false);
    expect(r.problems).toContainEqual(expect.objectContaining({ originSeq: 4, kind: 'modified' }));
  });

  it('detects a deleted middle line and a deleted last line', () => {
    t = openTestStore();
    fill(10);
    t.store.db.prepare('DELETE FROM audit_log WHERE origin_seq = 5').run();
    expect(t.store.audit.verify().problems).toContainEqual(
      expect.objectContaining({ originSeq: 5, kind: 'missing' }),
    );
    t.store.db.prepare('DELETE FROM audit_log WHERE origin_seq >= 9').run();
    expect(t.store.audit.verify().problems).toContainEqual(
      expect.objectContaining({ originSeq: 9, kind: 'missing' }),
    );
  });

  it('detects a line re-hashed to hide an edit (the next link breaks)', async () => {
    t = openTestStore();
    fill(5);
    const { auditHash } = await import('../../../../electron/host/store/audit');
    const e = t.store.audit.list({ target: 'infraction:2' })[0];
    const forged = { ...e, actor: 'mallory' };
    t.store.db
      .prepare('UPDATE audit_log SET actor = ?, hash = ? WHERE id = ?')
      .run('mallory', auditHash(forged), e.id);
    expect(t.store.audit.verify().problems).toContainEqual(
      expect.objectContaining({ originSeq: e.originSeq + 1, kind: 'broken-link' }),
    );
  });
});
