/**
 * Refusals of the integrator routes whose status the naming rules below would not give: a name
 * that does not exist is 404, a request that is valid but clashes with the configuration or the
 * camera's current state is 409, the rest of the refusals are 422.
 */
export const CODE_STATUS: Record<string, number> = {
  'signals.camera_not_found': 404,
  'signals.unknown_signal': 404,
  'signals.not_external': 409,
  'signals.camera_not_running': 409,
  'signals.bad_time': 422,
  'signals.time_in_future': 422,
  'frames.camera_not_found': 404,
  'frames.model_not_installed': 404,
  'frames.camera_no_model': 422,
  'frames.image.bad_base64': 422,
  'frames.image.unsupported': 422,
  'frames.image.corrupt': 422,
  'frames.image.too_large': 422,
  'frames.busy': 503,
};

/** The refusal codes a contract method's handler answers with, by HTTP status. */
export function refusalsOf(method: string): Record<number, string[]> {
  const domain = method.split('.')[0] + '.';
  const out: Record<number, string[]> = {};
  for (const [code, status] of Object.entries(CODE_STATUS))
    if (code.startsWith(domain)) (out[status] ??= []).push(code);
  return out;
}

/** The HTTP status of a contract error code. */
export function statusOfCode(code: string): number {
  const known = CODE_STATUS[code];
  if (known !== undefined) return known;
  if (code === 'api.invalid_params' || code === 'api.malformed') return 400;
  if (code === 'store.error.unauthenticated') return 401;
  if (code === 'store.error.forbidden') return 403;
  if (code === 'api.not_available' || code.endsWith('.noStore')) return 501;
  if (code === 'store.error.alreadyDecided' || code === 'store.error.versionConflict') return 409;
  if (code.endsWith('notFound') || code.endsWith('not_found') || code.endsWith('.missing'))
    return 404;
  if (code.endsWith('.pruned')) return 410;
  if (code.endsWith('.downloading') || code.endsWith('.busy')) return 503;
  if (code === 'api.too_large' || code.endsWith('.tooLarge')) return 413;
  if (code === 'api.internal') return 500;
  return 422;
}
