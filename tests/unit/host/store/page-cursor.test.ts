import { describe, expect, it } from 'vitest';
import { decodePageCursor, encodePageCursor } from '../../../../electron/host/store/page-cursor';

describe('page cursor', () => {
  it('round-trips the last row’s time and id', () => {
    expect(decodePageCursor(encodePageCursor(1_700_000_000_123, 'a/b c'))).toEqual({
      at: 1_700_000_000_123,
      id: 'a/b c',
    });
  });

  it('refuses anything it did not make, as invalid input on the cursor field', () => {
    for (const bad of ['', 'not-base64-json', Buffer.from('["x", 1]').toString('base64url')])
      expect(() => decodePageCursor(bad)).toThrow(
        expect.objectContaining({ code: 'store.error.invalidInput', params: { field: 'cursor' } }),
      );
  });
});
