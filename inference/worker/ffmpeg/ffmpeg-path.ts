import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

export interface ResolvedBinary {
  path: string;
  /** Where it came from, reported in the UI and /healthz. */
  source: 'env' | 'bundled' | 'path';
  version: string;
}

// Named apart from `require`: the ESM bundle injects its own `require` shim.
const requireCjs = createRequire(import.meta.url);

function versionOf(bin: string): string | undefined {
  try {
    const out = execFileSync(bin, ['-version'], {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return /version\s+(\S+)/.exec(out)?.[1] ?? 'unknown';
  } catch {
    return undefined;
  }
}

function bundled(pkg: string): string | undefined {
  try {
    const p = (requireCjs(pkg) as { path?: string }).path;
    // Inside a packaged app the binary is unpacked next to app.asar.
    const unpacked = p?.replace(`app.asar${'/'}`, 'app.asar.unpacked/');
    return unpacked && existsSync(unpacked) ? unpacked : p && existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

/**
 * ffmpeg / ffprobe in the documented order: the env override, the binary bundled through npm,
 * then whatever is on PATH. Throws a message naming all three when none runs.
 */
export function resolveBinary(tool: 'ffmpeg' | 'ffprobe'): ResolvedBinary {
  const envVar = tool === 'ffmpeg' ? 'WATCHER_FFMPEG' : 'WATCHER_FFPROBE';
  const candidates: Array<[string | undefined, ResolvedBinary['source']]> = [
    [process.env[envVar], 'env'],
    [
      bundled(tool === 'ffmpeg' ? '@ffmpeg-installer/ffmpeg' : '@ffprobe-installer/ffprobe'),
      'bundled',
    ],
    [tool, 'path'],
  ];
  for (const [candidate, source] of candidates) {
    if (!candidate) continue;
    const version = versionOf(candidate);
    if (version) return { path: candidate, source, version };
  }
  throw new Error(
    `${tool} not found: set ${envVar}, reinstall dependencies (bundled binary), or install ${tool} on PATH`,
  );
}

let cached: { ffmpeg?: ResolvedBinary; ffprobe?: ResolvedBinary } = {};
export function ffmpegBinary(): ResolvedBinary {
  return (cached.ffmpeg ??= resolveBinary('ffmpeg'));
}
export function ffprobeBinary(): ResolvedBinary {
  return (cached.ffprobe ??= resolveBinary('ffprobe'));
}
/** For tests that change the environment. */
export function clearBinaryCache(): void {
  cached = {};
}
