/** Params of a coded error, substituted into its translated text (`{role}`, `{count}`). */
export type ErrorParams = Record<string, string | number>;

/**
 * The one error type of the app: a stable i18n code (`camera.not_found`,
 * `store.error.forbidden`, `rules.test.timeout`…), an English message for logs and developers,
 * and the params its translation needs. Thrown anywhere in the host, the workers or the client;
 * the host's dispatcher turns it into the API error envelope in one place, and the client turns
 * an error envelope back into one.
 */
export class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly params?: ErrorParams,
  ) {
    super(message);
    this.name = 'CodedError';
  }
}

export function isCodedError(e: unknown): e is CodedError {
  return e instanceof CodedError;
}

/** An error of another kind keeps its message under a fallback code. */
export function toCodedError(e: unknown, fallbackCode: string): CodedError {
  if (e instanceof CodedError) return e;
  return new CodedError(fallbackCode, e instanceof Error ? e.message : String(e));
}
