import type { ApiMethod, ApiParams, ApiResult, Permission } from '../../common/api/contract';

/** Who is calling: one per WebSocket connection or Electron window. */
export interface ConnectionContext {
  connectionId: string;
  transport: 'ipc' | 'ws';
  /** Set after a successful login (user sessions); absent before. */
  session?: { token: string; userId: string; username: string; role: string };
}

export type Handler<M extends ApiMethod> = (params: ApiParams<M>, ctx: ConnectionContext) => Promise<ApiResult<M>> | ApiResult<M>;
export type HandlerMap = { [M in ApiMethod]?: Handler<M> };

/** Decides whether a connection may call a method needing `permission`; throws ApiFailure if not. */
export type Authorizer = (ctx: ConnectionContext, permission: Permission) => void | Promise<void>;
