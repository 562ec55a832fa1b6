import type { ApiClient } from '../../../electron/shared/api/client';
import { CodedError } from '../../../electron/shared/coded-error';
import type { ApiMethod, ApiParams, ApiResult } from '../../../electron/shared/api/contract';

/**
 * Calls a store-backed method (auth, users, review, audit, reports, sync). The host offers them
 * only once it has a store wired in; until then the call fails with `api.not_available` and the
 * UI hides the feature rather than breaking.
 */
export function callStore<M extends ApiMethod>(
  client: ApiClient,
  method: M,
  params: ApiParams<M>,
): Promise<ApiResult<M>> {
  return client.call(method, params);
}

export function isUnavailable(err: unknown): boolean {
  return (
    err instanceof CodedError &&
    (err.code === 'api.unknown_method' || err.code === 'api.not_available')
  );
}

/** The i18n code of a failed call, for an error line the operator can read. */
export function errorCode(err: unknown): {
  code: string;
  params?: Record<string, string | number>;
  message: string;
} {
  if (err instanceof CodedError)
    return { code: err.code, params: err.params, message: err.message };
  return { code: 'ui.error.unexpected', message: err instanceof Error ? err.message : String(err) };
}
