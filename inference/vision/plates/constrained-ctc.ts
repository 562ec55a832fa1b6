import {
  FRAME_COLUMNS,
  MIN_EVIDENCE,
  PLATE_ALPHABET,
  type CtcChar,
  type CtcDecoded,
  type CtcFrames,
} from './ctc';

/**
 * Format-constrained CTC decoding: the single most likely alignment (Viterbi path) of the
 * recogniser's frames whose characters fit a plate layout slot by slot. Greedy decoding takes the
 * best class per frame and can drop a faint character (its frames lost to the blank) or double a
 * wide one; asking instead for the best path that spells exactly N characters of the layout's
 * kinds recovers both, and the gap between the two paths' probabilities says how much of a guess
 * the constrained reading is.
 */

export interface ConstrainedRead {
  /** The characters read, one per slot. */
  text: string;
  chars: CtcChar[];
  /** Natural log of the path's probability. */
  logProb: number;
}

const LOG_FLOOR = -30;

function logOf(p: number): number {
  return p > 1e-13 ? Math.log(p) : LOG_FLOOR;
}

/** Log probability of the best unconstrained path (the greedy decode's path). */
export function bestPathLogProb(frames: CtcFrames): number {
  const { steps, probs } = frames;
  let sum = 0;
  for (let t = 0; t < steps; t++) {
    let best = 0;
    for (let k = 0; k < FRAME_COLUMNS; k++) best = Math.max(best, probs[t * FRAME_COLUMNS + k]);
    sum += logOf(best);
  }
  return sum;
}

/** Frame columns of the characters a slot accepts. */
function columnsOf(allowed: string): Int32Array {
  const cols: number[] = [];
  for (const c of allowed) {
    const i = PLATE_ALPHABET.indexOf(c);
    if (i >= 0 && !cols.includes(i + 1)) cols.push(i + 1);
  }
  return Int32Array.from(cols);
}

/**
 * The best path spelling one character per slot (`slots[i]`: the characters slot i accepts), or
 * undefined when no path fits (fewer frames than the layout needs). Consecutive equal characters
 * need a blank between them, as CTC demands.
 */
export function decodeInSlots(
  frames: CtcFrames,
  slots: readonly string[],
): ConstrainedRead | undefined {
  const { steps, probs } = frames;
  const n = slots.length;
  if (n === 0 || steps === 0) return undefined;
  const cols = slots.map(columnsOf);
  if (cols.some((c) => c.length === 0)) return undefined;
  // State ids: blank after j characters → j (0..n); character k of slot j (1..n) → base[j] + k.
  const base = new Int32Array(n + 1);
  let states = n + 1;
  for (let j = 1; j <= n; j++) {
    base[j] = states;
    states += cols[j - 1].length;
  }
  const NEG = -Infinity;
  let score = new Float64Array(states).fill(NEG);
  let next = new Float64Array(states);
  const back = new Int32Array(steps * states).fill(-1);
  const lp = (t: number, col: number) => logOf(probs[t * FRAME_COLUMNS + col]);
  score[0] = lp(0, 0);
  for (let k = 0; k < cols[0].length; k++) score[base[1] + k] = lp(0, cols[0][k]);
  for (let t = 1; t < steps; t++) {
    next.fill(NEG);
    const bt = t * states;
    for (let j = 0; j <= n; j++) {
      // Blank after j characters: from itself or from any character of slot j.
      let from = j;
      let best = score[j];
      if (j > 0) {
        for (let k = 0; k < cols[j - 1].length; k++) {
          const s = score[base[j] + k];
          if (s > best) {
            best = s;
            from = base[j] + k;
          }
        }
      }
      if (best > NEG) {
        next[j] = best + lp(t, 0);
        back[bt + j] = from;
      }
      if (j === 0) continue;
      // Characters of slot j: from themselves, the blank after j−1, or a different character of
      // slot j−1 (an equal one would merge into it).
      const prevCols = j > 1 ? cols[j - 2] : undefined;
      let top1 = NEG;
      let top1Col = -1;
      let top1State = -1;
      let top2 = NEG;
      let top2State = -1;
      if (prevCols) {
        for (let k = 0; k < prevCols.length; k++) {
          const s = score[base[j - 1] + k];
          if (s > top1) {
            top2 = top1;
            top2State = top1State;
            top1 = s;
            top1Col = prevCols[k];
            top1State = base[j - 1] + k;
          } else if (s > top2) {
            top2 = s;
            top2State = base[j - 1] + k;
          }
        }
      }
      const slot = cols[j - 1];
      for (let k = 0; k < slot.length; k++) {
        const id = base[j] + k;
        let b = score[id];
        let f = id;
        if (score[j - 1] > b) {
          b = score[j - 1];
          f = j - 1;
        }
        const [pv, ps] = top1Col === slot[k] ? [top2, top2State] : [top1, top1State];
        if (pv > b) {
          b = pv;
          f = ps;
        }
        if (b > NEG) {
          next[id] = b + lp(t, slot[k]);
          back[bt + id] = f;
        }
      }
    }
    [score, next] = [next, score];
  }
  // End in the blank after the last character or on a character of the last slot.
  let end = n;
  let best = score[n];
  for (let k = 0; k < cols[n - 1].length; k++) {
    if (score[base[n] + k] > best) {
      best = score[base[n] + k];
      end = base[n] + k;
    }
  }
  if (!(best > NEG)) return undefined;
  const path = new Int32Array(steps);
  path[steps - 1] = end;
  for (let t = steps - 1; t > 0; t--) path[t - 1] = back[t * states + path[t]];
  // Each run of frames in one character state is one character: its best frame's evidence.
  const chars: CtcChar[] = [];
  let t = 0;
  while (t < steps) {
    const s = path[t];
    if (s <= n) {
      t++;
      continue;
    }
    let j = n;
    while (base[j] > s) j--;
    const col = cols[j - 1][s - base[j]];
    let bestT = t;
    while (t < steps && path[t] === s) {
      if (probs[t * FRAME_COLUMNS + col] > probs[bestT * FRAME_COLUMNS + col]) bestT = t;
      t++;
    }
    chars.push(charAt(probs, bestT, col));
  }
  if (chars.length !== n) return undefined;
  return { text: chars.map((c) => c.char).join(''), chars, logProb: best };
}

