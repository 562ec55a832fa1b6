import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plateReadSchema } from '../../../../electron/shared/domain/infraction';
import { iou } from '../../../../inference/vision/geometry/primitives';
import { PlateReader } from '../../../../inference/worker/plates/plate-reader';
import { parseTruthLine } from '../../../../tools/commands/eval-plates';
import { fixtures, repoRoot } from '../../../helpers/fixtures';

const platesDir = fixtures.platesUs();
const yolo = fixtures.yolov8n();

/** Fixture images whose plates are clear enough that a reader must get them exactly. */
const KNOWN = ['car12.jpg', 'car13.jpg', 'car19.jpg'];

async function truth(image: string) {
  const t = parseTruthLine(
    await readFile(path.join(platesDir!, image.replace(/\.jpg$/, '.txt')), 'utf8'),
  );
  if (!t) throw new Error(`bad ground truth for ${image}`);
  return t;
}

let reader: PlateReader;
beforeAll(async () => {
  reader = await PlateReader.create({ threads: 1, defaultCountry: 'US', detectionSides: [1280] });
});
afterAll(async () => {
  await reader?.release();
});

describe('PlateReader end to end on OpenALPR fixture images', () => {
  it.skipIf(!platesDir).each(KNOWN)('reads %s exactly and finds its plate box', async (image) => {
    const t = await truth(image);
    const r = await reader.read(await readFile(path.join(platesDir!, image)), { country: 'US' });
    if (!r.ok) throw new Error(`${image}: ${r.reason} ${r.message}`);
    expect(r.plate.text.replace(/[^A-Z0-9]/g, '')).toBe(t.plate);
    expect(plateReadSchema.parse(r.plate)).toEqual(r.plate);
    expect(r.plate.country).toBe('US');
    expect(iou(r.box, t.box)).toBeGreaterThanOrEqual(0.5);
    const meta = await sharp(r.cropJpeg).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.height).toBeGreaterThanOrEqual(48);
    expect(r.candidates[0].text).toBe(r.plate.text);
  });

  it.skipIf(!platesDir)(
    'reads inside a vehicle box and reports the plate box in whole-image pixels',
    async () => {
      const t = await truth('car13.jpg');
      const buf = await readFile(path.join(platesDir!, 'car13.jpg'));
      const { width, height } = await sharp(buf).metadata();
      const pw = t.box.x2 - t.box.x1;
      const vehicleBox = {
        x1: Math.max(0, t.box.x1 - 2 * pw),
        y1: Math.max(0, t.box.y1 - 3 * pw),
        x2: Math.min(width!, t.box.x2 + 2 * pw),
        y2: Math.min(height!, t.box.y2 + pw / 2),
      };
      const r = await reader.read(buf, { country: 'US', vehicleBox });
      if (!r.ok) throw new Error(`${r.reason} ${r.message}`);
      expect(r.plate.text).toBe(t.plate);
      expect(iou(r.box, t.box)).toBeGreaterThanOrEqual(0.5);
    },
  );

  it.skipIf(!platesDir || !yolo)(
    'uses a dedicated detector through the adapter (YOLOv8n cars stand in for plates)',
    async () => {
      // No plate-detector model is among the fixtures: the COCO detector's car class exercises the
      // same adapter path (detect → crop → text detection → read).
      const withDetector = await PlateReader.create({
        threads: 1,
        defaultCountry: 'US',
        plateDetector: { modelPath: yolo!, classes: ['car', 'truck'], scoreThreshold: 0.3 },
      });
      try {
        const t = await truth('car13.jpg');
        const r = await withDetector.read(await readFile(path.join(platesDir!, 'car13.jpg')));
        if (!r.ok) throw new Error(`${r.reason} ${r.message}`);
        expect(r.plate.text).toBe(t.plate);
      } finally {
        await withDetector.release();
      }
    },
  );
});

describe('PlateReader on Brazilian fixture images (strict layouts)', () => {
  const brDir = fixtures.platesBr();
  const read = async (r: PlateReader, image: string) => {
    const out = await r.read(await readFile(path.join(brDir!, image)), { country: 'BR' });
    if (!out.ok) throw new Error(`${image}: ${out.reason} ${out.message}`);
    return out;
  };

  it.skipIf(!brDir)(
    "votes an old plate's round O over one crop's D, and keeps the best crop when told not to",
    async () => {
      const br = await PlateReader.create({ threads: 1, defaultCountry: 'BR' });
      const noVote = await PlateReader.create({
        threads: 1,
        defaultCountry: 'BR',
        characterVote: false,
      });
      try {
        expect((await read(br, 'OLA1208.jpg')).plate).toMatchObject({
          text: 'OLA-1208',
          format: 'br-old',
        });
        expect((await read(noVote, 'OLA1208.jpg')).plate.text).toBe('DLA-1208');
      } finally {
        await Promise.all([br.release(), noVote.release()]);
      }
    },
  );

  it.skipIf(!brDir)("reads the nearest vehicle's plate, not a distant car's", async () => {
    const br = await PlateReader.create({ threads: 1, defaultCountry: 'BR' });
    try {
      const t = parseTruthLine(await readFile(path.join(brDir!, 'PJI5921.txt'), 'utf8'))!;
      const r = await read(br, 'PJI5921.jpg');
      expect(r.plate.text).toBe('PJI-5921');
      expect(iou(r.box, t.box)).toBeGreaterThanOrEqual(0.5);
      // The distant car's plate is still a candidate, ranked below.
      expect(r.candidates.map((c) => c.text)).toContain('NTV-0170');
    } finally {
      await br.release();
    }
  });
});

