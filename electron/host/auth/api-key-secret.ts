import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Random bytes behind a key's secret (base64url, 43 characters). */
export const API_KEY_SECRET_BYTES = 32;
const KEY_PATTERN = /^wk_([a-z0-9]{8,32})_([A-Za-z0-9_-]{43,128})$/;

/** A fresh key id: 16 lowercase letters and digits (no `_`, so the key splits unambiguously). */
export function newApiKeyId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(16);
  let id = '';
  for (const b of bytes) id += alphabet[b % alphabet.length];
  return id;
}

export function newApiKeySecret(): string {
  return randomBytes(API_KEY_SECRET_BYTES).toString('base64url');
}

export function formatApiKey(id: string, secret: string): string {
  return `wk_${id}_${secret}`;
}

/** The id and secret of a presented key, or undefined when it is not shaped like one. */
export function parseApiKey(presented: string): { id: string; secret: string } | undefined {
  if (presented.length > 200) return undefined;
  const m = KEY_PATTERN.exec(presented);
  return m ? { id: m[1], secret: m[2] } : undefined;
}

/** What the store keeps: the SHA-256 of the secret, hex. */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares a presented secret with a stored hash in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashApiKeySecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
