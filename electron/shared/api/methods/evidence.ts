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
} satisfies Record<string, MethodSpec>;
