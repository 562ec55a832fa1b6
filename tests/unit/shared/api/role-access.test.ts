import { describe, expect, it } from 'vitest';
import { roleAllows, roleSchema } from '../../../../electron/shared/api/methods/auth';
import { apiMethods } from '../../../../electron/shared/api/contract';
import { parseRequest } from '../../../../electron/shared/api/validate';
import {
  deniedReasonKey,
  roleSeesView,
  VIEW_PERMISSIONS,
} from '../../../../electron/shared/api/view-access';
import { VIEWS } from '../../../../renderer/src/state/router';
import { isMessageKey } from '../../../../electron/shared/i18n';

/** What each role may do and see, as the UI and the host both read it. */
describe('role access', () => {
  it('an operator reads reports and exports them but changes no settings', () => {
    for (const m of ['reports.get', 'reports.exportStart', 'reports.exportStatus'] as const)
      expect(roleAllows('operator', apiMethods[m].permission)).toBe(true);
    for (const m of [
      'cameras.upsert',
      'schedules.save',
      'inference.saveSettings',
      'users.update',
      'audit.list',
    ] as const)
      expect(roleAllows('operator', apiMethods[m].permission), m).toBe(false);
  });

  it('an auditor opens the audit view; operators and supervisors do not', () => {
    expect(roleSeesView('auditor', 'audit')).toBe(true);
    expect(roleSeesView('admin', 'audit')).toBe(true);
    expect(roleSeesView('operator', 'audit')).toBe(false);
    expect(roleSeesView('supervisor', 'audit')).toBe(false);
    expect(roleSeesView('operator', 'calibration')).toBe(false);
    expect(roleSeesView('operator', 'reports')).toBe(true);
    // Everyone has Settings (their own account); a host without users shows every view.
    for (const r of roleSchema.options) expect(roleSeesView(r, 'settings')).toBe(true);
    for (const v of VIEWS) expect(roleSeesView(undefined, v)).toBe(true);
  });

  it('every view has its permission and every refusal a reason in the catalogs', () => {
    for (const v of VIEWS) expect(VIEW_PERMISSIONS[v], v).toBeDefined();
    for (const spec of Object.values(apiMethods)) {
      const p = spec.permission;
      if (p === 'public' || p === 'session' || p === 'alarms.read' || p === 'sync.read') continue;
      expect(isMessageKey(deniedReasonKey(p)), p).toBe(true);
    }
  });

  it('a too-short password is refused with what is wrong, not "invalid data"', () => {
    const create = parseRequest({
      kind: 'request',
      id: 1,
      method: 'users.create',
      params: { username: 'ana', password: 'short', displayName: 'Ana', role: 'operator' },
    });
    expect(create).toMatchObject({
      ok: false,
      id: 1,
      error: { code: 'store.error.weakPassword', params: { min: 8 } },
    });
    const reset = parseRequest({
      kind: 'request',
      id: 2,
      method: 'users.update',
      params: { id: 'u1', password: '1234567' },
    });
    expect(reset).toMatchObject({ ok: false, error: { code: 'store.error.weakPassword' } });
    const change = parseRequest({
      kind: 'request',
      id: 3,
      method: 'auth.changePassword',
      params: { currentPassword: 'whatever-it-was', newPassword: 'abc' },
    });
    expect(change).toMatchObject({ ok: false, error: { code: 'store.error.weakPassword' } });
    // Other bad params still answer api.invalid_params.
    const other = parseRequest({
      kind: 'request',
      id: 4,
      method: 'users.create',
      params: { username: 'a', password: 'long enough 1', displayName: 'A', role: 'operator' },
    });
    expect(other).toMatchObject({ ok: false, error: { code: 'api.invalid_params' } });
  });
});
