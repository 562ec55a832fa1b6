import { z } from 'zod';

/**
 * Infractions and safety alerts as data: produced by the rules engine in a worker, stored by the
 * host, synced between workstations, reviewed in the UI. One shape everywhere.
 */
export const infractionTypeSchema = z.enum([
  'speed',
  'zone-intrusion',
  'wrong-way',
  'lane-invasion',
  'red-light',
  'ppe',
  'person-down',
]);
export type InfractionType = z.infer<typeof infractionTypeSchema>;

/** Traffic infractions are fined; safety alerts (intrusion, PPE on an industrial site) are not. */
export const infractionCategorySchema = z.enum(['traffic', 'safety']);

/**
 * `clip` is an MP4, or for live cameras a manifest over the camera's shared ring-buffer segments
 * (mime `application/vnd.watcher.clip+json`), each segment listed as a `clip-segment`.
 */
export const evidenceKindSchema = z.enum([
  'clip',
  'clip-segment',
  'snapshot',
  'crop',
  'plate-crop',
]);
export type EvidenceKind = z.infer<typeof evidenceKindSchema>;

export const evidenceFileSchema = z.object({
  kind: evidenceKindSchema,
  /** Relative to the evidence root, always with forward slashes. */
  path: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  mime: z.string(),
});
export type EvidenceFile = z.infer<typeof evidenceFileSchema>;

export const plateReadSchema = z.object({
  /** Normalised text for the detected country format (e.g. "ABC-123"). */
  text: z.string(),
  /** What the OCR read before normalisation: kept so a human correction never loses it. */
  rawText: z.string(),
  confidence: z.number().min(0).max(1),
  country: z.string().optional(),
  /** The plate format the text was normalised to (e.g. "es-2000"), when one fitted. */
  format: z.string().optional(),
  /** The text fits none of the camera's formats: kept exactly as read, flagged for review. */
  unknownFormat: z.boolean().optional(),
});
export type PlateRead = z.infer<typeof plateReadSchema>;

/**
 * What became of the plate of the vehicle: `read` (a reading passed the reader's confidence and
 * format threshold), `unreadable` (a plate was found on the vehicle but no frame of the track read
 * it well enough; its best crop is kept as evidence), `none` (no plate was found at all).
 */
export const plateStateSchema = z.enum(['read', 'unreadable', 'none']);
export type PlateState = z.infer<typeof plateStateSchema>;

export const infractionEventSchema = z.object({
  id: z.uuid(),
  type: infractionTypeSchema,
  category: infractionCategorySchema,
  cameraId: z.string(),
  zoneId: z.string().optional(),
  ruleId: z.string(),
  /** Versions of the rule set and calibration that produced it (they are versioned in the store). */
  ruleVersion: z.number().int().nonnegative(),
  calibrationVersion: z.number().int().nonnegative().optional(),
  /** Epoch milliseconds of the frame on which the rule fired. */
  occurredAt: z.number(),
  trackId: z.number().int(),
  classLabel: z.string(),
  /** Measured values, e.g. { speedKmh: 87.2, limitKmh: 60 } or { dwellSec: 12 }. */
  measured: z.record(z.string(), z.number()),
  direction: z.string().optional(),
  /** Overall confidence 0..1 (detection score × measurement confidence). */
  confidence: z.number().min(0).max(1),
  /** Box of the object on the triggering frame, in source pixels. */
  box: z.object({ x1: z.number(), y1: z.number(), x2: z.number(), y2: z.number() }),
  /**
   * The triggering frame (the one `box` was measured on): the camera run's frame number, in
   * `watcher analyze` the video's frame number counted from 1.
   */
  frameId: z.number().int().nonnegative().optional(),
  /**
   * The frame the snapshot and crop show: always `frameId`, since they are cut from that frame's
   * own still. Absent on events whose snapshot came from elsewhere (older events, imports).
   */
  snapshotFrameId: z.number().int().nonnegative().optional(),
  /**
   * Why there is no snapshot and crop (an i18n key), when the still of `frameId` could not be
   * had: no picture of another frame is used in its place.
   */
  snapshotMissing: z.string().optional(),
  evidence: z.array(evidenceFileSchema).default([]),
  plate: plateReadSchema.optional(),
  /** Whether the plate was read, found but unreadable, or not found (absent on older events). */
  plateState: plateStateSchema.optional(),
  /** Hash chain per camera: `hash` covers this event (all fields but `hash`) and `prevHash`. */
  prevHash: z.string(),
  hash: z.string(),
});
export type InfractionEvent = z.infer<typeof infractionEventSchema>;

/** Review workflow; transitions are enforced by the host store. */
export const reviewStatusSchema = z.enum([
  'pending',
  'validated',
  'rejected',
  'appealed',
  'closed',
  /** The notice of infraction was served on the vehicle's owner (fine lifecycle). */
  'notified',
  /** The fine was paid. */
  'paid',
]);
export type ReviewStatus = z.infer<typeof reviewStatusSchema>;
