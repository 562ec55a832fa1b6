/**
 * Errors of the store area carry an i18n code (see electron/shared/i18n/store.ts) and its params,
 * plus an English message for logs. Handlers turn them into API errors; nothing here crashes the host.
 */
export class StoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export function isStoreError(e: unknown): e is StoreError {
  return e instanceof StoreError;
}
