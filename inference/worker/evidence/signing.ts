import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../vision/scene/canonical-json';
import { sha256Hex } from './chain';

/**
 * Ed25519 signatures over the evidence: the installation signs a checkpoint of each camera's
 * chain head after every sealed event, and the manifest of every exported package. Whoever can
 * edit the evidence files but does not hold the private key can recompute hashes and chains, but
 * cannot produce a checkpoint that matches them.
 */

/** Name of a camera's signed checkpoint log inside its evidence folder (one per line). */
export const CHECKPOINTS_FILE = 'checkpoints.jsonl';
/** The installation's public key (SPKI PEM), written at the evidence root. */
export const PUBLIC_KEY_FILE = 'signing-key.pub';

export const checkpointSchema = z
  .object({
    /** Format of the signed payload. */
    v: z.literal(1),
    cameraId: z.string().min(1),
    /** Number of events in the camera's chain up to and including the head. */
    count: z.number().int().positive(),
    /** Hash of the count-th event (the chain head at that point). */
    headHash: z.string().regex(/^[0-9a-f]{64}$/),
    /** Id of that event, so a deleted event can still be named. */
    eventId: z.string().min(1),
    /** Epoch ms. */
    signedAt: z.number().int(),
    /** {@link publicKeyId} of the key that signed it. */
    publicKeyId: z.string().regex(/^[0-9a-f]{16}$/),
    /** base64 Ed25519 signature of {@link checkpointPayload}. */
    signature: z.string().min(1),
  })
  .strict();
export type Checkpoint = z.infer<typeof checkpointSchema>;

export interface SigningKeyPair {
  /** PKCS#8 PEM; only ever stored sealed by a SecretBox. */
  privateKeyPem: string;
  /** SPKI PEM. */
  publicKeyPem: string;
}

export function generateSigningKey(): SigningKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** First 16 hex digits of the SHA-256 of the public key's DER: printed, compared, pinned. */
export function publicKeyId(publicKey: string | KeyObject): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  return sha256Hex(key.export({ type: 'spki', format: 'der' })).slice(0, 16);
}

/** The bytes a checkpoint's signature covers: its canonical JSON without the signature. */
export function checkpointPayload(cp: Omit<Checkpoint, 'signature'> & { signature?: string }) {
  const { signature: _s, ...rest } = cp;
  return Buffer.from(canonicalJson(rest), 'utf8');
}

/** Holds the private key in memory (a KeyObject, never exported again) and signs with it. */
export class EvidenceSigningKey {
  readonly publicKeyPem: string;
  readonly keyId: string;
  private readonly key: KeyObject;

  constructor(privateKeyPem: string) {
    this.key = createPrivateKey(privateKeyPem);
    if (this.key.asymmetricKeyType !== 'ed25519')
      throw new Error(`evidence signing key is ${this.key.asymmetricKeyType}, expected ed25519`);
    const pub = createPublicKey(this.key);
    this.publicKeyPem = pub.export({ type: 'spki', format: 'pem' }).toString();
    this.keyId = publicKeyId(pub);
  }

  signBytes(data: Uint8Array): string {
    return sign(null, data, this.key).toString('base64');
  }

  checkpoint(fields: {
    cameraId: string;
    count: number;
    headHash: string;
    eventId: string;
    signedAt: number;
  }): Checkpoint {
    const unsigned = { v: 1 as const, ...fields, publicKeyId: this.keyId };
    return { ...unsigned, signature: this.signBytes(checkpointPayload(unsigned)) };
  }
}

/** True when `signature` (base64) is a valid Ed25519 signature of `data` by `publicKeyPem`. */
export function verifyBytes(publicKeyPem: string, data: Uint8Array, signature: string): boolean {
  try {
    const key = createPublicKey(publicKeyPem);
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, data, key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** Checks a checkpoint against the trusted keys (by id); false for an unknown key or bad signature. */
export function verifyCheckpoint(
  cp: Checkpoint,
  trustedKeys: ReadonlyMap<string, string>,
): 'ok' | 'unknown-key' | 'bad-signature' {
  const pem = trustedKeys.get(cp.publicKeyId);
  if (!pem) return 'unknown-key';
  return verifyBytes(pem, checkpointPayload(cp), cp.signature) ? 'ok' : 'bad-signature';
}