describe('PlateReader on bad input: "no plate" with a reason, never a throw', () => {
  it('a generated flat image', async () => {
    const flat = await sharp({
      create: { width: 320, height: 240, channels: 3, background: { r: 128, g: 120, b: 110 } },
    })
      .jpeg()
      .toBuffer();
    const r = await reader.read(flat);
    expect(r).toMatchObject({ ok: false, reason: 'plates.reason.noText' });
  });

  it.skipIf(!fixtures.image('horses.jpg'))(
    'a crop with no plate in it (grass and horses)',
    async () => {
      const img = await sharp(fixtures.image('horses.jpg')!)
        .extract({ left: 0, top: 300, width: 300, height: 200 })
        .png()
        .toBuffer();
      const r = await reader.read(img);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(['plates.reason.noText', 'plates.reason.notFound']).toContain(r.reason);
    },
  );

  it('random noise', async () => {
    const w = 200;
    const h = 120;
    const px = Buffer.alloc(w * h * 3);
    let s = 12345;
    for (let i = 0; i < px.length; i++) px[i] = (s = (s * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    const r = await reader.read(
      await sharp(px, { raw: { width: w, height: h, channels: 3 } })
        .png()
        .toBuffer(),
    );
    expect(r.ok).toBe(false);
  });

  it.skipIf(!platesDir)('a tiny crop', async () => {
    const t = await truth('car13.jpg');
    const tiny = await sharp(path.join(platesDir!, 'car13.jpg'))
      .extract({ left: Math.round(t.box.x1), top: Math.round(t.box.y1), width: 16, height: 10 })
      .png()
      .toBuffer();
    expect(await reader.read(tiny)).toMatchObject({ ok: false, reason: 'plates.reason.tooSmall' });
  });

  it.skipIf(!platesDir)('an upside-down crop', async () => {
    const t = await truth('car13.jpg');
    const w = t.box.x2 - t.box.x1;
    const h = t.box.y2 - t.box.y1;
    const crop = await sharp(path.join(platesDir!, 'car13.jpg'))
      .extract({
        left: Math.round(t.box.x1 - w / 2),
        top: Math.round(t.box.y1 - h),
        width: Math.round(2 * w),
        height: Math.round(3 * h),
      })
      .rotate(180)
      .jpeg()
      .toBuffer();
    const r = await reader.read(crop, { country: 'US' });
    expect(r).toMatchObject({ ok: false, reason: 'plates.reason.upsideDown' });
  });

  it('corrupt and empty data', async () => {
    const jpegStart = Buffer.from([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01,
    ]);
    for (const bad of [Buffer.alloc(0), Buffer.from('not an image at all'), jpegStart]) {
      const r = await reader.read(bad);
      expect(r).toMatchObject({ ok: false, reason: 'plates.reason.badImage' });
      if (!r.ok) expect(r.message.length).toBeGreaterThan(0);
    }
  });

  it('a vehicle box outside the image or not a box', async () => {
    const img = await sharp({
      create: { width: 100, height: 100, channels: 3, background: '#808080' },
    })
      .png()
      .toBuffer();
    expect(
      await reader.read(img, { vehicleBox: { x1: 500, y1: 500, x2: 600, y2: 600 } }),
    ).toMatchObject({
      ok: false,
      reason: 'plates.reason.badInput',
    });
    expect(
      await reader.read(img, { vehicleBox: { x1: 10, y1: Number.NaN, x2: 5, y2: 50 } }),
    ).toMatchObject({
      ok: false,
      reason: 'plates.reason.badInput',
    });
  });
});

describe('watcher eval-plates', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(!platesDir)(
    'prints recall, exact match, CER and time as JSON on a small folder',
    async () => {
      // Links to the fixtures in a temporary folder: the command reads them in place.
      dir = await mkdtemp(path.join(tmpdir(), 'watcher-eval-plates-'));
      for (const name of ['car12', 'car13']) {
        for (const ext of ['.jpg', '.txt'])
          await symlink(path.join(platesDir!, name + ext), path.join(dir, name + ext));
      }
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'tools/cli.ts', 'eval-plates', dir, '--json', '--sides', '1280'],
        { cwd: repoRoot, timeout: 90_000 },
      );
      const out = JSON.parse(stdout);
      expect(out).toMatchObject({
        images: 2,
        country: 'US',
        exactMatch: 1,
        detectionRecall: 1,
        cer: 0,
      });
      expect(out.msPerImage.mean).toBeGreaterThan(0);
      expect(out.perImage).toHaveLength(2);
      expect(stderr).toContain('eval-plates 2/2');
    },
  );

  it('rejects bad arguments with exit code 2', async () => {
    const run = promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'tools/cli.ts', 'eval-plates', '--limit', 'x'],
      {
        cwd: repoRoot,
      },
    );
    await expect(run).rejects.toMatchObject({ code: 2 });
  });
});
