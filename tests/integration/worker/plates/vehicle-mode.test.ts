import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlateReader } from '../../../../inference/worker/plates/plate-reader';
import { cropImage, decodeImage } from '../../../../inference/worker/plates/image-io';
import { parseTruthLine } from '../../../../tools/commands/eval-plates';
import { vehicleCropAround } from '../../../../tools/bench/plates';
import { fixtures } from '../../../helpers/fixtures';

const platesDir = fixtures.platesUs();
if (!platesDir) console.log('skipping vehicle-mode plate reads: the US plate fixtures are absent');

let reader: PlateReader;
beforeAll(async () => {
  reader = await PlateReader.create({ threads: 1 });
});
afterAll(async () => {
  await reader?.release();
});

describe('PlateReader vehicle mode (the live path) on a vehicle crop', () => {
  it.skipIf(!platesDir).each(['car12.jpg', 'car19.jpg'])(
    'reads %s on its vehicle crop with the lighter search',
    async (image) => {
      const t = parseTruthLine(
        await readFile(path.join(platesDir!, image.replace(/\.jpg$/, '.txt')), 'utf8'),
      )!;
      const img = await decodeImage(await readFile(path.join(platesDir!, image)));
      const c = vehicleCropAround(t.box, img.width, img.height);
      const crop = cropImage(img, c.x1, c.y1, c.x2 - c.x1, c.y2 - c.y1)!;
      const r = await reader.readImage(crop, { country: 'US', mode: 'vehicle' });
      if (!r.ok) throw new Error(`${image}: ${r.reason} ${r.message}`);
      expect(r.plate.text.replace(/[^A-Z0-9]/g, '')).toBe(t.plate);
      expect(r.plate.country).toBe('US');
      expect(r.plate.format).toMatch(/^us-/);
    },
  );
  it.skipIf(!platesDir)('reports the winning country in auto mode', async () => {
    const t = parseTruthLine(await readFile(path.join(platesDir!, 'car12.txt'), 'utf8'))!;
    const img = await decodeImage(await readFile(path.join(platesDir!, 'car12.jpg')));
    const c = vehicleCropAround(t.box, img.width, img.height);
    const crop = cropImage(img, c.x1, c.y1, c.x2 - c.x1, c.y2 - c.y1)!;
    const r = await reader.readImage(crop, { country: 'auto', mode: 'vehicle' });
    if (!r.ok) throw new Error(`${r.reason} ${r.message}`);
    expect(r.plate.country).toBeDefined();
    expect(r.plate.unknownFormat ?? false).toBe(!r.plate.format);
  });
});
