/** Characters a licence plate can carry once separators are dropped. */
export const PLATE_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * A CTC dictionary as the recogniser's classes: index 0 is the blank, then one entry per line of
 * the dictionary file, then (PaddleOCR `use_space_char`) a space.
 */
export function ctcClasses(dictionaryText: string, useSpace = true): string[] {
  const lines = dictionaryText.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return ['', ...lines, ...(useSpace ? [' '] : [])];
}

/**
 * Restricts decoding to plate characters: class index → the uppercase plate character it stands for.
 * Lowercase classes fold into uppercase (a plate has no case; the recogniser does).
 */
export interface PlateCharset {
  /** Class indices that are allowed, blank (0) first. */
  indices: Int32Array;
  /** Same length as `indices`: the character emitted for each ('' for the blank). */
  chars: string[];
}

export function plateCharset(classes: readonly string[], alphabet = PLATE_ALPHABET): PlateCharset {
  const indices = [0];
  const chars = [''];
  for (let i = 1; i < classes.length; i++) {
    const up = classes[i].toUpperCase();
    if (up.length === 1 && alphabet.includes(up)) {
      indices.push(i);
      chars.push(up);
    }
  }
  return { indices: Int32Array.from(indices), chars };
}

export interface CtcChar {
  char: string;
  /** Best probability of this character over the frames it spans. */
  prob: number;
  /** Runner-up plate character at the best frame, with its probability (for confusion fixes). */
  alt?: { char: string; prob: number };
  /**
   * Every plate character's probability at the best frame (lower and upper case summed), those
   * of at least {@link MIN_EVIDENCE}: what the character could also be, for format decoding.
   */
  probs?: Readonly<Record<string, number>>;
}

/** Probabilities below this are left out of a character's evidence. */
export const MIN_EVIDENCE = 0.001;

export interface CtcDecoded {
  text: string;
  chars: CtcChar[];
  /** Mean character probability (0 for an empty read). */
  confidence: number;
  /** Lowest character probability (0 for an empty read). */
  minProb: number;
  /**
   * The recogniser's output restricted to plate characters, for format-constrained decoding
   * (`constrained-ctc.ts`): per frame the blank then every {@link PLATE_ALPHABET} character
   * (cases summed).
   */
  frames?: CtcFrames;
}

/** Per-frame probabilities over blank + {@link PLATE_ALPHABET}, row-major (`steps` rows). */
export interface CtcFrames {
  steps: number;
  /** steps × (1 + PLATE_ALPHABET.length). */
  probs: Float32Array;
}

/** Columns of a {@link CtcFrames} row: blank first, then the plate alphabet. */
export const FRAME_COLUMNS = 1 + PLATE_ALPHABET.length;

/**
 * Greedy CTC decoding of one sequence of class probabilities (`steps`×`numClasses`, row-major,
 * as the recogniser's softmax outputs them), considering only the charset's classes: per step the
 * most likely allowed class, repeats merged, blanks dropped.
 */
export function ctcGreedyDecode(
  probs: Float32Array,
  steps: number,
  numClasses: number,
  charset: PlateCharset,
  offset = 0,
): CtcDecoded {
  const { indices, chars: names } = charset;
  const out: CtcChar[] = [];
  // What a character could also be: its frame's plate-character probabilities, case folded.
  const evidence = (row: number): Record<string, number> => {
    const sum: Record<string, number> = {};
    for (let k = 1; k < indices.length; k++)
      sum[names[k]] = (sum[names[k]] ?? 0) + probs[row + indices[k]];
    for (const c of Object.keys(sum)) if (sum[c] < MIN_EVIDENCE) delete sum[c];
    return sum;
  };
  let prevK = -1;
  for (let t = 0; t < steps; t++) {
    const row = offset + t * numClasses;
    let bestK = 0;
    let best = -1;
    let secondK = -1;
    let second = -1;
    for (let k = 0; k < indices.length; k++) {
      const p = probs[row + indices[k]];
      if (p > best) {
        second = best;
        secondK = bestK;
        best = p;
        bestK = k;
      } else if (p > second) {
        second = p;
        secondK = k;
      }
    }
    // Lowercase and uppercase classes fold into one character: merge repeats on the character.
    const sameAsPrev = prevK >= 0 && bestK !== 0 && names[bestK] === names[prevK];
    if (bestK !== 0) {
      const alt =
        secondK > 0 && names[secondK] !== names[bestK]
          ? { char: names[secondK], prob: second }
          : undefined;
      if (sameAsPrev) {
        const last = out[out.length - 1];
        if (best > last.prob) {
          last.prob = best;
          last.alt = alt;
          last.probs = evidence(row);
        }
      } else {
        out.push({ char: names[bestK], prob: best, alt, probs: evidence(row) });
      }
    }
    prevK = bestK;
  }
  // The frames restricted to plate characters (cases summed), for constrained decoding.
  const column = Array.from(names, (c) => (c === '' ? 0 : 1 + PLATE_ALPHABET.indexOf(c)));
  const framed = new Float32Array(steps * FRAME_COLUMNS);
  for (let t = 0; t < steps; t++) {
    const row = offset + t * numClasses;
    for (let k = 0; k < indices.length; k++)
      if (column[k] >= 0) framed[t * FRAME_COLUMNS + column[k]] += probs[row + indices[k]];
  }
  const text = out.map((c) => c.char).join('');
  const confidence = out.length ? out.reduce((s, c) => s + c.prob, 0) / out.length : 0;
  const minProb = out.length ? Math.min(...out.map((c) => c.prob)) : 0;
  return { text, chars: out, confidence, minProb, frames: { steps, probs: framed } };
}
