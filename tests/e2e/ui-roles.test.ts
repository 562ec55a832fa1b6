import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiCall, openPage, screenshot, signIn } from '../helpers/browser';
import { useServeAndBrowser } from '../helpers/ui-session';
import { ControlRoomStore } from '../../electron/host/store/store';
import { KeyFileSecretBox } from '../../electron/host/secrets/key-file-secret-box';
import { mulberry32, syntheticInfraction } from '../../tools/synth/synthetic-infractions';

/**
 * The UI per role against the real `watcher serve`: each role sees only the views it can use,
 * controls it cannot use are disabled with the reason (nothing fails after a click), an operator
 * reads reports but changes no settings, an auditor browses and verifies the audit log, and the
 * administrator resets passwords but cannot disable or demote the last administrator.
 */

const USERS = {
  operator: { username: 'operadora', password: 'operadora segura 1', displayName: 'Olga' },
  auditor: { username: 'auditor', password: 'auditor seguro 1', displayName: 'Aurelio' },
  supervisor: { username: 'supervisora', password: 'supervisora segura 1', displayName: 'Sara' },
} as const;

function seed(dataDir: string): void {
  const store = ControlRoomStore.open({
    file: path.join(dataDir, 'watcher.db'),
    secretBox: KeyFileSecretBox.open(path.join(dataDir, 'secret.key')),
    evidenceRoot: path.join(dataDir, 'evidence'),
  });
  try {
    const e = syntheticInfraction(mulberry32(3), {
      occurredAt: Date.now() - 60_000,
      cameras: 1,
      evidence: [],
    });
    store.infractions.insert([{ ...e, cameraId: 'seeded' }]);
  } finally {
    store.close();
  }
}

async function logIn(page: Page, username: string, password: string): Promise<void> {
  const form = page.locator('form.narrow');
  await form.waitFor({ timeout: 15_000 });
  await form.locator('input[autocomplete="username"]').fill(username);
  await form.locator('input[type="password"]').first().fill(password);
  await form.locator('button[type="submit"]').click();
  await form.waitFor({ state: 'detached', timeout: 15_000 });
}

