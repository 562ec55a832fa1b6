import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyFileSecretBox } from '../../../../electron/host/secrets/key-file-secret-box';

const dir = mkdtempSync(path.join(tmpdir(), 'watcher-secret-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('KeyFileSecretBox', () => {
  it('creates a 0600 key file with a 32-byte key and round-trips secrets', () => {
    const keyFile = path.join(dir, 'a', 'secret.key');
    const box = KeyFileSecretBox.open(keyFile);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64')).toHaveLength(32);
    const blob = box.encrypt('pässwörd:@/');
    expect(blob).not.toContain('pässwörd');
    expect(box.encrypt('x')).not.toBe(box.encrypt('x'));
    expect(box.decrypt(blob)).toBe('pässwörd:@/');
    // Reopening reads the same key.
    expect(KeyFileSecretBox.open(keyFile).decrypt(blob)).toBe('pässwörd:@/');
  });

  it('refuses blobs from another key and tampered blobs', () => {
    const a = KeyFileSecretBox.open(path.join(dir, 'k1'));
    const b = KeyFileSecretBox.open(path.join(dir, 'k2'));
    const blob = a.encrypt('secret');
    expect(() => b.decrypt(blob)).toThrow(/cannot be decrypted/);
    const raw = Buffer.from(blob.slice(4), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => a.decrypt('kf1:' + raw.toString('base64'))).toThrow(/cannot be decrypted/);
    expect(() => a.decrypt('ss1:abc')).toThrow(/not encrypted with a key file/);
  });

  it('tightens a key file readable by others and rejects a malformed key', () => {
    const keyFile = path.join(dir, 'loose.key');
    KeyFileSecretBox.open(keyFile);
    chmodSync(keyFile, 0o644);
    KeyFileSecretBox.open(keyFile);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const bad = path.join(dir, 'bad.key');
    writeFileSync(bad, 'short', { mode: 0o600 });
    expect(() => KeyFileSecretBox.open(bad)).toThrow(/32-byte/);
  });
});
