import { CodedError } from '../../shared/coded-error';

/**
 * The opaque keyset cursor of a newest-first list: the last row's time and id, so the next page
 * starts strictly after it whatever was inserted meanwhile.
 */

export function encodePageCursor(at: number, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

/** Throws `store.error.invalidInput` (field `cursor`) for anything encodePageCursor did not make. */
export function decodePageCursor(cursor: string): { at: number; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [
      unknown,
      unknown,
    ];
    if (typeof at === 'number' && typeof id === 'string') return { at, id };
  } catch {
    // falls through to the error below
  }
  throw new CodedError('store.error.invalidInput', 'invalid page cursor', { field: 'cursor' });
}
