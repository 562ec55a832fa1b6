import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SecretBox } from './secret-box';

const PREFIX = 'kf1:';

/**
 * AES-256-GCM with a random 32-byte key kept in a file readable only by its owner (mode 0600).
 * Blob: `kf1:` + base64(iv[12] | tag[16] | ciphertext).
 */
export class KeyFileSecretBox implements SecretBox {
  readonly kind = 'key-file';

  private constructor(private readonly key: Buffer) {}

  /** Loads the key file, creating it (and its folder) on first use. */
  static open(keyFile: string): KeyFileSecretBox {
    if (!existsSync(keyFile)) {
      mkdirSync(path.dirname(keyFile), { recursive: true, mode: 0o700 });
      // `wx` fails if another process created it meanwhile instead of overwriting its key.
      writeFileSync(keyFile, randomBytes(32).toString('base64') + '\n', {
        mode: 0o600,
        flag: 'wx',
      });
    }
    const mode = statSync(keyFile).mode & 0o777;
    // A key readable by others is no secret: tighten it rather than refuse to start.
    if (mode & 0o077) chmodSync(keyFile, 0o600);
    const key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
    if (key.length !== 32)
      throw new Error(`secret key file ${keyFile} is not a 32-byte base64 key`);
    return new KeyFileSecretBox(key);
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  decrypt(blob: string): string {
    if (!blob.startsWith(PREFIX)) throw new Error('secret was not encrypted with a key file');
    const raw = Buffer.from(blob.slice(PREFIX.length), 'base64');
    if (raw.length < 28) throw new Error('secret blob is truncated');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    try {
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error(
        'secret cannot be decrypted with this key (different key file or altered data)',
      );
    }
  }
}
