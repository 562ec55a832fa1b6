import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { SceneInfraction } from '../../../../inference/vision/rules/rule-engine';
import { EvidenceWriter } from '../../../../inference/worker/evidence/evidence-writer';
import { verifyEvidenceStore } from '../../../../inference/worker/evidence/verify';
import { plateReaderForInfractions } from '../../../../inference/worker/scene/plate-reading';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import { fixtures } from '../../../helpers/fixtures';
import { speedInfraction } from '../../../helpers/speed-infraction';

const plates = fixtures.platesUs();
if (!plates)
  console.log('skipped: the US plate photos (WATCHER_SHARED_DIR fixtures/plates/us) are absent');

const infraction = (cameraId: string, box: SceneInfraction['box']) =>
  speedInfraction({ cameraId, box, trackId: 9, frameId: 2 });

describe('plate state of an infraction (real PP-OCR models, real photo)', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'watcher-plate-state-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const readPlate = plateReaderForInfractions(() => undefined, 'US');

  it.skipIf(!plates)(
    'a plate found on every frame but read on none is "unreadable", its best crop sealed as evidence',
    async () => {
      const image = readFileSync(path.join(plates!, 'car13.jpg'));
      const { width, height } = await sharp(image).metadata();
      const box = { x1: 0, y1: 0, x2: width!, y2: height! };
      // Blurred this much the plate's lines are still found, but no reading passes.
      const blurred = await sharp(image).blur(10).jpeg().toBuffer();
      const writer = new EvidenceWriter({
        root,
        cameraId: 'cam-unreadable',
        ffmpegPath: ffmpegBinary().path,
        readPlate,
      });
      const event = await writer.write(infraction('cam-unreadable', box), {
        frameJpeg: blurred,
        trackFrames: [{ jpeg: await sharp(image).blur(11).jpeg().toBuffer(), box }],
      });
      expect(event.plateState).toBe('unreadable');
      expect(event.plate).toBeUndefined();
      const crop = event.evidence.find((e) => e.kind === 'plate-crop');
      expect(crop?.path).toMatch(/plate-unreadable\.jpg$/);
      const meta = await sharp(path.join(root, crop!.path)).metadata();
      // The found line and its surroundings, not the whole vehicle.
      expect(meta.height!).toBeLessThan(height! / 2);
      expect(meta.width!).toBeLessThanOrEqual(width!);
      expect((await verifyEvidenceStore(root)).ok).toBe(true);
    },
  );

  it.skipIf(!plates)('the same photo sharp is "read"; a flat picture is "none"', async () => {
    const image = readFileSync(path.join(plates!, 'car13.jpg'));
    const { width, height } = await sharp(image).metadata();
    const box = { x1: 0, y1: 0, x2: width!, y2: height! };
    const writer = new EvidenceWriter({
      root,
      cameraId: 'cam-states',
      ffmpegPath: ffmpegBinary().path,
      readPlate,
    });
    const sharpEvent = await writer.write(infraction('cam-states', box), { frameJpeg: image });
    expect(sharpEvent.plateState).toBe('read');
    expect(sharpEvent.plate?.text).toBeTruthy();
    const flat = await sharp({
      create: { width: 320, height: 240, channels: 3, background: { r: 90, g: 90, b: 90 } },
    })
      .jpeg()
      .toBuffer();
    const flatEvent = await writer.write(
      infraction('cam-states', { x1: 0, y1: 0, x2: 320, y2: 240 }),
      { frameJpeg: flat },
    );
    expect(flatEvent.plateState).toBe('none');
    expect(flatEvent.evidence.some((e) => e.kind === 'plate-crop')).toBe(false);
  });

  it('a writer without a plate reader says nothing of the plate state', async () => {
    const writer = new EvidenceWriter({
      root,
      cameraId: 'cam-noreader',
      ffmpegPath: ffmpegBinary().path,
    });
    const flat = await sharp({
      create: { width: 64, height: 48, channels: 3, background: { r: 90, g: 90, b: 90 } },
    })
      .jpeg()
      .toBuffer();
    const event = await writer.write(infraction('cam-noreader', { x1: 0, y1: 0, x2: 64, y2: 48 }), {
      frameJpeg: flat,
    });
    expect(event.plateState).toBeUndefined();
  });
});
