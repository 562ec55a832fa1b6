import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';

export type BinarySource = 'env' | 'bundled' | 'path';

/** What `ffmpeg -version` says about a build. */
export interface FfmpegBuild {
  /** The version string as printed (`5.1.9-0+deb12u1`, `N-47683-g0e8eb07980-static`). */
  version: string;
  /** The FFmpeg release it is or follows (`5.1`); from the libavutil version for git builds. */
  release?: string;
  /** Year of the build's sources: the end of its copyright line, else the release's year. */
  year?: number;
}

export interface ResolvedBinary extends FfmpegBuild {
  path: string;
  /** Where it came from, reported in the UI and /healthz. */
  source: BinarySource;
  /** Older than five years: decoding untrusted streams with it is a risk, shown as a warning. */
  outdated: boolean;
}

/** One ffmpeg that could be used, with the ffprobe of the same build when there is one. */
export interface FfmpegCandidate {
  source: BinarySource;
  ffmpeg: string;
  ffprobe?: string;
  /** Undefined when the binary does not run. */
  build?: FfmpegBuild;
}

/** A build older than this many years counts as outdated. */
export const OUTDATED_AFTER_YEARS = 5;

/**
 * FFmpeg releases by the libavutil version they shipped, with their year: a git snapshot
 * (`N-…`) is named after the newest release whose libavutil it has reached.
 */
const RELEASES: ReadonlyArray<{ release: string; avutil: [number, number]; year: number }> = [
  { release: '3.4', avutil: [55, 78], year: 2017 },
  { release: '4.0', avutil: [56, 14], year: 2018 },
  { release: '4.1', avutil: [56, 22], year: 2018 },
  { release: '4.2', avutil: [56, 31], year: 2019 },
  { release: '4.3', avutil: [56, 51], year: 2020 },
  { release: '4.4', avutil: [56, 70], year: 2021 },
  { release: '5.0', avutil: [57, 17], year: 2022 },
  { release: '5.1', avutil: [57, 28], year: 2022 },
  { release: '6.0', avutil: [58, 2], year: 2023 },
  { release: '6.1', avutil: [58, 29], year: 2023 },
  { release: '7.0', avutil: [59, 8], year: 2024 },
  { release: '7.1', avutil: [59, 39], year: 2024 },
  { release: '8.0', avutil: [60, 8], year: 2025 },
];