function charAt(probs: Float32Array, t: number, col: number): CtcChar {
  const row = t * FRAME_COLUMNS;
  const evidence: Record<string, number> = {};
  let alt: { char: string; prob: number } | undefined;
  for (let k = 1; k < FRAME_COLUMNS; k++) {
    const p = probs[row + k];
    if (p >= MIN_EVIDENCE) evidence[PLATE_ALPHABET[k - 1]] = p;
    if (k !== col && (!alt || p > alt.prob)) alt = { char: PLATE_ALPHABET[k - 1], prob: p };
  }
  return {
    char: PLATE_ALPHABET[col - 1],
    prob: probs[row + col],
    ...(alt ? { alt } : {}),
    probs: evidence,
  };
}

/**
 * Frames with a format's substitutions folded in (US: O counts for 0), so a slot that accepts 0
 * gets the O's probability too.
 */
export function substitutedFrames(
  frames: CtcFrames,
  substitutions: Readonly<Record<string, string>> | undefined,
): CtcFrames {
  if (!substitutions) return frames;
  const pairs = Object.entries(substitutions)
    .map(([from, to]) => [PLATE_ALPHABET.indexOf(from) + 1, PLATE_ALPHABET.indexOf(to) + 1])
    .filter(([a, b]) => a > 0 && b > 0);
  if (pairs.length === 0) return frames;
  const probs = Float32Array.from(frames.probs);
  for (let t = 0; t < frames.steps; t++) {
    const row = t * FRAME_COLUMNS;
    for (const [a, b] of pairs) {
      probs[row + b] += probs[row + a];
      probs[row + a] = 0;
    }
  }
  return { steps: frames.steps, probs };
}

/** A decoded line from its characters: text, mean and lowest probability. */
export function decodedFromChars(chars: CtcChar[], frames?: CtcFrames): CtcDecoded {
  return {
    text: chars.map((c) => c.char).join(''),
    chars,
    confidence: chars.length ? chars.reduce((s, c) => s + c.prob, 0) / chars.length : 0,
    minProb: chars.length ? Math.min(...chars.map((c) => c.prob)) : 0,
    ...(frames ? { frames } : {}),
  };
}
