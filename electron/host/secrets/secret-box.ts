/**
 * Encrypts small secrets (camera passwords, the PostgreSQL password) before they are stored.
 * Headless hosts use a key file ({@link KeyFileSecretBox}); the Electron main process provides a
 * safeStorage-backed implementation of the same interface (OS keychain / DPAPI / libsecret).
 */
export interface SecretBox {
  /** Which implementation produced a blob, so a store opened with another key fails clearly. */
  readonly kind: string;
  encrypt(plain: string): string;
  /** Throws when the blob was not produced by this box (wrong key, tampered data). */
  decrypt(blob: string): string;
}
