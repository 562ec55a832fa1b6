import { z } from 'zod';
import {
  evidenceFileSchema,
  infractionEventSchema,
  infractionTypeSchema,
  plateStateSchema,
  reviewStatusSchema,
} from '../../domain/infraction';
import type { MethodSpec } from '../method-spec';
import { leaseStampSchema } from '../../domain/fleet';
import {
  appealOutcomeSchema,
  FINE_ACTIONS,
  fineSnapshotSchema,
  lifecycleEntrySchema,
} from '../../domain/fine-lifecycle';
import { auditEntrySchema } from './audit';

/** Review: stored infractions with their evidence, the operator's decisions and plate edits. */

export const storedEvidenceSchema = evidenceFileSchema.extend({
  /** The bytes are on this workstation (false: still downloading from the shared server). */
  present: z.boolean(),
  /** Set once retention deleted the bytes. */
  prunedAt: z.number().optional(),
});
export type StoredEvidence = z.infer<typeof storedEvidenceSchema>;

export const infractionRecordSchema = infractionEventSchema.extend({
  evidence: z.array(storedEvidenceSchema),
  status: reviewStatusSchema,
  reason: z.string().optional(),
  decidedBy: z.string().optional(),
  decidedAt: z.number().optional(),
  /** OCR text before the first human edit (plate.rawText keeps the raw OCR read as well). */
  plateOriginalText: z.string().optional(),
  plateEditedBy: z.string().optional(),
  plateEditedAt: z.number().optional(),
  /** Evidence lock: set while a supervisor holds the case; retention never touches its evidence. */
  lockedBy: z.string().optional(),
  lockedAt: z.number().optional(),
  /** `INF-<day>-<station>-<n>`, unique across workstations (absent only on unmigrated copies). */
  code: z.string().optional(),
  /** The legal code and amount fixed when the case was validated. */
  fine: fineSnapshotSchema.optional(),
  /** Every lifecycle step with who, when and why (decisions before the lifecycle: none). */
  lifecycle: z.array(lifecycleEntrySchema).optional(),
  appealOutcome: appealOutcomeSchema.optional(),
  /** Optimistic version: decisions must name the version they were made on. */
  version: z.number().int().positive(),
  origin: z.string(),
  /** Fleet mode: the camera lease it was raised under (absent outside fleet mode). */
  lease: leaseStampSchema.optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type InfractionRecord = z.infer<typeof infractionRecordSchema>;

/** The fine lifecycle's actions (domain/fine-lifecycle.ts holds the transition table). */
export const reviewActionSchema = z.enum(FINE_ACTIONS);
export type ReviewAction = z.infer<typeof reviewActionSchema>;

/** Longest list a filter takes: more values than any of its enums has, so never a real limit. */
export const FILTER_LIST_MAX = 32;

export const infractionFilterSchema = z.object({
  status: z.array(reviewStatusSchema).max(FILTER_LIST_MAX).optional(),
  type: z.array(infractionTypeSchema).max(FILTER_LIST_MAX).optional(),
  cameraId: z.string().optional(),
  zoneId: z.string().optional(),
  from: z.number().optional(),
  to: z.number().optional(),
  /** Exact normalised plate text, or a prefix ending in `*`. */
  plate: z.string().max(32).optional(),
  /** An infraction code (`INF-20261201-…`), exact or a prefix ending in `*`. */
  code: z.string().max(64).optional(),
  /** Only plate reads at least this confident (0..1): review the sure ones in bulk. */
  minPlateConfidence: z.number().min(0).max(1).optional(),
  /** Only plate reads below this confidence (0..1): the doubtful ones, to check by eye. */
  maxPlateConfidence: z.number().min(0).max(1).optional(),
  /** Only cases whose plate was read, found but unreadable, or not found. */
  plateState: plateStateSchema.optional(),
});
export type InfractionFilter = z.infer<typeof infractionFilterSchema>;

export const infractionMethods = {
  'infractions.list': {
    params: infractionFilterSchema.extend({
      limit: z.number().int().min(1).max(200).default(50),
      /** Opaque cursor from the previous page's `nextCursor`. */
      cursor: z.string().optional(),
    }),
    result: z.object({ items: z.array(infractionRecordSchema), nextCursor: z.string().optional() }),
    permission: 'review.read',
  },
  'infractions.get': {
    params: z.object({ id: z.string() }),
    result: z.object({ infraction: infractionRecordSchema, history: z.array(auditEntrySchema) }),
    permission: 'review.read',
  },
  'infractions.decide': {
    params: z.object({
      id: z.string(),
      action: reviewActionSchema,
      reason: z.string().max(2000).optional(),
      /** The version the operator looked at; a different current version means someone else acted. */
      expectedVersion: z.number().int().positive(),
    }),
    result: z.object({ infraction: infractionRecordSchema }),
    permission: 'review.decide',
  },
  'infractions.editPlate': {
    params: z.object({
      id: z.string(),
      text: z.string().min(1).max(32),
      expectedVersion: z.number().int().positive(),
    }),
    result: z.object({ infraction: infractionRecordSchema }),
    permission: 'review.decide',
  },
  /** Locks a case's evidence against retention (audited); supervisors and administrators. */
  'infractions.lock': {
    params: z.object({ id: z.string(), expectedVersion: z.number().int().positive() }),
    result: z.object({ infraction: infractionRecordSchema }),
    permission: 'evidence.lock',
  },
  /** Lifts the lock: retention applies again by the case's status (audited). */
  'infractions.unlock': {
    params: z.object({ id: z.string(), expectedVersion: z.number().int().positive() }),
    result: z.object({ infraction: infractionRecordSchema }),
    permission: 'evidence.lock',
  },
} satisfies Record<string, MethodSpec>;
