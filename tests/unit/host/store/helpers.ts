import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AuthService } from '../../../../electron/host/auth/auth-service';
import { KeyFileSecretBox } from '../../../../electron/host/secrets/key-file-secret-box';
import { ControlRoomStore } from '../../../../electron/host/store/store';

export interface TestStore {
  dir: string;
  store: ControlRoomStore;
  clock: { t: number };
  cleanup(): void;
}

/** A store on a temp SQLite file with a controllable clock. */
export function openTestStore(opts: { file?: string; dir?: string } = {}): TestStore {
  const dir = opts.dir ?? mkdtempSync(path.join(tmpdir(), 'watcher-store-'));
  const clock = { t: Date.UTC(2026, 0, 15, 12) };
  const store = ControlRoomStore.open({
    file: opts.file ?? path.join(dir, 'watcher.db'),
    secretBox: KeyFileSecretBox.open(path.join(dir, 'secret.key')),
    now: () => clock.t,
    evidenceRoot: path.join(dir, 'evidence'),
  });
  return {
    dir,
    store,
    clock,
    cleanup() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Cheap scrypt so auth tests stay fast (production uses N=2^15). */
export const FAST_HASH = { N: 1024, r: 8, p: 1 };

export function testAuth(
  store: ControlRoomStore,
  opts: ConstructorParameters<typeof AuthService>[1] = {},
): AuthService {
  return new AuthService(store, { hashParams: FAST_HASH, ...opts });
}