const navLinks = (page: Page) =>
  page.locator('nav.app__nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));

describe('a UI per role', () => {
  const ui = useServeAndBrowser({
    cameras: [
      { id: 'demo', name: 'Demo', source: { kind: 'demo' as const } },
      { id: 'seeded', name: 'Seeded', enabled: false, source: { kind: 'demo' as const } },
    ],
    prepare: seed,
  });

  it('an administrator: a too-short password says so, reset works, the last admin stays', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'en');
    await signIn(page);
    await page.goto(`${ui.serve.baseUrl}#/settings`);
    const users = page.locator('section[aria-labelledby="users-title"]');
    await users.getByRole('heading', { name: 'Users and roles' }).waitFor({ timeout: 30_000 });
    expect(await navLinks(page)).toContain('#/audit');

    // A password that is too short: the message says what is wrong.
    const form = users.locator('form').last();
    await form.getByLabel('Username').fill(USERS.operator.username);
    await form.getByLabel('Display name').fill(USERS.operator.displayName);
    await form.getByLabel('Password').fill('short');
    await form.getByRole('button', { name: 'Create user' }).click();
    const alert = users.getByRole('alert');
    await alert.waitFor({ timeout: 15_000 });
    expect(await alert.textContent()).toBe('The password must have at least 8 characters.');

    for (const [role, u] of Object.entries(USERS)) {
      const made = await apiCall(page, 'users.create', { ...u, role });
      expect(made.ok, JSON.stringify(made.error)).toBe(true);
    }

    // The last active administrator: role and switch disabled with the reason, host refuses.
    await page.reload();
    const adminRow = users.getByRole('row', { name: /admin/ }).first();
    await adminRow.waitFor({ timeout: 30_000 });
    const operatorRow = users.getByRole('row', { name: /operadora/ });
    await operatorRow.waitFor({ timeout: 30_000 });
    expect(await adminRow.getByRole('combobox').isDisabled()).toBe(true);
    expect(await adminRow.getByRole('button', { name: 'Disable' }).isDisabled()).toBe(true);
    expect(await adminRow.textContent()).toContain('last active administrator');
    expect(await operatorRow.getByRole('combobox').isDisabled()).toBe(false);
    const list = (await apiCall(page, 'users.list', {})).result as {
      users: Array<{ id: string; username: string }>;
    };
    const adminId = list.users.find((u) => u.username === 'admin')!.id;
    for (const [method, params] of [
      ['users.disable', { id: adminId, disabled: true }],
      ['users.update', { id: adminId, role: 'operator' }],
    ] as const) {
      const r = await apiCall(page, method, params);
      expect(r.error?.code, method).toBe('store.error.lastAdmin');
    }

    // A password reset by the administrator: too short is explained, then it works.
    await operatorRow.getByRole('button', { name: 'Reset password' }).click();
    const reset = users.getByRole('form', { name: 'Reset password' });
    await reset.getByLabel('New password for operadora').fill('1234');
    await reset.getByRole('button', { name: 'Reset password' }).click();
    await users
      .getByRole('alert')
      .filter({ hasText: 'at least 8 characters' })
      .waitFor({ timeout: 15_000 });
    await reset.getByLabel('New password for operadora').fill('nueva clave 12345');
    await reset.getByRole('button', { name: 'Reset password' }).click();
    await users
      .getByRole('status')
      .filter({ hasText: 'Password of operadora reset' })
      .waitFor({ timeout: 15_000 });
    const old = await apiCall(page, 'auth.login', USERS.operator);
    expect(old.error?.code).toBe('store.error.invalidCredentials');
    await screenshot(page, 'ui-roles-admin-users-en');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('an operator reads reports, cannot schedule them and changes no settings', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'es');
    await logIn(page, USERS.operator.username, 'nueva clave 12345');
    const links = await navLinks(page);
    expect(links).toContain('#/reports');
    expect(links).toContain('#/review');
    expect(links).not.toContain('#/audit');
    expect(links).not.toContain('#/calibration');

    await page.goto(`${ui.serve.baseUrl}#/reports`);
    await page.locator('#reports-title').waitFor({ timeout: 30_000 });
    await page.locator('.kpis').waitFor({ timeout: 30_000 });
    expect(await page.locator('main [role="alert"]').count()).toBe(0);

    // Scheduled reports: shown read-only with the reason, every control disabled.
    await page.goto(`${ui.serve.baseUrl}#/reports/schedules`);
    const why = page.getByTestId('read-only-reason');
    await why.waitFor({ timeout: 15_000 });
    expect(await why.textContent()).toBe('Su rol (Operador) no puede cambiar la configuración.');
    const fieldset = page.locator('fieldset.read-only');
    expect(await fieldset.evaluate((f) => (f as HTMLFieldSetElement).disabled)).toBe(true);
    await fieldset.locator('button').first().waitFor({ timeout: 15_000 });
    expect(await fieldset.locator('button').first().isDisabled()).toBe(true);

    // Settings: only the operator's own account.
    await page.goto(`${ui.serve.baseUrl}#/settings`);
    await page.locator('#account-title').waitFor({ timeout: 15_000 });
    expect(await page.locator('.settings section.card').count()).toBe(1);
    expect(await page.locator('#cams-title').count()).toBe(0);

    // A view the role cannot open says so, and the host refuses the calls too.
    await page.goto(`${ui.serve.baseUrl}#/audit`);
    expect(await page.getByTestId('view-denied').textContent()).toBe(
      'Su rol (Operador) no tiene acceso a esta sección.',
    );
    expect((await apiCall(page, 'audit.list', {})).error?.code).toBe('store.error.forbidden');
    expect((await apiCall(page, 'reports.get', { from: '2026-01-01', to: '2026-01-01' })).ok).toBe(
      true,
    );
    await screenshot(page, 'ui-roles-operator-es');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('an auditor browses and verifies the audit log and cannot decide cases', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'en');
    await logIn(page, USERS.auditor.username, USERS.auditor.password);
    expect(await navLinks(page)).toContain('#/audit');
    await page.goto(`${ui.serve.baseUrl}#/audit`);
    const table = page.getByTestId('audit-table');
    await table.waitFor({ timeout: 30_000 });
    expect(
      await table.getByRole('row', { name: /user\.create|operadora/ }).count(),
    ).toBeGreaterThan(0);
    // Filter by user.
    await page.getByLabel('User', { exact: true }).fill('admin');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-testid="audit-table"] tbody tr')].every(
          (tr) => tr.children[1]?.textContent === 'admin',
        ),
      undefined,
      { timeout: 15_000 },
    );
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    const verdict = page.getByTestId('audit-verify-result');
    await verdict.waitFor({ timeout: 30_000 });
    expect(await verdict.textContent()).toMatch(/^Chain intact: \d+ entries checked\.$/);
    await screenshot(page, 'ui-roles-auditor-audit-en');

    // Review: the decision buttons are disabled with the reason; the V key does nothing.
    await page.goto(`${ui.serve.baseUrl}#/review`);
    await page.getByLabel('Camera').selectOption('seeded');
    await page.locator('[role="option"]').first().click();
    const denied = page.getByTestId('decide-denied');
    await denied.waitFor({ timeout: 20_000 });
    expect(await denied.textContent()).toBe('Your role (Auditor) cannot decide on cases.');
    expect(await page.getByRole('button', { name: /^Validate/ }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: /^Reject/ }).isDisabled()).toBe(true);
    await page.keyboard.press('v');
    expect(await page.locator('main [role="alert"]').count()).toBe(0);
    expect(await page.getByTestId('queue-status').first().textContent()).toBe('Pending');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('a supervisor configures cameras but sees no accounts and no audit log', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'en');
    await logIn(page, USERS.supervisor.username, USERS.supervisor.password);
    const links = await navLinks(page);
    expect(links).toContain('#/calibration');
    expect(links).not.toContain('#/audit');
    await page.goto(`${ui.serve.baseUrl}#/settings`);
    await page.locator('#cams-title').waitFor({ timeout: 30_000 });
    expect(await page.locator('#users-title').count()).toBe(0);
    expect(await page.locator('#apikeys-title').count()).toBe(0);
    expect(await page.locator('#db-title').count()).toBe(0);
    await page.locator('#account-title').waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);
});
