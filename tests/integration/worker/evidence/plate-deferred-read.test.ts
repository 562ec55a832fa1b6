import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { SceneInfraction } from '../../../../inference/vision/rules/rule-engine';
import { EvidenceWriter } from '../../../../inference/worker/evidence/evidence-writer';
import { verifyEvidenceStore } from '../../../../inference/worker/evidence/verify';
import {
  plateReaderForInfractions,
  type VehiclePlateRead,
  type VehiclePlateReader,
} from '../../../../inference/worker/scene/plate-reading';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import { parseTruthLine } from '../../../../tools/commands/eval-plates';
import { vehicleCropAround } from '../../../../tools/bench/plates';
import { fixtures } from '../../../helpers/fixtures';
import { speedInfraction } from '../../../helpers/speed-infraction';

const plates = fixtures.platesUs();
if (!plates)
  console.log('skipped: the US plate photos (WATCHER_SHARED_DIR fixtures/plates/us) are absent');

const infraction = (cameraId: string, box: SceneInfraction['box']) =>
  speedInfraction({ cameraId, box, trackId: 11, frameId: 5 });

const compact = (t: string | undefined) => t?.replace(/[^A-Z0-9]/g, '');

/** The worker's real reader, with every fast and thorough read it gives seen by the test. */
function observedReader() {
  const base = plateReaderForInfractions(() => undefined, 'US');
  const fast: Array<VehiclePlateRead | undefined> = [];
  const thorough: Array<VehiclePlateRead | undefined> = [];
  const fastCrops: Buffer[] = [];
  const thoroughCrops: Buffer[] = [];
  const reader: VehiclePlateReader = Object.assign(
    async (crop: Buffer) => {
      fastCrops.push(crop);
      const r = await base(crop);
      fast.push(r);
      return r;
    },
    {
      thorough: async (crop: Buffer) => {
        thoroughCrops.push(crop);
        const r = await base.thorough!(crop);
        thorough.push(r);
        return r;
      },
    },
  );
  return { reader, fast, thorough, fastCrops, thoroughCrops };
}

describe('deferred thorough plate read (real PP-OCR models, real photos)', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'watcher-plate-deferred-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.skipIf(!plates)(
    'a track whose fast reads stay doubtful gets one thorough read of its best crop, and that read is sealed',
    async () => {
      // On car9-0's vehicle the fast read locks onto the JEEP badge (a free-form US read, so
      // doubtful) or finds no plate; the thorough read finds the plate.
      const image = readFileSync(path.join(plates!, 'car9-0.jpg'));
      const t = parseTruthLine(readFileSync(path.join(plates!, 'car9-0.txt'), 'utf8'))!;
      const truth = t.plate;
      const { width, height } = await sharp(image).metadata();
      const box = vehicleCropAround(t.box, width!, height!);
      const seen = observedReader();
      const writer = new EvidenceWriter({
        root,
        cameraId: 'cam-deferred',
        ffmpegPath: ffmpegBinary().path,
        readPlate: seen.reader,
      });
      const event = await writer.write(infraction('cam-deferred', box), {
        frameJpeg: image,
        trackFrames: [
          { jpeg: await sharp(image).blur(2).jpeg().toBuffer(), box },
          { jpeg: await sharp(image).jpeg({ quality: 60 }).toBuffer(), box },
        ],
      });
      // Every crop had the fast read and none was sure; only one thorough read followed.
      expect(seen.fast).toHaveLength(3);
      expect(seen.fast.every((r) => !r || !('plate' in r) || r.doubtful)).toBe(true);
      expect(seen.thorough).toHaveLength(1);
      // ... of the crop that came closest.
      const scores = seen.fast.map((r) =>
        !r ? -1 : 'plate' in r ? (r.score ?? r.plate.confidence) : r.unreadable.score,
      );
      const best = scores.indexOf(Math.max(...scores));
      expect(seen.thoroughCrops[0].equals(seen.fastCrops[best])).toBe(true);
      const thorough = seen.thorough[0];
      expect(thorough && 'plate' in thorough).toBe(true);
      if (!thorough || !('plate' in thorough)) return;
      expect(compact(thorough.plate.text)).toBe(truth);
      // What is sealed is the thorough read, with its plate crop.
      expect(event.plateState).toBe('read');
      expect(event.plate?.text).toBe(thorough.plate.text);
      expect(event.plate?.rawText).toBe(thorough.plate.rawText);
      const crop = event.evidence.find((e) => e.kind === 'plate-crop');
      expect(crop?.path).toMatch(/plate\.jpg$/);
      expect(
        readFileSync(path.join(root, crop!.path)).equals(Buffer.from(thorough.plateCropJpeg!)),
      ).toBe(true);
      expect((await verifyEvidenceStore(root)).ok).toBe(true);
    },
  );

  it.skipIf(!plates)('a track read surely on the fast path gets no thorough read', async () => {
    const name = 'car12';
    const image = readFileSync(path.join(plates!, `${name}.jpg`));
    const t = parseTruthLine(readFileSync(path.join(plates!, `${name}.txt`), 'utf8'))!;
    const { width, height } = await sharp(image).metadata();
    // The vehicle around the plate, as `bench plates` crops it.
    const box = vehicleCropAround(t.box, width!, height!);
    const seen = observedReader();
    const writer = new EvidenceWriter({
      root,
      cameraId: 'cam-sure',
      ffmpegPath: ffmpegBinary().path,
      readPlate: seen.reader,
    });
    const event = await writer.write(infraction('cam-sure', box), { frameJpeg: image });
    const fast = seen.fast[0];
    expect(fast && 'plate' in fast && !fast.doubtful).toBe(true);
    expect(seen.thorough).toHaveLength(0);
    expect(compact(event.plate?.text)).toBe(t.plate);
  });
});