function compareNumbers(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Parses the output of `ffmpeg -version` (or `ffprobe -version`); undefined when it is not one. */
export function parseFfmpegVersion(output: string): FfmpegBuild | undefined {
  const head = /^\s*ff(?:mpeg|probe) version (\S+)/m.exec(output);
  if (!head) return undefined;
  const version = head[1];
  let release: string | undefined;
  const numbered = /^n?(\d+)\.(\d+)/.exec(version);
  if (numbered) release = `${Number(numbered[1])}.${Number(numbered[2])}`;
  const avutil = /libavutil\s+(\d+)\.\s*(\d+)\./.exec(output);
  const byAvutil = avutil
    ? RELEASES.filter(
        (r) => compareNumbers([Number(avutil[1]), Number(avutil[2])], r.avutil) >= 0,
      ).at(-1)
    : undefined;
  release ??= byAvutil?.release;
  const copyright = /Copyright \(c\) \d{4}-(\d{4})/.exec(output);
  const year = copyright
    ? Number(copyright[1])
    : (RELEASES.find((r) => r.release === release)?.year ?? byAvutil?.year);
  return { version, ...(release ? { release } : {}), ...(year ? { year } : {}) };
}

/** True when the build is more than five years older than `now` (unknown age counts as outdated). */
export function isOutdated(build: FfmpegBuild, now: Date = new Date()): boolean {
  return build.year === undefined || now.getUTCFullYear() - build.year > OUTDATED_AFTER_YEARS;
}

/** Newer first: by release, then by the year of its sources (a patched point release wins). */
function compareBuilds(a: FfmpegBuild, b: FfmpegBuild): number {
  const ra = a.release?.split('.').map(Number) ?? [];
  const rb = b.release?.split('.').map(Number) ?? [];
  return compareNumbers(rb, ra) || (b.year ?? 0) - (a.year ?? 0);
}

/**
 * The ffmpeg to use among the candidates: the env override whenever it runs (it is always
 * honoured, however old), else the newest one that runs; on a tie, the earlier candidate.
 */
export function chooseFfmpeg(candidates: readonly FfmpegCandidate[]): FfmpegCandidate | undefined {
  const usable = candidates.filter((c) => c.build);
  const env = usable.find((c) => c.source === 'env');
  if (env) return env;
  return usable
    .map((c, i) => ({ c, i }))
    .sort((x, y) => compareBuilds(x.c.build!, y.c.build!) || x.i - y.i)
    .at(0)?.c;
}

// Named apart from `require`: the ESM bundle injects its own `require` shim.
const requireCjs = createRequire(import.meta.url);

function versionOutput(bin: string): string | undefined {
  try {
    return execFileSync(bin, ['-version'], {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return undefined;
  }
}

function buildOf(bin: string): FfmpegBuild | undefined {
  const out = versionOutput(bin);
  if (out === undefined) return undefined;
  return parseFfmpegVersion(out) ?? { version: 'unknown' };
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

/** The ffprobe that belongs with an ffmpeg given by path: the one beside it, when there is one. */
function siblingProbe(ffmpeg: string): string | undefined {
  if (!path.isAbsolute(ffmpeg)) return undefined;
  const probe = path.join(
    path.dirname(ffmpeg),
    path.basename(ffmpeg).replace(/ffmpeg(?=[^/\\]*$)/, 'ffprobe'),
  );
  return probe !== ffmpeg && existsSync(probe) ? probe : undefined;
}

/** Every place an ffmpeg may be, each with its paired ffprobe, probed for its version. */
export function probeCandidates(env: NodeJS.ProcessEnv = process.env): FfmpegCandidate[] {
  const list: Array<Omit<FfmpegCandidate, 'build'>> = [];
  const envFfmpeg = env.WATCHER_FFMPEG;
  if (envFfmpeg)
    list.push({
      source: 'env',
      ffmpeg: envFfmpeg,
      ffprobe: env.WATCHER_FFPROBE || siblingProbe(envFfmpeg),
    });
  list.push({ source: 'path', ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' });
  const bundledFfmpeg = bundled('@ffmpeg-installer/ffmpeg');
  if (bundledFfmpeg)
    list.push({
      source: 'bundled',
      ffmpeg: bundledFfmpeg,
      ffprobe: bundled('@ffprobe-installer/ffprobe'),
    });
  return list.map((c) => ({ ...c, build: buildOf(c.ffmpeg) }));
}

function resolved(bin: string, source: BinarySource, build: FfmpegBuild): ResolvedBinary {
  return { path: bin, source, ...build, outdated: isOutdated(build) };
}

interface Resolution {
  ffmpeg: ResolvedBinary;
  ffprobe?: ResolvedBinary;
}

/**
 * The newest usable ffmpeg ($WATCHER_FFMPEG always wins when it runs; then ffmpeg on PATH and
 * the bundled build, newest first) and the ffprobe of the same build ($WATCHER_FFPROBE when
 * set). Throws a message naming all three places when no ffmpeg runs.
 */
export function resolveFfmpeg(env: NodeJS.ProcessEnv = process.env): Resolution {
  const candidates = probeCandidates(env);
  const chosen = chooseFfmpeg(candidates);
  if (!chosen?.build)
    throw new Error(
      'ffmpeg not found: set WATCHER_FFMPEG, reinstall dependencies (bundled binary), or install ffmpeg on PATH',
    );
  const ffmpeg = resolved(chosen.ffmpeg, chosen.source, chosen.build);
  const probeCandidatesInOrder: Array<[string | undefined, BinarySource]> = [
    [env.WATCHER_FFPROBE, 'env'],
    [chosen.ffprobe, chosen.source],
    // A lone ffmpeg without its ffprobe still works; any ffprobe then reads stream details.
    ...candidates
      .filter((c) => c !== chosen && c.build)
      .map((c): [string | undefined, BinarySource] => [c.ffprobe, c.source]),
  ];
  for (const [bin, source] of probeCandidatesInOrder) {
    if (!bin) continue;
    const build = buildOf(bin);
    if (build) return { ffmpeg, ffprobe: resolved(bin, source, build) };
  }
  return { ffmpeg };
}

/** One of the pair; throws when it cannot be found (see resolveFfmpeg). */
export function resolveBinary(tool: 'ffmpeg' | 'ffprobe'): ResolvedBinary {
  const r = resolveFfmpeg();
  if (tool === 'ffmpeg') return r.ffmpeg;
  if (!r.ffprobe)
    throw new Error(
      'ffprobe not found: set WATCHER_FFPROBE, reinstall dependencies (bundled binary), or install ffprobe on PATH',
    );
  return r.ffprobe;
}

let cached: Resolution | undefined;
export function ffmpegBinary(): ResolvedBinary {
  return (cached ??= resolveFfmpeg()).ffmpeg;
}
export function ffprobeBinary(): ResolvedBinary {
  const probe = (cached ??= resolveFfmpeg()).ffprobe;
  if (!probe)
    throw new Error(
      'ffprobe not found: set WATCHER_FFPROBE, reinstall dependencies (bundled binary), or install ffprobe on PATH',
    );
  return probe;
}
/** For tests that change the environment. */
export function clearBinaryCache(): void {
  cached = undefined;
}
