import type { ApiMethod, ApiParsedParams, ApiResult, Permission } from '../shared/api/contract';
import type { Session } from './auth/auth-service';

/** Who is calling: one per WebSocket connection or Electron window. */
export interface ConnectionContext {
  connectionId: string;
  transport: 'ipc' | 'ws';
  /** The caller's user session, resolved from the request's token on every call. */
  session?: Session;
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

/** Decides whether a connection may call a method needing `permission`; throws CodedError if not. */
export type Authorizer = (ctx: ConnectionContext, permission: Permission) => void | Promise<void>;
