/**
 * Candidate boxes as parallel typed arrays, reused frame after frame: decoders append, NMS selects,
 * un-letterboxing rewrites in place. Only the few survivors ever become objects.
 */
export class Candidates {
  /** x1,y1,x2,y2 interleaved, model-input (canvas) pixels until un-letterboxed. */
  boxes: Float32Array;
  scores: Float32Array;
  classes: Int32Array;
  count = 0;

  constructor(capacity = 1024) {
    this.boxes = new Float32Array(capacity * 4);
    this.scores = new Float32Array(capacity);
    this.classes = new Int32Array(capacity);
  }

  get capacity(): number {
    return this.scores.length;
  }

  clear(): void {
    this.count = 0;
  }

  push(x1: number, y1: number, x2: number, y2: number, score: number, cls: number): void {
    if (this.count === this.scores.length) this.grow();
    const i = this.count++;
    const o = i * 4;
    this.boxes[o] = x1;
    this.boxes[o + 1] = y1;
    this.boxes[o + 2] = x2;
    this.boxes[o + 3] = y2;
    this.scores[i] = score;
    this.classes[i] = cls;
  }

  /** Keeps only the candidates at `indices` (in that order). */
  select(indices: Int32Array, n: number): void {
    // indices are distinct; writing into scratch copies avoids overwriting unread entries.
    const b = this.boxes.slice(0, this.count * 4);
    const s = this.scores.slice(0, this.count);
    const c = this.classes.slice(0, this.count);
    for (let k = 0; k < n; k++) {
      const i = indices[k];
      this.boxes.set(b.subarray(i * 4, i * 4 + 4), k * 4);
      this.scores[k] = s[i];
      this.classes[k] = c[i];
    }
    this.count = n;
  }

  private grow(): void {
    const cap = this.scores.length * 2;
    const boxes = new Float32Array(cap * 4);
    boxes.set(this.boxes);
    const scores = new Float32Array(cap);
    scores.set(this.scores);
    const classes = new Int32Array(cap);
    classes.set(this.classes);
    this.boxes = boxes;
    this.scores = scores;
    this.classes = classes;
  }
}
