import { z } from 'zod';
import { CodedError } from '../coded-error';

/**
 * The wire envelope shared by both transports (Electron IPC through the preload, and WebSocket to
 * the headless host). Requests carry a client-chosen id; responses echo it; events are pushed.
 */
export const apiErrorSchema = z.object({
  /** Stable, i18n-able code, e.g. `api.invalid_params`, `store.error.forbidden`, `camera.not_found`. */
  code: z.string(),
  /** English explanation for logs and developers; the UI translates `code`. */
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

export const requestEnvelopeSchema = z.object({
  kind: z.literal('request'),
  id: z.number().int().nonnegative(),
  method: z.string().min(1).max(100),
  params: z.unknown(),
  /** User session token from `auth.login`; the host resolves it on every call (stateless, survives reloads). */
  session: z.string().min(1).max(200).optional(),
});
export type RequestEnvelope = z.infer<typeof requestEnvelopeSchema>;

export const responseEnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({
    kind: z.literal('response'),
    id: z.number().int(),
    ok: z.literal(true),
    result: z.unknown(),
  }),
  z.object({
    kind: z.literal('response'),
    id: z.number().int(),
    ok: z.literal(false),
    error: apiErrorSchema,
  }),
]);
export type ResponseEnvelope = z.infer<typeof responseEnvelopeSchema>;

export const eventEnvelopeSchema = z.object({
  kind: z.literal('event'),
  topic: z.string(),
  payload: z.unknown(),
});
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

export const serverMessageSchema = z.union([responseEnvelopeSchema, eventEnvelopeSchema]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

/** Largest JSON message either side accepts; bigger payloads are rejected before parsing. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** A coded error as the envelope's error: the one translation from thrown error to wire error. */
export function apiErrorOf(err: CodedError): ApiError {
  return {
    code: err.code,
    message: err.message,
    ...(err.params ? { params: err.params } : {}),
  };
}

/** An error envelope back as a coded error, on the client side of either transport. */
export function codedErrorOf(error: ApiError): CodedError {
  return new CodedError(error.code, error.message, error.params);
}

/** Turns zod issues into one readable line: `cameras[0].source.url: RTSP URL must start with rtsp://`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
