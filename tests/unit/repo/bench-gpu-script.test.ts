import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/fixtures';

/**
 * scripts/bench-gpu.sh is run by hand (or by a GPU job) on a machine with an NVIDIA GPU; here it
 * must at least parse, and on a machine without one exit cleanly with one JSON line saying so.
 */
const script = path.join(repoRoot, 'scripts', 'bench-gpu.sh');

describe('scripts/bench-gpu.sh', () => {
  it('passes bash -n', () => {
    execFileSync('bash', ['-n', script]);
  });

  it('without nvidia-smi exits 0 with one JSON object that says there is no GPU', () => {
    const r = spawnSync('bash', [script], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, BENCH_GPU_NVIDIA_SMI: 'nvidia-smi-not-on-this-machine' },
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0]) as { gpu: boolean; reason: string; steps: unknown[] };
    expect(summary.gpu).toBe(false);
    expect(summary.reason).toMatch(/nvidia-smi not found/);
    expect(summary.steps).toEqual([]);
  });
});
