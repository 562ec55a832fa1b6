import type { CtcChar, CtcDecoded, PlateCharset } from './ctc';
import { ctcGreedyDecode, MIN_EVIDENCE } from './ctc';

/**
 * Dedicated plate-OCR models a user brings, beside PP-OCR: what their config says and how their
 * output becomes plate text. Two layouts:
 * - `slots`: one classification head per character slot, [N, slots, alphabet] (or flattened
 *   [N, slots × alphabet]) probabilities, short plates padded with `padChar` (fast-plate-ocr);
 * - `ctc`: a fixed number of time steps, [N, T, C] probabilities, class `blankIndex` the CTC blank.
 * Pure: the worker runs the model, this reads its config and its numbers.
 */
export interface PlateOcrConfig {
  layout: 'slots' | 'ctc';
  /** Every class in output order (for `slots` the pad character is one of them). */
  alphabet: string;
  /** `slots`: the padding character of short plates. */
  padChar: string;
  /** `slots`: number of character slots (classification heads). */
  maxPlateSlots: number;
  /** `ctc`: index of the blank class. */
  blankIndex: number;
  imgHeight: number;
  imgWidth: number;
  colorMode: 'grayscale' | 'rgb';
  /** Letterbox the plate into the input (true) or stretch it to the input's size (false). */
  keepAspectRatio: boolean;
  /** Grey level of the letterbox padding. */
  paddingColor: number;
}

export type PlateOcrConfigResult =
  | { ok: true; config: PlateOcrConfig }
  | { ok: false; code: 'plates.ocr.error.config'; detail: string };

/**
 * The scalar `key: value` lines of a YAML file (fast-plate-ocr's plate config is flat), comments
 * and blank lines skipped; quoted strings unquoted. Nested or multi-line YAML is not a plate config.
 */
