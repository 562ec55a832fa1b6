import { z } from 'zod';
import { cameraIdSchema, cameraSourceSchema } from '../../config/camera';
import type { MethodSpec } from '../method-spec';
import {
  exportJobStatusSchema,
  periodReportSchema,
  reportExportParamsSchema,
  reportFileSchema,
  reportPeriodSchema,
} from './report-schemas';
import type { CalibrationConfig } from '../../config/calibration';
import type { RuleSetConfig, RuleSetConfigInput } from '../../config/rules';
import { sceneTestOutcomeSchema } from '../../protocol/worker-protocol';

/**
 * Methods the control-room UI needs that no other area provides: versioned calibration and rule
 * sets drawn in the calibration tool, "test connection" for a camera source, and report exports.
 */

const point = z.object({ x: z.number().finite(), y: z.number().finite() });
/**
 * A point as the calibration and zone drafts store it (`{x, y}`): the stored shape of the
 * drafts, turned into the vision `Point` (`[x, y]`) where the geometry is computed.
 */
export type DraftPoint = z.infer<typeof point>;

/** One image point (source pixels) paired with its position on the road plane in metres. */
export const calibrationPairSchema = z.object({ image: point, world: point });
export type DraftPointPair = z.infer<typeof calibrationPairSchema>;

export const calibrationDraftSchema = z.object({
  /** Size of the frozen frame the points were placed on. */
  imageWidth: z.number().int().positive(),
  imageHeight: z.number().int().positive(),
  pairs: z.array(calibrationPairSchema).max(64),
  /** Row-major 3×3 image→world homography solved from the pairs (absent when degenerate). */
  homography: z.array(z.number().finite()).length(9).optional(),
  /** RMS reprojection error in metres at save time. */
  rmsErrorM: z.number().nonnegative().optional(),
});
export type CalibrationDraft = z.infer<typeof calibrationDraftSchema>;

const shapeId = z.string().min(1).max(64);
const polygon = z.array(point).min(3).max(64);
const segment = z.object({ a: point, b: point });

export const ruleSetDraftSchema = z.object({
  imageWidth: z.number().int().positive(),
  imageHeight: z.number().int().positive(),
  zones: z
    .array(
      z.object({
        id: shapeId,
        name: z.string().min(1).max(120),
        points: polygon,
        speedLimitKmh: z.number().positive().max(400).optional(),
        classes: z.array(z.string()).default([]),
        dwellSec: z.number().positive().max(86_400).optional(),
      }),
    )
    .max(64),
  /** Directed: crossing from the left of a→b to its right counts as the forward direction. */
  lines: z
    .array(
      segment.extend({
        id: shapeId,
        name: z.string().min(1).max(120),
        kind: z.enum(['count', 'wrong-way', 'lane-invasion']),
      }),
    )
    .max(64),
  stopLine: segment.optional(),
  /** Where the traffic light is in the image, for the red-light rule. */
  signalRegion: z
    .object({
      x: z.number(),
      y: z.number(),
      width: z.number().positive(),
      height: z.number().positive(),
    })
    .optional(),
});
export type RuleSetDraft = z.infer<typeof ruleSetDraftSchema>;

const versionMeta = z.object({
  version: z.number().int().positive(),
  createdAt: z.number(),
  createdBy: z.string(),
});

export { reportFormatSchema, type ReportFormat } from './report-schemas';

