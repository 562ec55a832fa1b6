import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from './helpers';

let t: TestStore;
afterEach(() => t?.cleanup());

describe('camera sub-streams at rest', () => {
  it('encrypts a sub-stream URL password like the main one and keeps both on a blind save', () => {
    t = openTestStore();
    t.store.cameras.save(
      {
        id: 'gate-1',
        name: 'Gate',
        source: { kind: 'rtsp', url: 'rtsp://admin:MainPw1@10.0.0.5/main' },
        streams: {
          inputs: [
            {
              source: { kind: 'rtsp', url: 'rtsp://viewer:SubPw2@10.0.0.5/sub' },
              roles: ['detect'],
            },
          ],
        },
      },
      'alice',
    );
    t.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const raw = readFileSync(path.join(t.dir, 'watcher.db')).toString('latin1');
    expect(raw).not.toContain('MainPw1');
    expect(raw).not.toContain('SubPw2');
    const listed = t.store.cameras.list();
    expect(JSON.stringify(listed)).not.toContain('SubPw2');
    const full = t.store.cameras.get('gate-1')!;
    expect(full.source).toMatchObject({ url: 'rtsp://admin:MainPw1@10.0.0.5/main' });
    expect(full.streams.inputs[0].source).toMatchObject({
      url: 'rtsp://viewer:SubPw2@10.0.0.5/sub',
    });
    // The UI's password-less form saved back unchanged keeps both passwords.
    t.store.cameras.save({ ...listed[0], name: 'Gate 2' }, 'alice');
    const again = t.store.cameras.get('gate-1')!;
    expect(again.source).toMatchObject({ url: 'rtsp://admin:MainPw1@10.0.0.5/main' });
    expect(again.streams.inputs[0].source).toMatchObject({
      url: 'rtsp://viewer:SubPw2@10.0.0.5/sub',
    });
    // Another address for the sub-stream does not inherit its password.
    const moved = structuredClone(listed[0]);
    moved.streams.inputs[0].source = {
      kind: 'rtsp',
      url: 'rtsp://viewer@10.0.0.9/sub',
      transport: 'tcp',
    };
    t.store.cameras.save(moved, 'alice');
    expect(t.store.cameras.get('gate-1')!.streams.inputs[0].source).toMatchObject({
      url: 'rtsp://viewer@10.0.0.9/sub',
    });
    expect(JSON.stringify(t.store.audit.list({ target: 'camera:gate-1' }))).not.toContain('SubPw2');
  });
});
