import type { z } from 'zod';
import { describeZodError, type ApiError } from './envelope';

/** The shortest password the host accepts (the schema and the auth service agree on it). */
export const MIN_PASSWORD_LENGTH = 8;

/**
 * The error answered for params that fail their schema. Most failures are `api.invalid_params`;
 * the ones an operator can fix by typing something else get their own code and params, so the
 * UI says what is wrong (a password that is too short) instead of "Invalid data.".
 */
export function paramsErrorOf(method: string, error: z.ZodError): ApiError {
  const message = `${method}: ${describeZodError(error)}`;
  for (const issue of error.issues) {
    const field = issue.path[issue.path.length - 1];
    if (
      issue.code === 'too_small' &&
      typeof field === 'string' &&
      /password$/i.test(field) &&
      field !== 'currentPassword'
    ) {
      return {
        code: 'store.error.weakPassword',
        message,
        params: { min: Number(issue.minimum) },
      };
    }
  }
  return { code: 'api.invalid_params', message };
}
