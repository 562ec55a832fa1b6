import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../helpers/fixtures';
import { KeyFileSecretBox } from '../../../../electron/host/secrets/key-file-secret-box';
import { ControlRoomStore } from '../../../../electron/host/store/store';

const dir = mkdtempSync(path.join(tmpdir(), 'watcher-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runWriterAndKill(afterMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'writer-child.ts'), dir, String(afterMs)],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) setTimeout(() => child.kill('SIGKILL'), afterMs);
    });
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL'
        ? resolve()
        : reject(new Error(`writer exited without being killed (${signal})`)),
    );
  });
}

describe('store under a killed host process', () => {
  it('stays consistent: every committed change has its outbox entry and audit line, nothing half-written', async () => {
    await runWriterAndKill(700);
    await runWriterAndKill(400);
    const store = ControlRoomStore.open({
      file: path.join(dir, 'watcher.db'),
      secretBox: KeyFileSecretBox.open(path.join(dir, 'secret.key')),
    });
    try {
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const n = (sql: string) => (store.db.prepare(sql).get() as { n: number }).n;
      const infractions = n('SELECT COUNT(*) AS n FROM infractions');
      expect(infractions).toBeGreaterThan(200);
      // Atomicity: an infraction and its outbox entry commit together.
      expect(
        n(
          "SELECT COUNT(*) AS n FROM infractions WHERE id NOT IN (SELECT key FROM sync_outbox WHERE entity = 'infraction')",
        ),
      ).toBe(0);
      expect(
        n(
          "SELECT COUNT(*) AS n FROM sync_outbox WHERE entity = 'infraction' AND key NOT IN (SELECT id FROM infractions)",
        ),
      ).toBe(0);
      // Every decision has its audit line and vice versa.
      const decided = n("SELECT COUNT(*) AS n FROM infractions WHERE status = 'validated'");
      expect(decided).toBeGreaterThan(0);
      expect(n("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'infraction.validate'")).toBe(
        decided,
      );
      expect(store.audit.verify().ok).toBe(true);
      expect(n('SELECT COUNT(*) AS n FROM events')).toBeGreaterThan(0);
    } finally {
      store.close();
    }
  });
});
