import type { Box } from '../geometry/primitives';
import { quadBounds, quadSize, type Quad } from './geometry';
import { fixCost, plateFormatById, type NormalizedPlate } from './formats';

/** One text region that might be the plate, with what the recogniser made of it. */
export interface PlateCandidateInput {
  /** Text quad in the searched image's pixels. */
  quad: Quad;
  /** Size of the searched image. */
  frame: { width: number; height: number };
  /** The vehicle inside the searched image, when known: plates sit low and central on it. */
  vehicleBox?: Box;
  read?: { text: string; confidence: number; minProb: number };
  normalized?: NormalizedPlate;
  /** The whole plate this line implies (see the format's proportions): it must fit in the image. */
  plateQuad?: Quad;
  /** Whether the line's characters are darker than their ground (as on every supported plate). */
  darkOnLight?: boolean;
}

/**
 * Each factor is 0..1, kept apart so a reviewer can see why a line won:
 *   score = aspect · size · inside · polarity · (0.2·position + 0.35·format + 0.45·ocr)
 * Geometry gates (a line of the wrong shape, too small, or whose plate would stick out of the
 * image is not a plate however well it reads); position, format and OCR confidence add up.
 */
export interface CandidateFactors {
  aspect: number;
  size: number;
  inside: number;
  /** 1 for dark characters on a light ground, 0.85 for light on dark (rarer on plates, usual for overlays). */
  polarity: number;
  position: number;
  format: number;
  ocr: number;
}

export interface ScoredCandidate {
  score: number;
  factors: CandidateFactors;
}

export const CANDIDATE_WEIGHTS = { position: 0.2, format: 0.35, ocr: 0.45 } as const;

/** Rises linearly from 0 at a to 1 at b, stays 1 up to c, falls to 0 at d. */
function trapezoid(v: number, a: number, b: number, c: number, d: number): number {
  if (v <= a || v >= d) return 0;
  if (v < b) return (v - a) / (b - a);
  if (v <= c) return 1;
  return (d - v) / (d - c);
}

/**
 * Geometry-only score of a text region (no recognition needed): cheap, so it decides which regions
 * are worth recognising. A plate's text line is 2–7 times wider than tall and tall enough to read.
 */
export function geometryFactors(
  c: Pick<PlateCandidateInput, 'quad' | 'frame' | 'vehicleBox' | 'plateQuad'>,
): Pick<CandidateFactors, 'aspect' | 'size' | 'inside' | 'position'> {
  const { width, height } = quadSize(c.quad);
  const aspect = trapezoid(width / Math.max(1, height), 0.8, 2, 7, 12);
  // Below ~10 px a character is not legible; a text line filling the image is a sign, not a plate.
  const size = trapezoid(
    height,
    6,
    12,
    Math.max(13, c.frame.height * 0.5),
    Math.max(14, c.frame.height * 0.9),
  );
  let position = 1;
  if (c.vehicleBox) {
    const b = quadBounds(c.quad);
    const v = c.vehicleBox;
    const vw = Math.max(1, v.x2 - v.x1);
    const vh = Math.max(1, v.y2 - v.y1);
    const cy = ((b.y1 + b.y2) / 2 - v.y1) / vh;
    const cx = ((b.x1 + b.x2) / 2 - v.x1) / vw;
    // Plates sit in the lower part of a vehicle, roughly centred (front or rear view).
    position = trapezoid(cy, 0.15, 0.45, 1.0, 1.1) * trapezoid(cx, -0.05, 0.15, 0.85, 1.05);
  }
  let inside = 1;
  if (c.plateQuad) {
    const p = quadBounds(c.plateQuad);
    const area = Math.max(1e-6, (p.x2 - p.x1) * (p.y2 - p.y1));
    const iw = Math.max(0, Math.min(p.x2, c.frame.width) - Math.max(p.x1, 0));
    const ih = Math.max(0, Math.min(p.y2, c.frame.height) - Math.max(p.y1, 0));
    // Overlays (timestamps, camera names) hug the image border; a real plate sits wholly inside.
    inside = trapezoid((iw * ih) / area, 0.75, 0.97, 1.01, 1.02);
  }
  return { aspect, size, inside, position };
}

/**
 * How well the normalised text fits a plate format: fixed templates (and the US serial layouts) 1,
 * free-form 0.7 (halved for letters only, ×0.85 for digits only, −20 % per character short of the
 * typical length), −0.1 per confusion fix (weighted by how much of a guess it was, see `CharFix.cost`).
 */
