import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import type { CliCommand } from '../../electron/host/cli/command';
import { writeSynthTraffic, type TrafficTruth } from '../synth/traffic-render';
import {
  checkSpeeds,
  formatSpeedTable,
  motionDetectionFrames,
  noisyTruthFrames,
} from '../synth/speed-check';
import { calibrationConfigSchema } from '../../electron/shared/config/calibration';
import { ruleSetSchema } from '../../electron/shared/config/rules';

const usage = `watcher synth traffic --out <dir> [options]

Renders a synthetic road scene with real ffmpeg: vehicles (3-D boxes) driving at known speeds,
seen through a known camera with perspective. Writes video.mp4 (H.264), calibration.json (ground
points of the lane markings), truth.json (speed and per-frame box of every vehicle) and, with
--limit, rules.json with a speed zone.

Options:
  --out <dir>          output folder (created)
  --speeds <list>      vehicle speeds in km/h, comma-separated (default 30,50,70,90,110,130)
  --fps <n>            frame rate (default 25)
  --seconds <n>        length (default: until the last vehicle has left)
  --size <WxH>         frame size (default 640x360)
  --noise <px>         per-frame positional jitter of the rendered vehicles, pixels (default 0.5)
  --limit <kmh>        also write rules.json with a speed zone at this limit
  --check              measure the speeds back (motion detector → tracker → speed, and noisy
                       truth boxes) and print the acceptance table (±3 % or ±2 km/h)
  --json               with --check: print one JSON object`;

function num(v: string | undefined, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new Error(`--${name} must be a number between ${min} and ${max}`);
  return n;
}

export const command: CliCommand = {
  name: 'synth',
  summary: 'Generate synthetic scenes with ground truth (synth traffic ...)',
  usage,
  async run(argv) {
    const [kind, ...rest] = argv;
    if (kind !== 'traffic') {
      process.stderr.write(
        `watcher synth: unknown scene "${kind ?? ''}"; available: traffic\n\n${usage}\n`,
      );
      return 2;
    }
    let o;
    try {
      const { values } = parseArgs({
        args: rest,
        options: {
          out: { type: 'string' },
          speeds: { type: 'string' },
          fps: { type: 'string' },
          seconds: { type: 'string' },
          size: { type: 'string' },
          noise: { type: 'string' },
          limit: { type: 'string' },
          check: { type: 'boolean', default: false },
          json: { type: 'boolean', default: false },
        },
      });
      if (!values.out) throw new Error('--out is required');
      const speeds = values.speeds?.split(',').map((s) => num(s.trim(), 'speeds', 1, 400)!);
      const size = values.size ? /^(\d+)x(\d+)$/.exec(values.size) : null;
      if (values.size && !size) throw new Error('--size must look like 640x360');
      o = {
        out: values.out,
        speeds,
        fps: num(values.fps, 'fps', 1, 120),
        seconds: num(values.seconds, 'seconds', 0.5, 600),
        width: size ? num(size[1], 'size', 64, 3840) : undefined,
        height: size ? num(size[2], 'size', 64, 2160) : undefined,
        noise: num(values.noise, 'noise', 0, 50) ?? 0.5,
        limit: num(values.limit, 'limit', 1, 400),
        check: values.check,
        json: values.json,
      };
    } catch (e) {
      process.stderr.write(`watcher synth: ${(e as Error).message}\n\n${usage}\n`);
      return 2;
    }
    const ffmpegPath = ffmpegInstaller.path;
    const res = await writeSynthTraffic({
      outDir: o.out,
      ffmpegPath,
      speedsKmh: o.speeds,
      fps: o.fps,
      seconds: o.seconds,
      width: o.width,
      height: o.height,
      noisePx: o.noise,
      speedLimitKmh: o.limit,
    });
    if (!o.json) {
      process.stdout.write(
        `wrote ${res.video} (${res.scene.width}x${res.scene.height}, ${res.scene.fps} fps, ${res.scene.frames} frames), ${res.calibration}, ${res.truth}${res.rules ? `, ${res.rules}` : ''}\n`,
      );
    }
    if (!o.check) return 0;
    const truth = JSON.parse(await readFile(res.truth, 'utf8')) as TrafficTruth;
    const cal = calibrationConfigSchema.parse(JSON.parse(await readFile(res.calibration, 'utf8')));
    const rules = res.rules
      ? ruleSetSchema.parse(JSON.parse(await readFile(res.rules, 'utf8')))
      : undefined;
    const pure = checkSpeeds(noisyTruthFrames(truth, Math.max(o.noise, 1)), truth, cal, rules);
    const frames = await motionDetectionFrames(ffmpegPath, res.video, {
      width: truth.width,
      height: truth.height,
      fps: truth.fps,
    });
    const e2e = checkSpeeds(frames, truth, cal, rules);
    const ok = pure.rows.every((r) => r.pass) && e2e.rows.every((r) => r.pass);
    if (o.json) {
      process.stdout.write(
        `${JSON.stringify({ ok, noisyTruth: pure.rows, motionDetector: e2e.rows })}\n`,
      );
    } else {
      process.stdout.write(
        `\nFrom truth boxes with ${Math.max(o.noise, 1)} px Gaussian noise:\n${formatSpeedTable(pure.rows)}\n`,
      );
      process.stdout.write(
        `\nFrom the video through the motion detector:\n${formatSpeedTable(e2e.rows)}\n`,
      );
      process.stdout.write(`\n${ok ? 'PASS' : 'FAIL'}: every speed within 3 % or 2 km/h\n`);
    }
    return ok ? 0 : 1;
  },
};
