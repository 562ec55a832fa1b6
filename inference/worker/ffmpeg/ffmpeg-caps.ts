import { spawnSync } from 'node:child_process';

/**
 * What an ffmpeg build can do to open a source without its credentials on the command line
 * (where every local user reads them in `ps` and /proc/<pid>/cmdline): read an ffconcat script
 * from stdin (`concat` demuxer), and give the inner input its own options with the script's
 * `option` directive (FFmpeg 5.0 and later; RTSP needs it for `rtsp_transport`).
 */
export interface HiddenInputCaps {
  concat: boolean;
  concatOptions: boolean;
}

const cache = new Map<string, HiddenInputCaps>();

/** Probes `ffmpegPath` once (a few ms; cached per path). */
export function hiddenInputCaps(ffmpegPath: string): HiddenInputCaps {
  const known = cache.get(ffmpegPath);
  if (known) return known;
  let caps: HiddenInputCaps = { concat: false, concatOptions: false };
  try {
    const r = spawnSync(
      ffmpegPath,
      [
        '-hide_banner',
        '-nostdin',
        '-loglevel',
        'error',
        '-protocol_whitelist',
        'pipe',
        '-f',
        'concat',
        '-safe',
        '0',
        '-i',
        'pipe:0',
        '-f',
        'null',
        '-',
      ],
      {
        // The file is never opened (its protocol is not whitelisted); 4.x stops at `option`.
        input: "ffconcat version 1.0\nfile 'probe:'\noption probesize 32\n",
        encoding: 'utf8',
        timeout: 10_000,
      },
    );
    const err = `${r.stderr ?? ''}`;
    if (!r.error && r.status !== null) {
      const concat = !/Unknown input format|Requested input format 'concat'/i.test(err);
      caps = { concat, concatOptions: concat && !/unknown keyword 'option'/i.test(err) };
    }
  } catch {
    // No ffmpeg: the caller's own spawn reports that.
  }
  cache.set(ffmpegPath, caps);
  return caps;
}
