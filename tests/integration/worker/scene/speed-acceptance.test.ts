import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import { writeSynthTraffic, type TrafficTruth } from '../../../../tools/synth/traffic-render';
import {
  checkSpeeds,
  formatSpeedTable,
  motionDetectionFrames,
} from '../../../../tools/synth/speed-check';
import { calibrationConfigSchema } from '../../../../electron/shared/config/calibration';
import { ruleSetSchema } from '../../../../electron/shared/config/rules';

const dir = mkdtempSync(path.join(os.tmpdir(), 'speed-acc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('speed acceptance on rendered video through the motion detector', () => {
  it('30..130 km/h at 25 fps: every vehicle within 3 % or 2 km/h', async () => {
    const ffmpeg = ffmpegInstaller.path;
    const r = await writeSynthTraffic({
      outDir: dir,
      ffmpegPath: ffmpeg,
      speedsKmh: [30, 50, 70, 90, 110, 130],
      fps: 25,
      noisePx: 0.5,
      speedLimitKmh: 80,
    });
    const truth = JSON.parse(readFileSync(r.truth, 'utf8')) as TrafficTruth;
    const cal = calibrationConfigSchema.parse(JSON.parse(readFileSync(r.calibration, 'utf8')));
    const rules = ruleSetSchema.parse(JSON.parse(readFileSync(r.rules!, 'utf8')));
    const frames = await motionDetectionFrames(ffmpeg, r.video, {
      width: truth.width,
      height: truth.height,
      fps: truth.fps,
    });
    const res = checkSpeeds(frames, truth, cal, rules);
    console.log(formatSpeedTable(res.rows));
    for (const row of res.rows)
      expect(row.pass, `vehicle at ${row.truthKmh} km/h measured ${row.measuredKmh}`).toBe(true);
    const flagged = res.events.flatMap((e) =>
      e.kind === 'infraction' ? [e.infraction.measured.speedKmh] : [],
    );
    expect(flagged).toHaveLength(3);
    for (const v of flagged) expect(v).toBeGreaterThan(80);
  });
});
