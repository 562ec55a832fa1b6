/**
 * Appearance embeddings: vectors compared by cosine similarity. Stored and compared L2-normalised,
 * so cosine is a dot product and a search over many stored vectors costs one multiply-add each.
 */

/** The vector scaled to unit length; a zero or non-finite vector gives undefined (nothing to compare). */
export function l2Normalize(v: ArrayLike<number>): Float32Array | undefined {
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!Number.isFinite(x)) return undefined;
    s += x * x;
  }
  if (s === 0) return undefined;
  const n = Math.sqrt(s);
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] / n;
  return out;
}

/** Cosine similarity in [-1, 1]; 0 when either vector is zero or the lengths differ. */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  if (na === 0 || nb === 0) return 0;
  return Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)));
}

/** The embedding packed as little-endian float32 (what the store keeps). */
export function packEmbedding(v: ArrayLike<number>): Uint8Array {
  const f = Float32Array.from(v as ArrayLike<number>);
  return new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
}

export function unpackEmbedding(b: Uint8Array): Float32Array {
  const copy = b.slice();
  return new Float32Array(copy.buffer, copy.byteOffset, Math.floor(copy.byteLength / 4));
}

export interface RankedMatch<T> {
  item: T;
  similarity: number;
}

/**
 * Brute-force ranking of candidates by cosine similarity to the query, best first, keeping those at
 * or above `minSimilarity`, at most `limit`. Linear in the candidates (fine up to ~1e5 vectors of
 * 256-d per query, a few tens of ms); keeps only the top `limit` so memory stays bounded.
 */
export function rankBySimilarity<T>(
  query: ArrayLike<number>,
  candidates: Iterable<{ item: T; vector: ArrayLike<number> }>,
  opts: { limit: number; minSimilarity?: number },
): RankedMatch<T>[] {
  const min = opts.minSimilarity ?? -1;
  const top: RankedMatch<T>[] = [];
  for (const c of candidates) {
    const s = cosineSimilarity(query, c.vector);
    if (s < min) continue;
    if (top.length < opts.limit) {
      top.push({ item: c.item, similarity: s });
      if (top.length === opts.limit) top.sort((x, y) => y.similarity - x.similarity);
      continue;
    }
    if (s <= top[top.length - 1].similarity) continue;
    // Insert in order, drop the worst.
    let i = top.length - 1;
    while (i > 0 && top[i - 1].similarity < s) i--;
    top.splice(i, 0, { item: c.item, similarity: s });
    top.pop();
  }
  return top.sort((x, y) => y.similarity - x.similarity);
}
