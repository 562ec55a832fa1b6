import { describe, expect, it } from 'vitest';
import {
  EvidenceSigningKey,
  generateSigningKey,
  publicKeyId,
  verifyBytes,
  verifyCheckpoint,
} from '../../../../inference/worker/evidence/signing';

describe('evidence signing (Ed25519 checkpoints)', () => {
  const pair = generateSigningKey();
  const key = new EvidenceSigningKey(pair.privateKeyPem);
  const trusted = new Map([[key.keyId, key.publicKeyPem]]);
  const cp = key.checkpoint({
    cameraId: 'cam-1',
    count: 3,
    headHash: 'a'.repeat(64),
    eventId: '5d1f4c1e-8d6e-4a53-9d77-2f4d7d8a9b10',
    signedAt: 1_700_000_000_000,
  });

  it('signs a checkpoint that verifies with the public key and names the key', () => {
    expect(cp.publicKeyId).toBe(publicKeyId(pair.publicKeyPem));
    expect(cp.publicKeyId).toMatch(/^[0-9a-f]{16}$/);
    expect(verifyCheckpoint(cp, trusted)).toBe('ok');
  });

  it('rejects a checkpoint whose count, head, event or time was changed', () => {
    for (const changed of [
      { ...cp, count: 2 },
      { ...cp, headHash: 'b'.repeat(64) },
      { ...cp, eventId: 'other' },
      { ...cp, signedAt: cp.signedAt + 1 },
      { ...cp, cameraId: 'cam-2' },
    ])
      expect(verifyCheckpoint(changed, trusted)).toBe('bad-signature');
  });

  it('rejects a checkpoint re-signed with another key, and one naming an unknown key', () => {
    const other = new EvidenceSigningKey(generateSigningKey().privateKeyPem);
    const forged = other.checkpoint({ ...cp });
    expect(verifyCheckpoint(forged, trusted)).toBe('unknown-key');
    // Claiming the real key id with the other key's signature does not help.
    expect(verifyCheckpoint({ ...forged, publicKeyId: key.keyId }, trusted)).toBe('bad-signature');
  });

  it('signs bytes (a package manifest): any changed byte fails', () => {
    const data = Buffer.from('{"files":[]}\n');
    const sig = key.signBytes(data);
    expect(verifyBytes(key.publicKeyPem, data, sig)).toBe(true);
    const flipped = Buffer.from(data);
    flipped[3] ^= 1;
    expect(verifyBytes(key.publicKeyPem, flipped, sig)).toBe(false);
    expect(
      verifyBytes(
        key.publicKeyPem,
        data,
        sig.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
      ),
    ).toBe(false);
    expect(verifyBytes('not a key', data, sig)).toBe(false);
  });

  it('refuses a private key that is not Ed25519', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(() => new EvidenceSigningKey(rsa)).toThrow(/ed25519/);
  });
});