export const uiMethods = {
  'ui.calibration.get': {
    params: z
      .object({ cameraId: cameraIdSchema, version: z.number().int().positive().optional() })
      .strict(),
    result: z.object({
      calibration: versionMeta.extend({ data: calibrationDraftSchema }).nullable(),
    }),
    permission: 'live',
  },
  'ui.calibration.save': {
    params: z.object({ cameraId: cameraIdSchema, data: calibrationDraftSchema }).strict(),
    result: versionMeta,
    permission: 'config',
  },
  'ui.rules.get': {
    params: z
      .object({ cameraId: cameraIdSchema, version: z.number().int().positive().optional() })
      .strict(),
    result: z.object({ ruleSet: versionMeta.extend({ data: ruleSetDraftSchema }).nullable() }),
    permission: 'live',
  },
  'ui.rules.save': {
    params: z.object({ cameraId: cameraIdSchema, data: ruleSetDraftSchema }).strict(),
    result: versionMeta,
    permission: 'config',
  },
  /**
   * Test mode of the calibration tool: the camera's last `seconds` of detections replayed in its
   * worker with a draft calibration and rule set (unsaved, same shapes as the save methods), and
   * what would have fired. Nothing is stored and no evidence is written. Without `calibration`
   * the replay has no speeds (counts, lines and dwell still work).
   */
  'ui.rules.test': {
    params: z
      .object({
        cameraId: cameraIdSchema,
        calibration: calibrationDraftSchema.optional(),
        rules: ruleSetDraftSchema,
        seconds: z.number().int().min(5).max(120).default(60),
      })
      .strict(),
    result: sceneTestOutcomeSchema,
    permission: 'config',
  },
  /** Opens the source with ffmpeg and returns one frame, or the exact reason it could not. */
  'ui.cameras.test': {
    params: z
      .object({
        source: cameraSourceSchema,
        timeoutMs: z.number().int().min(1000).max(30_000).default(10_000),
      })
      .strict(),
    result: z.object({
      ok: z.boolean(),
      /** Base64 JPEG of the first frame. */
      jpegBase64: z.string().optional(),
      width: z.number().int().optional(),
      height: z.number().int().optional(),
      errorCode: z.string().optional(),
      error: z.string().optional(),
      elapsedMs: z.number(),
    }),
    permission: 'config',
  },
  /**
   * One evidence file of an infraction (clip, snapshot, crop) with its integrity checked: the
   * bytes are hashed again and compared with the sha256 recorded when the evidence was sealed.
   */
  'ui.evidence.get': {
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
   * The reports view: every aggregate of a period of whole local days (one day when `from` equals
   * `to`), including the repeat plates with their repeat-offender scores. Needs the store.
   */
  'ui.reports.get': {
    params: reportPeriodSchema.strict(),
    result: periodReportSchema,
    permission: 'reports',
  },
  /**
   * A report file built on the host in one call (scripts, small reports). The UI uses the job
   * methods below, which report progress and can be cancelled; both build the same file.
   */
  'ui.reports.export': {
    params: reportExportParamsSchema,
    result: reportFileSchema,
    permission: 'reports',
  },
  /** Starts building a report file in the background; poll `ui.reports.exportStatus`. */
  'ui.reports.exportStart': {
    params: reportExportParamsSchema,
    result: z.object({ jobId: z.string() }),
    permission: 'reports',
  },
  /** Stage and percent of an export job; the status that says `done` carries the file. */
  'ui.reports.exportStatus': {
    params: z.object({ jobId: z.string().min(1).max(64) }).strict(),
    result: exportJobStatusSchema,
    permission: 'reports',
  },
  'ui.reports.exportCancel': {
    params: z.object({ jobId: z.string().min(1).max(64) }).strict(),
    result: z.object({ cancelled: z.boolean() }),
    permission: 'reports',
  },
} satisfies Record<string, MethodSpec>;

/**
 * The calibration tool's draft as the tracking area's calibration config (points method), so a
 * saved version can be handed to the speed estimator as is.
 */
export function toCalibrationConfig(draft: CalibrationDraft, version: number): CalibrationConfig {
  return {
    version,
    method: 'points',
    imageSize: { width: draft.imageWidth, height: draft.imageHeight },
    points: draft.pairs.map((p) => ({
      image: [p.image.x, p.image.y],
      world: [p.world.x, p.world.y],
    })),
  };
}

/**
 * The zone tool's draft as the rules engine's rule set: each zone with a speed limit gets a speed
 * rule, with a dwell time a zone-intrusion rule; lines map to counting, wrong-way (the drawn arrow
 * a→b is the allowed way: objects crossing from its left to its right) or lane-invasion rules; a
 * stop line with a signal region makes a red-light rule for the same direction.
 */
export function toRuleSetConfig(draft: RuleSetDraft, version: number): RuleSetConfigInput {
  const xy = (p: { x: number; y: number }): [number, number] => [p.x, p.y];
  const rules: RuleSetConfigInput['rules'] = [];
  for (const z of draft.zones) {
    if (z.speedLimitKmh)
      rules.push({
        id: `${z.id}-speed`,
        name: z.name,
        type: 'speed',
        zoneId: z.id,
        limitKmh: z.speedLimitKmh,
        classes: z.classes,
      });
    if (z.dwellSec)
      rules.push({
        id: `${z.id}-intrusion`,
        name: z.name,
        type: 'zone-intrusion',
        zoneId: z.id,
        minDwellSec: z.dwellSec,
        classes: z.classes,
      });
  }
  for (const l of draft.lines) {
    if (l.kind === 'lane-invasion')
      rules.push({ id: `${l.id}-lane`, name: l.name, type: 'lane-invasion', lineId: l.id });
    else
      rules.push({
        id: `${l.id}-crossing`,
        name: l.name,
        type: 'line-crossing',
        lineId: l.id,
        ...(l.kind === 'wrong-way' ? { allowedDirection: 'left-to-right' as const } : {}),
      });
  }
  const lines = draft.lines.map((l) => ({ id: l.id, name: l.name, a: xy(l.a), b: xy(l.b) }));
  const signals: NonNullable<RuleSetConfigInput['signals']> = [];
  if (draft.stopLine)
    lines.push({
      id: 'stop-line',
      name: 'stop line',
      a: xy(draft.stopLine.a),
      b: xy(draft.stopLine.b),
    });
  if (draft.signalRegion)
    signals.push({ id: 'signal-1', name: 'signal', source: 'region', region: draft.signalRegion });
  if (draft.stopLine && draft.signalRegion) {
    rules.push({
      id: 'red-light',
      name: 'red light',
      type: 'red-light',
      stopLineId: 'stop-line',
      signalId: 'signal-1',
      direction: 'left-to-right',
    });
  }
  return {
    version,
    imageSize: { width: draft.imageWidth, height: draft.imageHeight },
    zones: draft.zones.map((z) => ({ id: z.id, name: z.name, polygon: z.points.map(xy) })),
    lines,
    signals,
    rules,
  };
}

/** A points calibration written by another tool, as an editable draft (field calibrations: undefined). */
export function fromCalibrationConfig(config: CalibrationConfig): CalibrationDraft | undefined {
  if (config.method !== 'points') return undefined;
  return {
    imageWidth: config.imageSize.width,
    imageHeight: config.imageSize.height,
    pairs: config.points.map((p) => ({
      image: { x: p.image[0], y: p.image[1] },
      world: { x: p.world[0], y: p.world[1] },
    })),
  };
}

/** A rule set written by another tool, as an editable draft (inverse of toRuleSetConfig where it can be). */
export function fromRuleSetConfig(config: RuleSetConfig): RuleSetDraft {
  const pt = ([x, y]: readonly [number, number]) => ({ x, y });
  const rules = config.rules;
  const redLight = rules.find((r) => r.type === 'red-light');
  const stop = redLight && config.lines.find((l) => l.id === redLight.stopLineId);
  const signal = redLight && config.signals.find((s) => s.id === redLight.signalId);
  return {
    imageWidth: config.imageSize.width,
    imageHeight: config.imageSize.height,
    zones: config.zones.map((z) => {
      const speed = rules.find((r) => r.type === 'speed' && r.zoneId === z.id);
      const intrusion = rules.find((r) => r.type === 'zone-intrusion' && r.zoneId === z.id);
      return {
        id: z.id,
        name: z.name || z.id,
        points: z.polygon.map(pt),
        classes: speed?.classes ?? intrusion?.classes ?? [],
        ...(speed?.type === 'speed' ? { speedLimitKmh: speed.limitKmh } : {}),
        ...(intrusion?.type === 'zone-intrusion' && intrusion.minDwellSec > 0
          ? { dwellSec: intrusion.minDwellSec }
          : {}),
      };
    }),
    lines: config.lines
      .filter((l) => l.id !== stop?.id)
      .map((l) => {
        const rule = rules.find(
          (r) => (r.type === 'line-crossing' || r.type === 'lane-invasion') && r.lineId === l.id,
        );
        const kind =
          rule?.type === 'lane-invasion'
            ? 'lane-invasion'
            : rule?.type === 'line-crossing' && rule.allowedDirection
              ? 'wrong-way'
              : 'count';
        // The editor's arrow points the allowed way (left-to-right); flip lines whose rule allows the other way.
        const flip = rule?.type === 'line-crossing' && rule.allowedDirection === 'right-to-left';
        return {
          id: l.id,
          name: l.name || l.id,
          kind,
          a: pt(flip ? l.b : l.a),
          b: pt(flip ? l.a : l.b),
        } as const;
      }),
    ...(stop ? { stopLine: { a: pt(stop.a), b: pt(stop.b) } } : {}),
    ...(signal?.region ? { signalRegion: signal.region } : {}),
  };
}
