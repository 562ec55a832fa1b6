import { z } from 'zod';
import type { MethodSpec } from '../method-spec';

/** Evidence files of stored infractions, served with their integrity checked. */
export const evidenceMethods = {
  /**
   * One evidence file of an infraction (clip, snapshot, crop) with its integrity checked: the
   * bytes are hashed again and compared with the sha256 recorded when the evidence was sealed.
   */
  'evidence.get': {
    params: z
      .object({
        infractionId: z.string().min(1).max(64),
        kind: z.enum(['clip', 'snapshot', 'crop', 'plate-crop']),
      })
      .strict(),
    result: z.object({
      mime: z.string(),
      base64: z.string(),
      sha256: z.string(),
      /** `ok`: hash matches; `modified`: bytes differ from what was sealed. */
      integrity: z.enum(['ok', 'modified']),
    }),
    permission: 'review.read',
  },
  /**
   * The infraction's evidence package for a court or an appeal (a zip): clip, stills, crops, the
   * sealed event, the review record, the signed chain checkpoint, a SHA-256 manifest signed with
   * the installation key, and the public key. `watcher verify-package` checks it offline.
   */
  'evidence.exportPackage': {
    params: z.object({ infractionId: z.string().min(1).max(64) }).strict(),
    result: z.object({
      filename: z.string(),
      mime: z.literal('application/zip'),
      base64: z.string(),
      /** SHA-256 of the zip itself, for the chain-of-custody record. */
      sha256: z.string(),
      /** Id of the installation key that signed the manifest. */
      publicKeyId: z.string(),
    }),
    permission: 'review.read',
  },
} satisfies Record<string, MethodSpec>;
