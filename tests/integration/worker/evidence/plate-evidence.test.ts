import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { EvidenceWriter } from '../../../../inference/worker/evidence/evidence-writer';
import { verifyEvidenceStore } from '../../../../inference/worker/evidence/verify';
import { plateReaderForInfractions } from '../../../../inference/worker/scene/plate-reading';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import { fixtures } from '../../../helpers/fixtures';
import { speedInfraction } from '../../../helpers/speed-infraction';

const plates = fixtures.platesUs();

describe('plate on the vehicle crop of an infraction (real PP-OCR models, real photo)', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'watcher-plate-evidence-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.skipIf(!plates)(
    'reads the plate before sealing: plate text in the chained event, plate crop as evidence',
    async () => {
      const image = readFileSync(path.join(plates!, 'car13.jpg'));
      const truth = readFileSync(path.join(plates!, 'car13.txt'), 'utf8').trim().split('\t')[5];
      const { width, height } = await sharp(image).metadata();
      const logs: string[] = [];
      const writer = new EvidenceWriter({
        root,
        cameraId: 'cam-plates',
        ffmpegPath: ffmpegBinary().path,
        readPlate: plateReaderForInfractions((_l, msg) => logs.push(msg), 'US'),
      });
      const infraction = speedInfraction({
        cameraId: 'cam-plates',
        trackId: 4,
        frameId: 1,
        box: { x1: 0, y1: 0, x2: width!, y2: height! },
      });
      const event = await writer.write(infraction, { frameJpeg: image });
      expect(event.plate, logs.join('; ')).toBeDefined();
      expect(event.plate!.rawText.length).toBeGreaterThan(0);
      expect(event.plate!.text.replace(/[^A-Z0-9]/g, '')).toBe(truth);
      expect(event.evidence.map((e) => e.kind)).toContain('plate-crop');
      const report = await verifyEvidenceStore(root);
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
    },
  );

  it.skipIf(!plates)(
    'best-of-N: clear frames of the same track outvote a blurred infraction frame',
    async () => {
      const image = readFileSync(path.join(plates!, 'car13.jpg'));
      const truth = readFileSync(path.join(plates!, 'car13.txt'), 'utf8').trim().split('\t')[5];
      const { width, height } = await sharp(image).metadata();
      const blurred = await sharp(image).blur(6).jpeg().toBuffer();
      const box = { x1: 0, y1: 0, x2: width!, y2: height! };
      const infraction = (cameraId: string) =>
        speedInfraction({ cameraId, box, trackId: 7, frameId: 3 });
      const readPlate = plateReaderForInfractions(() => undefined, 'US');
      const single = new EvidenceWriter({
        root,
        cameraId: 'cam-blurred',
        ffmpegPath: ffmpegBinary().path,
        readPlate,
      });
      const alone = await single.write(infraction('cam-blurred'), { frameJpeg: blurred });
      // The control: the blurred frame alone does not give the right plate.
      expect(alone.plate?.text.replace(/[^A-Z0-9]/g, '')).not.toBe(truth);

      const voting = new EvidenceWriter({
        root,
        cameraId: 'cam-voting',
        ffmpegPath: ffmpegBinary().path,
        readPlate,
      });
      const event = await voting.write(infraction('cam-voting'), {
        frameJpeg: blurred,
        trackFrames: [
          { jpeg: image, box },
          { jpeg: await sharp(image).jpeg({ quality: 70 }).toBuffer(), box },
        ],
      });
      expect(event.plate?.text.replace(/[^A-Z0-9]/g, '')).toBe(truth);
      expect(event.evidence.map((e) => e.kind)).toContain('plate-crop');
      expect((await verifyEvidenceStore(root)).ok).toBe(true);
    },
  );
});
