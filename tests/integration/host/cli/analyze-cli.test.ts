import { describe, it, expect, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixtures, repoRoot } from '../../../helpers/fixtures';

const dir = mkdtempSync(path.join(os.tmpdir(), 'analyze-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function watcher(...args: string[]) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot, 'electron/host/cli/main.ts'), ...args],
    { cwd: repoRoot, encoding: 'utf8', timeout: 90_000 },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Line {
  frameId: number;
  width: number;
  height: number;
  detections: Array<{
    label: string;
    x1: number;
    y1: number;
    x2: number;
    y2: number;
    score: number;
  }>;
}

describe('watcher analyze', () => {
  const car = fixtures.video('car-detection.mp4');
  it.skipIf(!car)(
    'without a model, the motion detector finds the moving car and nothing while the lot is still',
    () => {
      const out = path.join(dir, 'motion.jsonl');
      const r = watcher('analyze', car!, '--out', out);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/377 frames, \d+ detections/);
      const lines: Line[] = readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      // Every one of the 377 frames of the 12.5 fps clip, in order, in source pixels.
      expect(lines).toHaveLength(377);
      expect(lines.map((l) => l.frameId)).toEqual(lines.map((_, i) => i + 1));
      expect(lines[0]).toMatchObject({ width: 768, height: 432 });
      // Still for the first ~4.5 s; then a car drives through.
      for (const l of lines.slice(0, 50)) expect(l.detections).toEqual([]);
      const moving = lines
        .slice(55, 120)
        .filter((l) =>
          l.detections.some((d) => d.label === 'motion' && (d.x2 - d.x1) * (d.y2 - d.y1) > 2000),
        );
      expect(moving.length).toBeGreaterThan(40);
    },
  );

  const model = fixtures.yolov8n();
  const dog = fixtures.image('dog.jpg');
  it.skipIf(!model || !dog)('with a model writes JSON lines on stdout', () => {
    const r = watcher('analyze', dog!, '--model', model!, '--json');
    expect(r.code, r.stderr).toBe(0);
    const [line] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    expect(line.detections.map((d) => d.label)).toEqual(expect.arrayContaining(['bicycle', 'dog']));
    expect(r.stderr).toMatch(/1 frames, 3 detections .* detector cpu/);
  });

  it('fails clearly on a file that is not video and on a model that is not ONNX', () => {
    const notVideo = path.join(dir, 'notes.mp4');
    writeFileSync(notVideo, 'hello\n'.repeat(50));
    const r = watcher('analyze', notVideo);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a playable video.*\[camera\.error\.not_video\]/);
    const badModel = path.join(dir, 'bad.onnx');
    writeFileSync(badModel, 'nope');
    const m = watcher('analyze', notVideo, '--model', badModel);
    expect(m.code).toBe(1);
    expect(m.stderr).toMatch(/is not an ONNX model.*\[inference\.model\.not_onnx\]/);
    const u = watcher('analyze', '--fps', 'fast', 'x.mp4');
    expect(u.code).toBe(2);
    expect(u.stderr).toContain('--fps must be a number');
  });
});