export function parseFlatYaml(text: string): Record<string, YamlScalar | YamlScalar[]> | string {
  const out: Record<string, YamlScalar | YamlScalar[]> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/^\uFEFF/, '');
    if (/^\s*(#.*)?$/.test(line) || line.trim() === '---') continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*)$/.exec(line);
    if (!m) return `line ${i + 1} is not "key: value"`;
    let raw = m[2].trim();
    if (raw.startsWith("'") || raw.startsWith('"')) {
      const q = raw[0];
      const end = raw.lastIndexOf(q);
      if (end <= 0) return `line ${i + 1}: unterminated string`;
      const body = raw.slice(1, end);
      out[m[1]] = q === "'" ? body.replace(/''/g, "'") : body.replace(/\\"/g, '"');
      continue;
    }
    raw = raw.replace(/\s+#.*$/, '');
    if (raw === '') return `line ${i + 1}: "${m[1]}" has no value`;
    // A flow list (`padding_color: [114, 114, 114]`).
    const list = /^\[(.*)\]$/.exec(raw);
    out[m[1]] = list
      ? list[1].split(',').map((v) => yamlScalar(v.trim().replace(/^['"]|['"]$/g, '')))
      : yamlScalar(raw);
  }
  return out;
}

type YamlScalar = string | number | boolean;

function yamlScalar(raw: string): YamlScalar {
  if (/^(true|false)$/i.test(raw)) return raw.toLowerCase() === 'true';
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  return raw;
}

/**
 * A plate-OCR config from its text: fast-plate-ocr's YAML (or the same keys as JSON), plus
 * Watcher's `layout` (`slots` default, or `ctc`) and `blank_index` for CTC models.
 */
export function parsePlateOcrConfig(text: string): PlateOcrConfigResult {
  const fail = (detail: string): PlateOcrConfigResult => ({
    ok: false,
    code: 'plates.ocr.error.config',
    detail,
  });
  let raw: unknown;
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      raw = JSON.parse(trimmed);
    } catch (e) {
      return fail(`not valid JSON (${e instanceof Error ? e.message : String(e)})`);
    }
  } else {
    raw = parseFlatYaml(text);
    if (typeof raw === 'string') return fail(raw);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return fail('not a key/value map');
  const r = raw as Record<string, unknown>;
  const int = (k: string, min: number, max: number, dflt?: number): number | string => {
    const v = r[k] ?? dflt;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      return `${k} must be an integer from ${min} to ${max}`;
    return v;
  };
  const layout = r.layout ?? 'slots';
  if (layout !== 'slots' && layout !== 'ctc') return fail('layout must be "slots" or "ctc"');
  const alphabet = r.alphabet;
  if (typeof alphabet !== 'string' || [...alphabet].length < 2)
    return fail('alphabet must be a string of at least 2 characters');
  const chars = [...alphabet];
  if (new Set(chars).size !== chars.length) return fail('alphabet repeats a character');
  const padChar = r.pad_char ?? '_';
  if (layout === 'slots' && (typeof padChar !== 'string' || [...padChar].length !== 1))
    return fail('pad_char must be one character');
  if (layout === 'slots' && !chars.includes(padChar as string))
    return fail(`pad_char "${String(padChar)}" is not in the alphabet`);
  const slots = layout === 'slots' ? int('max_plate_slots', 1, 32) : 0;
  const blank = layout === 'ctc' ? int('blank_index', 0, chars.length - 1, 0) : 0;
  const h = int('img_height', 1, 1024);
  const w = int('img_width', 1, 4096);
  // fast-plate-ocr writes the padding colour as [R, G, B]; one grey level is kept.
  const padRaw = r.padding_color;
  if (
    Array.isArray(padRaw) &&
    padRaw.length === 3 &&
    padRaw.every((v) => typeof v === 'number' && v >= 0 && v <= 255)
  )
    r.padding_color = Math.round((padRaw as number[]).reduce((a, b) => a + b, 0) / 3);
  const pad = int('padding_color', 0, 255, 114);
  for (const v of [slots, blank, h, w, pad]) if (typeof v === 'string') return fail(v);
  const colorMode = r.image_color_mode ?? 'grayscale';
  if (colorMode !== 'grayscale' && colorMode !== 'rgb')
    return fail('image_color_mode must be "grayscale" or "rgb"');
  const keep = r.keep_aspect_ratio ?? false;
  if (typeof keep !== 'boolean') return fail('keep_aspect_ratio must be true or false');
  return {
    ok: true,
    config: {
      layout,
      alphabet,
      padChar: layout === 'slots' ? (padChar as string) : '',
      maxPlateSlots: slots as number,
      blankIndex: blank as number,
      imgHeight: h as number,
      imgWidth: w as number,
      colorMode,
      keepAspectRatio: keep,
      paddingColor: pad as number,
    },
  };
}

/** What the model's output must look like for its config; undefined when it fits. */
export function checkPlateOcrOutput(
  config: PlateOcrConfig,
  dims: readonly number[],
): string | undefined {
  const k = [...config.alphabet].length;
  if (config.layout === 'slots') {
    const flat = dims.length === 2 && dims[1] === config.maxPlateSlots * k;
    const shaped = dims.length === 3 && dims[1] === config.maxPlateSlots && dims[2] === k;
    return flat || shaped
      ? undefined
      : `expected [N, ${config.maxPlateSlots}, ${k}] (or [N, ${config.maxPlateSlots * k}]), got [${dims.join(', ')}]`;
  }
  return dims.length === 3 && dims[2] === k
    ? undefined
    : `expected [N, T, ${k}], got [${dims.join(', ')}]`;
}

/**
 * Per-slot argmax of one plate (`slots` × alphabet probabilities from `offset`): pad slots are
 * dropped wherever they are, every kept character carries its runner-up and its slot's
 * probabilities (the format fixes decide O/0, I/1 with them, as for PP-OCR's reads).
 */
export function decodeSlots(
  probs: Float32Array,
  config: Pick<PlateOcrConfig, 'alphabet' | 'padChar' | 'maxPlateSlots'>,
  offset = 0,
): CtcDecoded {
  const alphabet = [...config.alphabet];
  const k = alphabet.length;
  const out: CtcChar[] = [];
  for (let s = 0; s < config.maxPlateSlots; s++) {
    const row = offset + s * k;
    let best = 0;
    let second = -1;
    for (let c = 1; c < k; c++) {
      if (probs[row + c] > probs[row + best]) {
        second = best;
        best = c;
      } else if (second < 0 || probs[row + c] > probs[row + second]) second = c;
    }
    if (alphabet[best] === config.padChar) continue;
    const evidence: Record<string, number> = {};
    for (let c = 0; c < k; c++) {
      const p = probs[row + c];
      if (alphabet[c] !== config.padChar && p >= MIN_EVIDENCE)
        evidence[alphabet[c].toUpperCase()] = p;
    }
    const alt =
      second >= 0 && alphabet[second] !== config.padChar
        ? { char: alphabet[second].toUpperCase(), prob: probs[row + second] }
        : undefined;
    out.push({
      char: alphabet[best].toUpperCase(),
      prob: probs[row + best],
      ...(alt ? { alt } : {}),
      probs: evidence,
    });
  }
  const text = out.map((c) => c.char).join('');
  const confidence = out.length ? out.reduce((a, c) => a + c.prob, 0) / out.length : 0;
  const minProb = out.length ? Math.min(...out.map((c) => c.prob)) : 0;
  return { text, chars: out, confidence, minProb };
}

/** The CTC charset of a config's alphabet: its blank first, then every other class. */
export function ctcCharsetOf(
  config: Pick<PlateOcrConfig, 'alphabet' | 'blankIndex'>,
): PlateCharset {
  const alphabet = [...config.alphabet];
  const indices = [config.blankIndex];
  const chars = [''];
  alphabet.forEach((ch, i) => {
    if (i === config.blankIndex) return;
    indices.push(i);
    chars.push(ch.toUpperCase());
  });
  return { indices: Int32Array.from(indices), chars };
}

/** One plate of a model output, either layout. */
export function decodePlateOcr(
  probs: Float32Array,
  dims: readonly number[],
  config: PlateOcrConfig,
  index: number,
): CtcDecoded {
  const k = [...config.alphabet].length;
  if (config.layout === 'slots')
    return decodeSlots(probs, config, index * config.maxPlateSlots * k);
  const steps = dims[1];
  return ctcGreedyDecode(probs, steps, k, ctcCharsetOf(config), index * steps * k);
}
