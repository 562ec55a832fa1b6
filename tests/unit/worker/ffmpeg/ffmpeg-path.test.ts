import { describe, expect, it } from 'vitest';
import {
  chooseFfmpeg,
  isOutdated,
  parseFfmpegVersion,
  type FfmpegCandidate,
} from '../../../../inference/worker/ffmpeg/ffmpeg-path';

/** The first lines of `ffmpeg -version` of real builds. */
const DEBIAN_5_1 = `ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers
built with gcc 12 (Debian 12.2.0-14+deb12u1)
configuration: --prefix=/usr --extra-version=0+deb12u1
libavutil      57. 28.100 / 57. 28.100
libavcodec     59. 37.100 / 59. 37.100`;
const STATIC_2018 = `ffmpeg version N-47683-g0e8eb07980-static https://johnvansickle.com/ffmpeg/  Copyright (c) 2000-2018 the FFmpeg developers
built with gcc 6.3.0 (Debian 6.3.0-18+deb9u1) 20170516
libavutil      56. 24.101 / 56. 24.101
libavcodec     58. 42.100 / 58. 42.100`;
const RELEASE_7_1 = `ffmpeg version n7.1 Copyright (c) 2000-2024 the FFmpeg developers
libavutil      59. 39.100 / 59. 39.100`;
const NO_COPYRIGHT_GIT = `ffmpeg version N-113000-gabcdef
libavutil      58. 30.100 / 58. 30.100`;

describe('parseFfmpegVersion', () => {
  it('reads a distribution build: release from the version, year from the copyright', () => {
    expect(parseFfmpegVersion(DEBIAN_5_1)).toEqual({
      version: '5.1.9-0+deb12u1',
      release: '5.1',
      year: 2026,
    });
  });

  it('names a git snapshot after the release its libavutil has reached', () => {
    expect(parseFfmpegVersion(STATIC_2018)).toEqual({
      version: 'N-47683-g0e8eb07980-static',
      release: '4.1',
      year: 2018,
    });
    expect(parseFfmpegVersion(RELEASE_7_1)).toEqual({
      version: 'n7.1',
      release: '7.1',
      year: 2024,
    });
  });

  it("falls back to the release's year without a copyright line", () => {
    expect(parseFfmpegVersion(NO_COPYRIGHT_GIT)).toEqual({
      version: 'N-113000-gabcdef',
      release: '6.1',
      year: 2023,
    });
  });

  it('reads ffprobe too, and rejects what is not ffmpeg', () => {
    expect(
      parseFfmpegVersion('ffprobe version 5.1.9-0+deb12u1 Copyright (c) 2007-2026')?.release,
    ).toBe('5.1');
    expect(parseFfmpegVersion('bash: ffmpeg: command not found')).toBeUndefined();
  });
});

describe('isOutdated', () => {
  const now = new Date(Date.UTC(2026, 11, 1));
  it('is true only for builds more than five years old (and of unknown age)', () => {
    expect(isOutdated({ version: 'x', year: 2018 }, now)).toBe(true);
    expect(isOutdated({ version: 'x', year: 2020 }, now)).toBe(true);
    expect(isOutdated({ version: 'x', year: 2021 }, now)).toBe(false);
    expect(isOutdated({ version: 'x', year: 2026 }, now)).toBe(false);
    expect(isOutdated({ version: 'unknown' }, now)).toBe(true);
  });
});

describe('chooseFfmpeg', () => {
  const debian: FfmpegCandidate = {
    source: 'path',
    ffmpeg: 'ffmpeg',
    ffprobe: 'ffprobe',
    build: parseFfmpegVersion(DEBIAN_5_1),
  };
  const bundled: FfmpegCandidate = {
    source: 'bundled',
    ffmpeg: '/app/ffmpeg',
    ffprobe: '/app/ffprobe',
    build: parseFfmpegVersion(STATIC_2018),
  };

  it('prefers the newest usable build whatever the order', () => {
    expect(chooseFfmpeg([bundled, debian])).toBe(debian);
    expect(chooseFfmpeg([debian, bundled])).toBe(debian);
  });

  it('skips binaries that do not run', () => {
    expect(chooseFfmpeg([{ ...debian, build: undefined }, bundled])).toBe(bundled);
    expect(chooseFfmpeg([{ ...debian, build: undefined }])).toBeUndefined();
  });

  it('always honours the env override when it runs, even an old one', () => {
    const env: FfmpegCandidate = { ...bundled, source: 'env', ffmpeg: '/opt/old/ffmpeg' };
    expect(chooseFfmpeg([debian, env])).toBe(env);
    expect(chooseFfmpeg([{ ...env, build: undefined }, debian, bundled])).toBe(debian);
  });

  it('prefers a newer release, then a later patched build of the same release', () => {
    const newer: FfmpegCandidate = {
      ...bundled,
      build: parseFfmpegVersion(RELEASE_7_1),
    };
    expect(chooseFfmpeg([debian, newer])).toBe(newer);
    const older51: FfmpegCandidate = {
      ...bundled,
      build: { version: '5.1.2', release: '5.1', year: 2022 },
    };
    expect(chooseFfmpeg([older51, debian])).toBe(debian);
  });

  it('keeps the candidate ffprobe paired with its ffmpeg', () => {
    expect(chooseFfmpeg([bundled, debian])?.ffprobe).toBe('ffprobe');
  });
});
