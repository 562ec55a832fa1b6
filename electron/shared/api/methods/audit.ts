import { z } from 'zod';
import type { MethodSpec } from '../method-spec';

/** The hash-chained audit log: listing and verifying it. */

export const auditEntrySchema = z.object({
  id: z.string(),
  origin: z.string(),
  originSeq: z.number().int(),
  at: z.number(),
  actor: z.string(),
  action: z.string(),
  target: z.string().optional(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});

export const auditMethods = {
  'audit.list': {
    params: z.object({
      actor: z.string().optional(),
      action: z.string().optional(),
      target: z.string().optional(),
      from: z.number().optional(),
      to: z.number().optional(),
      before: z.number().optional(),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
    result: z.object({ entries: z.array(auditEntrySchema) }),
    permission: 'audit',
  },
  'audit.verify': {
    params: z.object({}),
    result: z.object({
      ok: z.boolean(),
      checked: z.number().int(),
      problems: z.array(
        z.object({
          origin: z.string(),
          originSeq: z.number().int(),
          kind: z.enum(['modified', 'missing', 'broken-link']),
        }),
      ),
    }),
    permission: 'audit',
  },
} satisfies Record<string, MethodSpec>;
