import { ApiCallError, type ApiClient } from '../../../electron/shared/api/client';
import type {
  StoreMethodName,
  StoreParams,
  StoreResult,
} from '../../../electron/shared/api/methods/store';

/**
 * Calls a store-area method (auth, users, review, reports, sync). The host offers them only once
 * it has a store wired in; until then the call fails with `api.unknown_method` or
 * `api.not_available` and the UI hides the feature rather than breaking.
 */
export function callStore<M extends StoreMethodName>(
  client: ApiClient,
  method: M,
  params: StoreParams<M>,
): Promise<StoreResult<M>> {
  const call = client.call.bind(client) as unknown as (
    m: string,
    p: unknown,
  ) => Promise<StoreResult<M>>;
  return call(method, params);
}

export function isUnavailable(err: unknown): boolean {
  return (
    err instanceof ApiCallError &&
    (err.error.code === 'api.unknown_method' || err.error.code === 'api.not_available')
  );
}

/** The i18n code of a failed call, for an error line the operator can read. */
export function errorCode(err: unknown): {
  code: string;
  params?: Record<string, string | number>;
  message: string;
} {
  if (err instanceof ApiCallError)
    return { code: err.error.code, params: err.error.params, message: err.error.message };
  return { code: 'ui.error.unexpected', message: err instanceof Error ? err.message : String(err) };
}
