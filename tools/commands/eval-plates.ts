import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { COUNTRY_CODES, type CountryCode } from '../../electron/shared/domain/plate-country';
import { compactPlate } from '../../inference/vision/plates/formats';
import { iou, type Box } from '../../inference/vision/geometry/primitives';
import { PlateReader } from '../../inference/worker/plates/plate-reader';
import { parseCommandArgs, type CliCommand } from '../../electron/host/cli/command';

const usage = `watcher eval-plates <dir> [--json] [--limit N] [--country US] [--threads N] [--sides 960,1280] [--verbose]

Reads every image of <dir> that has OpenALPR-style ground truth (<image>.txt holding
image<TAB>x<TAB>y<TAB>w<TAB>h<TAB>PLATE), reads its plate on the whole image (no vehicle crop) and prints:
  detection recall   chosen plate box with IoU >= 0.5 against the ground-truth box
  exact match        whole plate string equal (separators ignored)
  CER                character error rate (edit distance / ground-truth characters)
  time per image     mean, p50 and p95 of the read
Options:
  --country C   plate formats to normalise to (${COUNTRY_CODES.join(', ')}); default US
  --limit N     only the first N images (sorted by name)
  --threads N   onnxruntime threads per model (default 1)
  --sides L     text-detector long sides, comma-separated (multi-scale); default 1280
  --verbose     one line per image: truth, read, IoU, time`;

export interface PlateTruth {
  image: string;
  box: Box;
  plate: string;
}

/** Parses one OpenALPR ground-truth line; undefined when it is not one. */
export function parseTruthLine(line: string): PlateTruth | undefined {
  const f = line.trim().split('\t');
  if (f.length < 6) return undefined;
  const [x, y, w, h] = f.slice(1, 5).map(Number);
  if (![x, y, w, h].every(Number.isFinite) || w <= 0 || h <= 0) return undefined;
  const plate = compactPlate(f[5]);
  if (!plate) return undefined;
  return { image: f[0], box: { x1: x, y1: y, x2: x + w, y2: y + h }, plate };
}

export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export interface PlateEvalReport {
  images: number;
  country: CountryCode;
  detectionRecall: number;
  exactMatch: number;
  cer: number;
  msPerImage: { mean: number; p50: number; p95: number };
  perImage: {
    image: string;
    truth: string;
    read: string;
    iou: number;
    ms: number;
    reason?: string;
  }[];
}

