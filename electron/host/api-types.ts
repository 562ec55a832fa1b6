import type { ApiMethod, ApiParams, ApiResult, Permission } from '../shared/api/contract';
import type { Session } from './auth/auth-service';

/** Who is calling: one per WebSocket connection or Electron window. */
export interface ConnectionContext {
  connectionId: string;
  transport: 'ipc' | 'ws';
  /** The caller's user session, resolved from the request's token on every call. */
  session?: Session;
}

export type Handler<M extends ApiMethod> = (
  params: ApiParams<M>,
  ctx: ConnectionContext,
) => Promise<ApiResult<M>> | ApiResult<M>;
export type HandlerMap = { [M in ApiMethod]?: Handler<M> };

/** Decides whether a connection may call a method needing `permission`; throws ApiFailure if not. */
export type Authorizer = (ctx: ConnectionContext, permission: Permission) => void | Promise<void>;
