import { z } from 'zod';
import { secondStageConfigSchema } from './second-stage';
import { isParsableUrl } from '../util/url-credentials';
import { COUNTRY_CODES, PLATE_AUTO, plateCountrySchema } from '../domain/plate-country';
import { cameraOnvifSchema, cameraSiteSchema } from './camera-site';

/**
 * One camera's configuration: the single validated shape shared by the host (registry, store),
 * the worker (ingest, detector, rules) and the UI (settings forms). Every field has a default so a
 * minimal `{ id, name, source }` is a complete camera.
 */
export const cameraIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'camera id: letters, digits, "-" and "_" only');

/**
 * A video file on this machine: an absolute path (POSIX `/…` or Windows `C:\…`), never a URL or an
 * ffmpeg protocol (`concat:`, `subfile:`, `http:`…), so a file source can only ever read a file.
 */
export const localFilePathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => ![...p].some((c) => c.charCodeAt(0) < 0x20), 'file path: no control characters')
  .refine(
    (p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p),
    'file path must be an absolute local path (no URL or protocol such as concat: or http:)',
  );

/**
 * A network source URL: it must parse as a URL (no spaces or control characters), so its
 * credentials can always be split out and encrypted; a password with `@` or `:` may be written raw
 * or percent-encoded, one with `/`, `?` or `#` must be percent-encoded.
 */
const sourceUrl = (scheme: RegExp, message: string) =>
  z
    .string()
    .max(4096)
    .regex(scheme, message)
    .refine(
      isParsableUrl,
      'not a valid URL (percent-encode "/", "?", "#" or spaces in a password)',
    );

