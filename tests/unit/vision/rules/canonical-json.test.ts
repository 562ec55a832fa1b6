import { describe, it, expect } from 'vitest';
import { canonicalJson } from '../../../../inference/vision/scene/canonical-json';

describe('canonicalJson', () => {
  it('sorts keys recursively, drops undefined, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
  it('serialises numbers and strings deterministically', () => {
    expect(canonicalJson([0.1 + 0.2, -0, 1e21, 'é"\n'])).toBe(
      '[0.30000000000000004,0,1e+21,"é\\"\\n"]',
    );
  });
  it('rejects values JSON cannot represent', () => {
    expect(() => canonicalJson({ a: NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson({ a: () => 1 })).toThrow(/cannot serialise/);
  });
});