export function formatFactor(n: NormalizedPlate | undefined): number {
  if (!n || !n.matched || n.compact.length === 0) return 0;
  const format = n.formatId ? plateFormatById(n.formatId) : undefined;
  let f = format?.length ? 0.7 : 1;
  if (format?.length) {
    // Judge the read as it came, before format-wide substitutions (US O→0) invented a digit.
    const asRead = [...n.compact];
    for (const x of n.fixes) asRead[x.index] = x.from;
    const read = asRead.join('');
    // Free-form plates almost always mix letters and digits: a letters-only line is more often a
    // badge or a word, a digits-only one a phone, fleet or bus number or a timestamp.
    if (!/[0-9]/.test(read)) f *= 0.5;
    else if (!/[A-Z]/.test(read)) f *= looksLikeDate(read) ? 0.2 : 0.85;
    // A short free-form read is more often a sticker, a badge or half a plate than a vanity plate.
    const typical = format.typicalLength;
    if (typical && n.compact.length < typical.min)
      f *= Math.max(0.2, 1 - 0.2 * (typical.min - n.compact.length));
  }
  // Substitutions that the format applies to every read (US O→0) are not doubts about this read.
  return Math.max(0, f - 0.1 * fixCost(n.fixes));
}

/**
 * Whether a digits-only read starts like a burned-in camera date (ISO order: a year of this or the
 * last century, then a month): "2014-05-13 07:25" reads as 201405130725.
 */
export function looksLikeDate(digits: string): boolean {
  return digits.length >= 6 && /^(19|20)\d\d(0[1-9]|1[0-2])/.test(digits);
}

export function scoreCandidate(c: PlateCandidateInput): ScoredCandidate {
  const g = geometryFactors(c);
  const ocr = c.read ? 0.5 * c.read.confidence + 0.5 * c.read.minProb : 0;
  const polarity = c.darkOnLight === false ? 0.85 : 1;
  const factors: CandidateFactors = { ...g, polarity, format: formatFactor(c.normalized), ocr };
  return { score: scoreOf(factors), factors };
}

/** The candidate score of a set of factors (see {@link CandidateFactors}). */
export function scoreOf(f: CandidateFactors): number {
  const w = CANDIDATE_WEIGHTS;
  return (
    f.aspect *
    f.size *
    f.inside *
    f.polarity *
    (w.position * f.position + w.format * f.format + w.ocr * f.ocr)
  );
}

/**
 * Position factor of a text line in a whole image (no vehicle known): how prominent it is next
 * to the tallest line that reads as a plate of a fixed layout. A photo or a frame with several
 * vehicles is about the nearest one, whose plate is the largest; a distant car's plate, read as
 * crisply, must not win. 1 from 3/4 of that height up, falling linearly to 0 at 1/4 of it.
 */
export function prominence(height: number, tallestPlate: number): number {
  if (!(tallestPlate > 0)) return 1;
  return trapezoid(height / tallestPlate, 0.25, 0.75, Infinity, Infinity);
}

/**
 * The score a line could reach with a better read: its OCR factor moved `hope` of the way to 1.
 * Deciding which lines deserve every read variant from one quick read, a badly read plate (low
 * OCR confidence, plate-like format) must not rank below a crisply read word (a dealer name, a
 * sign) that no other crop will turn into a plate.
 */
export function hopefulScore(f: CandidateFactors, hope = 0.5): number {
  const w = CANDIDATE_WEIGHTS;
  const ocr = f.ocr + hope * (1 - f.ocr);
  return (
    f.aspect *
    f.size *
    f.inside *
    f.polarity *
    (w.position * f.position + w.format * f.format + w.ocr * ocr)
  );
}

/** How much lower a read one end character longer may score and still stand for its line. */
export const CLIPPED_END_MARGIN = 0.1;
/** How sure the recogniser must be of that extra end character. */
export const CLIPPED_END_MIN_PROB = 0.9;

/** One read of a text line, as {@link unclippedRead} weighs it. */
export interface LineReadView {
  /** Normalised compact text. */
  compact: string;
  /** Whether it fits a format. */
  matched: boolean;
  /** Per character of `compact`, the recogniser's probability. */
  probs: readonly number[];
  score: number;
}

/**
 * A line's read with the end character a tight crop clipped: the text detector's box often
 * shaves a narrow first or last character off a plate, and the crop without it can read crisply
 * and score best. A read of the same line (a looser margin) that spells the best read plus one
 * end character, that character sure (`CLIPPED_END_MIN_PROB`), fitting a format and scoring
 * within `CLIPPED_END_MARGIN` of the best, saw more of the plate and stands instead; again,
 * while such a read exists (two clipped characters). `best` when none does.
 */
export function unclippedRead<T>(best: T, reads: readonly T[], view: (r: T) => LineReadView): T {
  let lead = best;
  const top = view(best).score;
  for (;;) {
    const b = view(lead).compact;
    let pick: T | undefined;
    for (const r of reads) {
      const v = view(r);
      if (!v.matched || v.compact.length !== b.length + 1 || v.probs.length !== v.compact.length)
        continue;
      if (v.score < top - CLIPPED_END_MARGIN) continue;
      const extra = v.compact.startsWith(b)
        ? v.probs[v.compact.length - 1]
        : v.compact.endsWith(b)
          ? v.probs[0]
          : undefined;
      if (extra === undefined || !(extra >= CLIPPED_END_MIN_PROB)) continue;
      if (pick === undefined || v.score > view(pick).score) pick = r;
    }
    if (pick === undefined) return lead;
    lead = pick;
  }
}