export const cameraSourceSchema = z.discriminatedUnion('kind', [
  /** Built-in synthetic traffic scene rendered locally by ffmpeg: needs no network and no files. */
  z.object({ kind: z.literal('demo'), pattern: z.enum(['traffic']).default('traffic') }),
  z.object({
    kind: z.literal('file'),
    path: localFilePathSchema,
    loop: z.boolean().default(true),
  }),
  z.object({
    kind: z.literal('rtsp'),
    url: sourceUrl(/^rtsps?:\/\//i, 'RTSP URL must start with rtsp:// or rtsps://'),
    transport: z.enum(['tcp', 'udp']).default('tcp'),
  }),
  z.object({
    kind: z.literal('http'),
    url: sourceUrl(/^https?:\/\//i, 'URL must start with http(s)://'),
  }),
  z.object({
    kind: z.literal('hls'),
    url: sourceUrl(/^https?:\/\//i, 'URL must start with http(s)://'),
  }),
  z.object({
    kind: z.literal('v4l2'),
    device: z.string().regex(/^\/dev\/video\d+$/, 'expected /dev/videoN'),
  }),
]);
export type CameraSource = z.infer<typeof cameraSourceSchema>;

/** Per-camera execution provider override (all fields optional; unset ones follow the host). */
export const cameraInferenceOverrideSchema = z.object({
  provider: z.enum(['auto', 'cuda', 'tensorrt', 'webgpu', 'cpu']).optional(),
  deviceId: z.number().int().min(0).max(64).optional(),
});
export type CameraInferenceOverride = z.infer<typeof cameraInferenceOverrideSchema>;
/**
 * What a camera stream is used for, the way an NVR splits them: `detect` is decoded for analysis
 * (a sub-stream, e.g. 640×360 at 5–10 fps), `record` is copied into the evidence ring buffer
 * without decoding, `stills` is decoded at full resolution for evidence pictures and plates.
 */
export const streamRoleSchema = z.enum(['detect', 'record', 'stills']);
export type StreamRole = z.infer<typeof streamRoleSchema>;
export const STREAM_ROLES: readonly StreamRole[] = streamRoleSchema.options;

/**
 * One more stream of the same camera (its sub-stream), with the roles it takes. Same source kinds
 * and the same URL/path validation as the camera's own `source` (and, at rest and on the way to
 * ffmpeg, the same credential handling and whitelists).
 */
export const cameraInputSchema = z.object({
  source: cameraSourceSchema.refine(
    (s) => s.kind !== 'demo' && s.kind !== 'v4l2',
    'a camera stream must be an RTSP, HTTP, HLS URL or a video file',
  ),
  roles: z.array(streamRoleSchema).min(1).max(3),
});
export type CameraInput = z.infer<typeof cameraInputSchema>;

/**
 * The camera's streams beyond `source` (its main stream). A role no input takes stays with the main
 * stream, so a camera without `inputs` is one stream with every role (the default). Exactly one
 * stream detects, at most one records, at most one makes stills. Without a detect sub-stream the
 * main stream can be scaled for analysis (`detectSize`, `detectFps`).
 */
export const cameraStreamsSchema = z
  .object({
    inputs: z.array(cameraInputSchema).max(3).default([]),
    /** Scale the main stream to this size for analysis (cameras without a sub-stream). */
    detectSize: z
      .object({
        width: z.number().int().min(64).max(3840),
        height: z.number().int().min(64).max(2160),
      })
      .optional(),
    /** Analysis rate of the detect stream; unset: `analysis.fps`. */
    detectFps: z.number().positive().max(60).optional(),
  })
  .superRefine((s, ctx) => {
    s.inputs.forEach((input, i) => {
      if (new Set(input.roles).size !== input.roles.length)
        ctx.addIssue({
          code: 'custom',
          path: ['inputs', i, 'roles'],
          message: 'a role is listed twice',
        });
    });
    for (const role of STREAM_ROLES) {
      const n = s.inputs.filter((x) => x.roles.includes(role)).length;
      if (n > 1)
        ctx.addIssue({
          code: 'custom',
          path: ['inputs'],
          message: `only one stream may have the role "${role}"`,
        });
    }
    if (s.detectSize && s.inputs.some((x) => x.roles.includes('detect')))
      ctx.addIssue({
        code: 'custom',
        path: ['detectSize'],
        message: 'detectSize scales the main stream: not with a detect sub-stream',
      });
  });
export type CameraStreams = z.infer<typeof cameraStreamsSchema>;

/** Hardware decoding of the decoded streams; unavailable accelerators fall back to software. */
export const hwaccelSchema = z.enum(['none', 'auto', 'cuda', 'vaapi', 'qsv', 'd3d11va']);
export type Hwaccel = z.infer<typeof hwaccelSchema>;

export const cameraConfigSchema = z.object({
  id: cameraIdSchema,
  name: z.string().min(1).max(120),
  enabled: z.boolean().default(true),
  source: cameraSourceSchema,
  analysis: z
    .object({
      fps: z.number().positive().max(60).default(10),
      /** Model input size for models with dynamic input dims; a fixed-size model imposes its own. */
      width: z.number().int().min(32).max(4096).default(640),
      height: z.number().int().min(32).max(4096).default(640),
    })
    .prefault({}),
  /** The motion detector's grey frame (the source letterboxed to this size) and its sensitivity. */
  motion: z
    .object({
      width: z.number().int().min(16).max(1024).default(192),
      height: z.number().int().min(16).max(1024).default(108),
      /** Grey-level change that counts as motion. */
      threshold: z.number().int().min(1).max(255).default(22),
      /** Smallest moving blob, in motion-frame pixels. */
      minArea: z.number().int().min(1).default(24),
    })
    .prefault({}),
  preview: z
    .object({
      width: z.number().int().min(64).max(3840).default(640),
      fps: z.number().positive().max(30).default(10),
      quality: z.number().int().min(2).max(31).default(5),
    })
    .prefault({}),
  /**
   * Evidence stills: every analysis frame at source resolution (capped at `maxWidth`, 0 = never
   * scaled), kept a few seconds in the worker so the snapshot, the crop and the plate reading of an
   * infraction show exactly the frame it fired on. Only cameras with rules produce them: the JPEG
   * encoding costs CPU.
   */
  stills: z
    .object({
      maxWidth: z.number().int().min(0).max(7680).default(1920),
      quality: z.number().int().min(2).max(31).default(3),
      /**
       * How a role-split camera whose main stream is recorded makes them: `on-demand` (default, the
       * NVR way) decodes the still of an infraction's frame from the recorded segments at that
       * frame's timestamp, only when it is needed; `continuous` decodes the main stream at the
       * detect rate all the time. A camera with one stream always takes them from its one decode.
       */
      decode: z.enum(['on-demand', 'continuous']).default('on-demand'),
    })
    .prefault({}),
  buffer: z.object({ seconds: z.number().int().min(0).max(300).default(15) }).prefault({}),
  /**
   * Evidence on disk for this camera: the ring buffer's bitrate cap (when the worker encodes it;
   * a stream copied from an H.264 camera keeps the camera's own bits), the disk budget of its
   * evidence folder and when to warn. Over budget, retention deletes the oldest evidence of
   * rejected, unlocked cases only; when only protected evidence is left, clips stop (stills go on).
   */
  evidence: z
    .object({
      maxBitrateKbps: z.number().int().min(100).max(50_000).default(1200),
      diskBudgetMB: z.number().int().min(50).max(10_000_000).default(4096),
      warnAtPercent: z.number().int().min(1).max(100).default(80),
    })
    .prefault({}),
  detector: z
    .object({
      /** `motion` needs no model (out-of-the-box default); `onnx` uses a catalog model. */
      kind: z.enum(['motion', 'onnx']).default('motion'),
      /** Catalog or imported model id (resolved in the models folder), or a path to an .onnx file. */
      modelId: z.string().optional(),
      /** Class names to keep; empty keeps all. */
      classes: z.array(z.string()).default([]),
      scoreThreshold: z.number().min(0).max(1).default(0.35),
      iouThreshold: z.number().min(0).max(1).default(0.45),
      maxDetections: z.number().int().min(1).max(1000).default(100),
      /** Report every class above the threshold per box (e.g. car and truck), not only the best one. */
      multiLabel: z.boolean().default(false),
      /** Skip the model when the motion detector sees a static scene. */
      motionGate: z.boolean().default(true),
      /** Even in a static scene, run the model at least this often (seconds). */
      gateRefreshSec: z.number().min(0).max(3600).default(5),
    })
    .prefault({}),
  /**
   * Plate format of the vehicles this camera sees (e.g. PE, ES), or `auto` (every country's
   * layouts compete and the read says which won); unset lets every format compete.
   */
  plateCountry: z.union([plateCountrySchema, z.literal(PLATE_AUTO)]).optional(),
  /**
   * Several countries (a border city, tourists), the most common first; when set it takes the
   * place of `plateCountry`.
   */
  plateCountries: z.array(plateCountrySchema).min(1).max(COUNTRY_CODES.length).optional(),
  /**
   * A dedicated plate-detector model (installed id or .onnx path, any layout the object detector
   * reads) that finds the plate in the vehicle crop; unset: the OCR text detector finds it.
   */
  plateDetectorModelId: z.string().min(1).max(200).optional(),
  /** Classifiers and embedding models run on each track's best crop (off by default). */
  secondStage: secondStageConfigSchema.prefault({}),
  plates: z
    .object({
      /**
       * Who reads the plate's characters: PP-OCR (default), or a dedicated plate-OCR model the
       * user brought (installed id or .onnx path, its config `<model>.yaml|.yml|.json` beside it).
       */
      recognizer: z
        .union([z.literal('ppocr'), z.object({ modelId: z.string().min(1).max(200) }).strict()])
        .optional(),
    })
    .strict()
    .optional(),
  /** Sub-streams and their roles (detect / record / stills); none: `source` has every role. */
  streams: cameraStreamsSchema.prefault({}),
  hwaccel: hwaccelSchema.default('none'),
  /** Seconds without a frame before the source counts as stalled and is reconnected. */
  stallTimeoutSec: z.number().positive().max(120).default(8),
  /** This camera's execution provider, overriding the host-wide inference setting; unset: the host's. */
  inference: cameraInferenceOverrideSchema.optional(),
  /**
   * Where the camera is analysed when several nodes share the cameras (fleet mode): `pinnedNode`
   * (a node's host id) takes it whenever that node is alive; cameras with the same `group` are
   * spread over different nodes when there are enough of them.
   */
  fleet: z
    .object({
      pinnedNode: z.string().min(1).max(200).optional(),
      group: z.string().min(1).max(120).optional(),
    })
    .optional(),
  /** Site, GPS position, heading, mounting notes and maintenance state (the fleet map). */
  site: cameraSiteSchema.optional(),
  /** The camera's ONVIF device service: stream discovery and PTZ presets. */
  onvif: cameraOnvifSchema.optional(),
});
export type CameraConfig = z.infer<typeof cameraConfigSchema>;
export type CameraConfigInput = z.input<typeof cameraConfigSchema>;

export const cameraStateSchema = z.enum([
  'connecting',
  'streaming',
  'stalled',
  'reconnecting',
  'error',
  'stopped',
]);
export type CameraState = z.infer<typeof cameraStateSchema>;

export const cameraStatusSchema = z.object({
  cameraId: cameraIdSchema,
  state: cameraStateSchema,
  /** Human-readable reason for `error` / `reconnecting` (already redacted of credentials). */
  reason: z.string().optional(),
  /** i18n key for the reason (e.g. `camera.error.unreachable`), so the UI can translate it. */
  reasonCode: z.string().optional(),
  /** Fleet mode: the node that analyses this camera when it is not this host. */
  ownerNode: z.string().max(200).optional(),
  frames: z.number().int().nonnegative().default(0),
  fps: z.number().nonnegative().default(0),
  /** Frames skipped on purpose to hold the analysis fps. */
  droppedByRate: z.number().int().nonnegative().default(0),
  /** Frames the pipeline could not keep up with. */
  lost: z.number().int().nonnegative().default(0),
  reconnects: z.number().int().nonnegative().default(0),
  lastFrameAt: z.number().optional(),
  inferenceMs: z.number().nonnegative().optional(),
  provider: z.string().optional(),
  providerNote: z.string().optional(),
  /** The provider that was asked for (host setting or camera override), when a model runs. */
  providerRequested: z.string().optional(),
  /** i18n key of the main reason the requested provider is not the one running (`providers.reason.*`). */
  providerReasonCode: z.string().optional(),
  /** What the camera is doing before its first frame, e.g. `building-trt-engine`. */
  phase: z.enum(['building-trt-engine']).optional(),
  /** What decodes the stream: `software`, or the hardware accelerator in use (`cuda`, `vaapi`…). */
  decoder: z.string().optional(),
  /** Why decoding is not what the camera asked for (i18n key, e.g. `camera.hwaccel.fallback`). */
  decoderNoteCode: z.string().optional(),
  /** ffmpeg's own words for it (credentials redacted). */
  decoderNote: z.string().optional(),
});
export type CameraStatus = z.infer<typeof cameraStatusSchema>;
