import { safeStorage } from 'electron';
import type { SecretBox } from '../host/secrets/secret-box';

const PREFIX = 'ss1:';

/**
 * SecretBox backed by Electron's safeStorage (macOS Keychain, Windows DPAPI, libsecret/kwallet on
 * Linux). Only usable after the app's `ready` event.
 */
export class SafeStorageSecretBox implements SecretBox {
  readonly kind = 'safe-storage';

  constructor() {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new Error('OS secret storage is not available; run headless with a key file instead');
    }
  }

  encrypt(plain: string): string {
    return PREFIX + safeStorage.encryptString(plain).toString('base64');
  }

  decrypt(blob: string): string {
    if (!blob.startsWith(PREFIX))
      throw new Error('secret was not encrypted with OS secret storage');
    return safeStorage.decryptString(Buffer.from(blob.slice(PREFIX.length), 'base64'));
  }
}
