import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../helpers/fixtures';

const run = promisify(execFile);
const cli = (args: string[]) =>
  run(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'tools/cli.ts'), ...args], {
    cwd: repoRoot,
    maxBuffer: 64 * 1024 * 1024,
  });

describe('watcher analyze --calibration --rules on a synthetic recording (real ffmpeg end to end)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-analyze-scene-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes tracks with speeds, exactly one speed infraction with evidence, and a verifiable store', async () => {
    await cli(['synth', 'traffic', '--out', dir, '--speeds', '50,110', '--limit', '80']);
    const out = path.join(dir, 'out.jsonl');
    const evidence = path.join(dir, 'evidence');
    const { stderr } = await cli([
      'analyze',
      path.join(dir, 'video.mp4'),
      '--calibration',
      path.join(dir, 'calibration.json'),
      '--rules',
      path.join(dir, 'rules.json'),
      '--evidence-dir',
      evidence,
      '--out',
      out,
      '--camera-id',
      'synthetic',
    ]);
    expect(stderr).toContain('1 infraction(s)');
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            type: string;
            detections?: Array<{ trackId?: number; speedKmh?: number }>;
            event?: {
              type: string;
              measured: Record<string, number>;
              evidence: Array<{ kind: string }>;
            };
          },
      );
    const frames = lines.filter((l) => l.type === 'frame');
    expect(frames.length).toBeGreaterThan(50);
    const speeds = frames
      .flatMap((f) => f.detections ?? [])
      .filter((d) => d.trackId !== undefined && d.speedKmh !== undefined);
    expect(speeds.length).toBeGreaterThan(10);
    const infractions = lines.filter((l) => l.type === 'infraction');
    expect(infractions).toHaveLength(1);
    const event = infractions[0].event!;
    expect(event.type).toBe('speed');
    expect(event.measured.speedKmh).toBeGreaterThan(100);
    expect(event.measured.speedKmh).toBeLessThan(120);
    expect(event.evidence.map((e) => e.kind).sort()).toEqual(['clip', 'crop', 'snapshot']);
    const verified = await cli(['verify-evidence', evidence]);
    expect(verified.stdout + verified.stderr).toMatch(/OK: 1 camera\(s\), 1 event\(s\)/);
  });

  it('rejects a malformed rules file with a clear message and exit code 2', async () => {
    const bad = path.join(dir, 'bad-rules.json');
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(bad, '{"rules": [{"type": "speed"}]}'),
    );
    const err = await cli([
      'analyze',
      path.join(dir, 'video.mp4'),
      '--rules',
      bad,
      '--out',
      path.join(dir, 'x.jsonl'),
    ]).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(2);
    expect((err as { stderr: string }).stderr).toMatch(/bad-rules\.json/);
  });
});