/** Reads every ground-truth image with `reader` and scores it; prints a progress line to stderr. */
export async function evaluatePlates(
  dir: string,
  items: readonly PlateTruth[],
  reader: PlateReader,
  opts: { country: CountryCode; verbose?: boolean },
): Promise<PlateEvalReport> {
  let detected = 0;
  let exact = 0;
  let editSum = 0;
  let charSum = 0;
  const times: number[] = [];
  const perImage: PlateEvalReport['perImage'] = [];
  const started = Date.now();
  for (let i = 0; i < items.length; i++) {
    const t = items[i];
    let buf: Buffer;
    try {
      buf = await readFile(path.join(dir, t.image));
    } catch {
      // A missing image is scored as unread (the reader reports a bad image), not skipped.
      buf = Buffer.alloc(0);
    }
    const t0 = performance.now();
    const r = await reader.read(buf, { country: opts.country });
    const ms = performance.now() - t0;
    times.push(ms);
    const read = r.ok ? compactPlate(r.plate.text) : '';
    const overlap = r.ok ? iou(r.box, t.box) : 0;
    if (overlap >= 0.5) detected++;
    if (read === t.plate) exact++;
    editSum += editDistance(read, t.plate);
    charSum += t.plate.length;
    perImage.push({
      image: t.image,
      truth: t.plate,
      read,
      iou: Math.round(overlap * 100) / 100,
      ms: Math.round(ms),
      ...(r.ok ? {} : { reason: r.reason }),
    });
    if (opts.verbose) {
      process.stderr.write(
        `${read === t.plate ? 'OK  ' : 'MISS'} ${t.image} truth=${t.plate} read=${read || '-'} iou=${overlap.toFixed(2)} ${Math.round(ms)}ms${r.ok ? '' : ` ${r.reason}`}\n`,
      );
    }
    const done = i + 1;
    if (done === items.length || done % 10 === 0 || process.stderr.isTTY) {
      const line = `eval-plates ${done}/${items.length}  exact ${((100 * exact) / done).toFixed(1)}%  ${((Date.now() - started) / done).toFixed(0)} ms/image`;
      process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
    }
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  const sorted = [...times].sort((a, b) => a - b);
  return {
    images: items.length,
    country: opts.country,
    detectionRecall: detected / items.length,
    exactMatch: exact / items.length,
    cer: charSum ? editSum / charSum : 0,
    msPerImage: {
      mean: times.reduce((s, v) => s + v, 0) / times.length,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
    },
    perImage,
  };
}

/** Ground truth of every image in `dir` (one `<image>.txt` each), sorted by file name. */
export async function loadPlateTruths(dir: string): Promise<PlateTruth[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.txt')).sort();
  const truths: PlateTruth[] = [];
  for (const n of names) {
    const line = (await readFile(path.join(dir, n), 'utf8')).split(/\r?\n/).find((l) => l.trim());
    const t = line ? parseTruthLine(line) : undefined;
    if (t) truths.push(t);
  }
  return truths;
}

export const command: CliCommand = {
  name: 'eval-plates',
  summary: 'Measure plate detection and reading on an OpenALPR-style benchmark folder',
  usage,
  async run(argv) {
    const parsed = parseCommandArgs('eval-plates', usage, argv, {
      json: { type: 'boolean', default: false },
      limit: { type: 'string' },
      country: { type: 'string', default: 'US' },
      threads: { type: 'string', default: '1' },
      sides: { type: 'string' },
      verbose: { type: 'boolean', default: false },
    });
    if (!parsed) return 2;
    const { values, positionals } = parsed;
    const dir = positionals[0];
    const limit = values.limit === undefined ? Infinity : Number(values.limit);
    const threads = Number(values.threads);
    const sides = values.sides?.split(',').map(Number);
    const country = values.country.toUpperCase() as CountryCode;
    if (
      !dir ||
      !(limit > 0) ||
      !Number.isInteger(threads) ||
      threads < 1 ||
      !(sides ?? []).every((s) => Number.isFinite(s) && s >= 64) ||
      !COUNTRY_CODES.includes(country)
    ) {
      process.stderr.write(`watcher eval-plates: invalid arguments\n\n${usage}\n`);
      return 2;
    }

    let truths: PlateTruth[];
    try {
      truths = await loadPlateTruths(dir);
    } catch (err) {
      process.stderr.write(`watcher eval-plates: cannot read ${dir}: ${(err as Error).message}\n`);
      return 2;
    }
    const items = truths.slice(0, Math.min(truths.length, limit));
    if (items.length === 0) {
      process.stderr.write(`watcher eval-plates: no OpenALPR ground truth (*.txt) in ${dir}\n`);
      return 2;
    }

    const reader = await PlateReader.create({
      threads,
      detectionSides: sides,
      defaultCountry: country,
    });
    const report = await evaluatePlates(dir, items, reader, { country, verbose: values.verbose });
    await reader.release();
    const { perImage, ...summary } = { ...report, threads, sides: sides ?? 'default' };
    const detected = Math.round(summary.detectionRecall * summary.images);
    const exact = Math.round(summary.exactMatch * summary.images);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ ...summary, perImage })}\n`);
    } else {
      const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
      process.stdout.write(
        [
          `Plates benchmark: ${dir} (${summary.images} images, country ${country}, threads ${threads}, sides ${String(summary.sides)})`,
          `  detection recall (IoU >= 0.5)  ${pct(summary.detectionRecall)}  (${detected}/${summary.images})`,
          `  exact match                    ${pct(summary.exactMatch)}  (${exact}/${summary.images})`,
          `  character error rate           ${pct(summary.cer)}`,
          `  time per image                 mean ${summary.msPerImage.mean.toFixed(0)} ms, p50 ${summary.msPerImage.p50.toFixed(0)} ms, p95 ${summary.msPerImage.p95.toFixed(0)} ms`,
          '',
        ].join('\n'),
      );
    }
    return 0;
  },
};
