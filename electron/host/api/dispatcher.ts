import { apiErrorOf, type ResponseEnvelope } from '../../shared/api/envelope';
import { apiMethods, type ApiMethod } from '../../shared/api/contract';
import { checkResult, parseRequest } from '../../shared/api/validate';
import { CodedError } from '../../shared/coded-error';
import type { Session } from '../auth/auth-service';
import type { Logger } from '../logging/logger';
import type { Authorizer, ConnectionContext, Handler, HandlerMap } from '../api-types';

export interface DispatcherOptions {
  /** Read on every call, so handlers registered later are found. */
  handlers: HandlerMap;
  /** Checks the method spec's permission: the only permission check of a call. */
  authorize: Authorizer;
  /** The session behind a request's token (expiry checked every time); none without users. */
  resolveSession(token: string | undefined): Session | undefined;
  logger: Pick<Logger, 'warn' | 'error'>;
}

export type Dispatch = (
  raw: unknown,
  ctx: ConnectionContext,
) => Promise<ResponseEnvelope | undefined>;

/**
 * One request from any transport: validated against the contract, authorised with the method's
 * permission, handled, result checked. Never throws: a CodedError becomes the error envelope
 * with its code and params (the one translation), anything else `api.internal`.
 */
export function createDispatcher(o: DispatcherOptions): Dispatch {
  return async (raw, ctx) => {
    const parsed = parseRequest(raw);
    if (!parsed.ok) {
      o.logger.warn('rejected API message', {
        connection: ctx.connectionId,
        code: parsed.error.code,
        error: parsed.error.message,
      });
      return parsed.id === undefined
        ? undefined
        : { kind: 'response', id: parsed.id, ok: false, error: parsed.error };
    }
    const { id, method, params } = parsed.value;
    // A REST call runs as its API key and never as a user session, whatever the request carries.
    const callCtx: ConnectionContext = {
      ...ctx,
      session: ctx.apiKey ? undefined : o.resolveSession(parsed.value.session),
    };
    try {
      const handler = o.handlers[method] as Handler<ApiMethod> | undefined;
      if (!handler)
        throw new CodedError('api.not_available', `${method} is not available on this host`);
      await o.authorize(callCtx, apiMethods[method].permission, method);
      const result = await handler(params as never, callCtx);
      return { kind: 'response', id, ok: true, result: checkResult(method, result) };
    } catch (err) {
      if (err instanceof CodedError)
        return { kind: 'response', id, ok: false, error: apiErrorOf(err) };
      const message = err instanceof Error ? err.message : String(err);
      o.logger.error('API handler failed', { method, error: message });
      return {
        kind: 'response',
        id,
        ok: false,
        error: { code: 'api.internal', message: `${method} failed: ${message}` },
      };
    }
  };
}
