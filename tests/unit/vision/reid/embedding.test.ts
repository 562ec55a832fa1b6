import { describe, expect, it } from 'vitest';
import {
  cosineSimilarity,
  l2Normalize,
  packEmbedding,
  rankBySimilarity,
  unpackEmbedding,
} from '../../../../inference/vision/reid/embedding';

describe('embeddings', () => {
  it('cosine of parallel, orthogonal and opposite vectors', () => {
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 6);
    expect(cosineSimilarity([1, 0], [0, 5])).toBeCloseTo(0, 6);
    expect(cosineSimilarity([1, 1], [-1, -1])).toBeCloseTo(-1, 6);
  });

  it('cosine of a zero vector or mismatched lengths is 0, never NaN', () => {
    expect(cosineSimilarity([0, 0], [1, 2])).toBe(0);
    expect(cosineSimilarity([1, 2], [1, 2, 3])).toBe(0);
    expect(cosineSimilarity([], [])).toBe(0);
  });

  it('L2-normalises to unit length and refuses zero or non-finite vectors', () => {
    const v = l2Normalize([3, 4])!;
    expect(Array.from(v)).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
    expect(l2Normalize([0, 0])).toBeUndefined();
    expect(l2Normalize([1, Number.NaN])).toBeUndefined();
  });

  it('packs to float32 bytes and back', () => {
    const v = l2Normalize([1, 2, 3, 4])!;
    const b = packEmbedding(v);
    expect(b.byteLength).toBe(16);
    expect(Array.from(unpackEmbedding(b))).toEqual(Array.from(v));
  });

  it('ranks best first, bounded, with a minimum similarity', () => {
    const q = [1, 0];
    const items = [
      { item: 'a', vector: [1, 0.1] },
      { item: 'b', vector: [0, 1] },
      { item: 'c', vector: [1, 0] },
      { item: 'd', vector: [1, 0.5] },
      { item: 'e', vector: [-1, 0] },
    ];
    expect(rankBySimilarity(q, items, { limit: 2 }).map((r) => r.item)).toEqual(['c', 'a']);
    expect(
      rankBySimilarity(q, items, { limit: 10, minSimilarity: 0.5 }).map((r) => r.item),
    ).toEqual(['c', 'a', 'd']);
  });
});
