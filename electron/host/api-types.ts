import type { ApiMethod, ApiParsedParams, ApiResult, Permission } from '../shared/api/contract';
import type { Session } from './auth/auth-service';
import type { ApiKeyPrincipal } from './store/api-keys';

/** Who is calling: one per WebSocket connection or Electron window. */
export interface ConnectionContext {
  connectionId: string;
  transport: 'ipc' | 'ws' | 'rest';
  /** The caller's user session, resolved from the request's token on every call. */
  session?: Session;
  /** A REST call's API key (never together with a session): its scopes decide what it may call. */
  apiKey?: ApiKeyPrincipal;
}

/** Who a call acts as, for audit lines and decisions: the user, else `apikey:<id>`. */
export function callerName(ctx: ConnectionContext, fallback = 'anonymous'): string {
  return ctx.session?.username ?? (ctx.apiKey ? `apikey:${ctx.apiKey.id}` : fallback);
}

/**
 * One API method on the host. It receives params already validated (defaults applied) and a
 * caller already authorised by the dispatcher; it throws CodedError for anything the UI should
 * explain.
 */
export type Handler<M extends ApiMethod> = (
  params: ApiParsedParams<M>,
  ctx: ConnectionContext,
) => Promise<ApiResult<M>> | ApiResult<M>;
export type HandlerMap = { [M in ApiMethod]?: Handler<M> };

/** The methods of one domain (`cameras.*`, `rules.*`…), every one of them handled. */
export type DomainHandlers<Domain extends string> = {
  [M in Extract<ApiMethod, `${Domain}.${string}`>]: Handler<M>;
};

/**
 * Decides whether a connection may call `method`, which needs `permission`; throws CodedError if
 * not.
 */
export type Authorizer = (
  ctx: ConnectionContext,
  permission: Permission,
  method?: ApiMethod,
) => void | Promise<void>;
