import { CodedError } from '../coded-error';
import {
  describeZodError,
  eventEnvelopeSchema,
  MAX_MESSAGE_BYTES,
  requestEnvelopeSchema,
  responseEnvelopeSchema,
  type ApiError,
  type EventEnvelope,
  type RequestEnvelope,
  type ResponseEnvelope,
} from './envelope';
import { apiEvents } from './events';
import { apiMethods, isApiMethod, type ApiMethod } from './contract';
import { paramsErrorOf } from './param-errors';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ApiError; id?: number };

const fail = (
  code: string,
  message: string,
  id?: number,
): { ok: false; error: ApiError; id?: number } => ({
  ok: false,
  error: { code, message },
  ...(id !== undefined ? { id } : {}),
});

/** Host side: a raw message from a client (JSON text from a socket or a structured-clone object from IPC). */
export function parseRequest(raw: unknown): Parsed<RequestEnvelope & { method: ApiMethod }> {
  let data = raw;
  if (typeof raw === 'string') {
    if (raw.length > MAX_MESSAGE_BYTES) return fail('api.too_large', 'message exceeds size limit');
    try {
      data = JSON.parse(raw);
    } catch {
      return fail('api.malformed', 'message is not valid JSON');
    }
  }
  const envelope = requestEnvelopeSchema.safeParse(data);
  if (!envelope.success) {
    const id = (data as { id?: unknown } | null)?.id;
    return fail(
      'api.malformed',
      `not a request envelope: ${describeZodError(envelope.error)}`,
      typeof id === 'number' ? id : undefined,
    );
  }
  const { id, method } = envelope.data;
  if (!isApiMethod(method))
    return fail('api.unknown_method', `unknown method "${method.slice(0, 100)}"`, id);
  const params = apiMethods[method].params.safeParse(envelope.data.params ?? {});
  if (!params.success) {
    return { ok: false, error: paramsErrorOf(method, params.error), id };
  }
  return { ok: true, value: { ...envelope.data, method, params: params.data } };
}

/** Host side: checks what a handler returns, so a bug never ships an off-contract value. */
export function checkResult(method: ApiMethod, result: unknown): unknown {
  const parsed = apiMethods[method].result.safeParse(result);
  if (!parsed.success) {
    throw new CodedError(
      'api.internal',
      `${method} produced an invalid result: ${describeZodError(parsed.error)}`,
    );
  }
  return parsed.data;
}

/** Client side: a response or event from the host, validated before the UI sees it. */
export function parseServerMessage(data: unknown): Parsed<ResponseEnvelope | EventEnvelope> {
  if (typeof data !== 'object' || data === null)
    return fail('api.malformed', 'server message is not an object');
  const kind = (data as { kind?: unknown }).kind;
  if (kind === 'response') {
    const r = responseEnvelopeSchema.safeParse(data);
    return r.success
      ? { ok: true, value: r.data }
      : fail('api.malformed', describeZodError(r.error));
  }
  if (kind === 'event') {
    const e = eventEnvelopeSchema.safeParse(data);
    if (!e.success) return fail('api.malformed', describeZodError(e.error));
    const schema = (
      apiEvents as Record<
        string,
        { safeParse(v: unknown): { success: boolean; data?: unknown; error?: unknown } }
      >
    )[e.data.topic];
    if (!schema)
      return fail('api.unknown_event', `unknown event topic "${e.data.topic.slice(0, 100)}"`);
    const payload = schema.safeParse(e.data.payload);
    if (!payload.success)
      return fail('api.malformed', `event ${e.data.topic} has an invalid payload`);
    return { ok: true, value: { kind: 'event', topic: e.data.topic, payload: payload.data } };
  }
  return fail('api.malformed', 'server message has no known kind');
}

/** Client side: validates a successful response's result against the method's schema. */
export function parseResult(method: ApiMethod, result: unknown): Parsed<unknown> {
  const parsed = apiMethods[method].result.safeParse(result);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : fail('api.invalid_result', `${method}: ${describeZodError(parsed.error)}`);
}
