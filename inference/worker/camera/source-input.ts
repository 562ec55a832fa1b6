import type { CameraSource } from '../../../electron/shared/config/camera';
import { hasSecrets, splitUrlCredentials } from '../../../electron/shared/util/url-credentials';
import type { HiddenInputCaps } from '../ffmpeg/ffmpeg-caps';

/**
 * The built-in demo camera: a synthetic two-lane road with vehicles, rendered by ffmpeg's lavfi
 * sources. It needs no network, files or model, so a first start always shows a live, moving tile.
 */
export function demoTrafficGraph(width = 640, height = 360, fps = 15): string {
  const roadTop = Math.round(height * 0.36);
  const roadH = Math.round(height * 0.39);
  const mid = roadTop + Math.round(roadH / 2) - 2;
  return [
    `color=c=0x3a4a3a:s=${width}x${height}:r=${fps},drawbox=x=0:y=${roadTop}:w=${width}:h=${roadH}:color=0x2b2b2b:t=fill,` +
      `drawbox=x=0:y=${mid}:w=${width}:h=4:color=white:t=fill,noise=alls=6:allf=t[road]`,
    `color=c=0xc83232:s=72x34:r=${fps}[c1]`,
    `color=c=0x2f62d0:s=96x42:r=${fps}[c2]`,
    `color=c=0xe6c040:s=60x30:r=${fps}[c3]`,
    `[road][c1]overlay=x='mod(t*140\\,${width + 140})-72':y=${roadTop + 20}[a]`,
    `[a][c2]overlay=x='${width}-mod(t*95+250\\,${width + 160})':y=${mid + 16}[b]`,
    `[b][c3]overlay=x='mod(t*200+320\\,${width + 120})-60':y=${roadTop + 26}`,
  ].join(';');
}

/**
 * What ffmpeg may open for each kind of source: I/O protocols (`-protocol_whitelist`) and input
 * container formats (`-format_whitelist`). Without them a `file` "path" such as `concat:` or
 * `subfile:`, or a playlist or ffconcat file on disk, would make ffmpeg read any file the host can
 * read (its secret key, /etc/passwd) as a video frame, or connect to arbitrary addresses. The
 * whitelists also bind what a stream may pull in later (HLS segments, RTSP's RTP sessions).
 */
export const SOURCE_WHITELISTS: Record<
  Exclude<CameraSource['kind'], 'demo' | 'v4l2'>,
  { protocols: string; formats: string }
> = {
  // Ordinary video files (MP4/MOV, MKV/WebM, AVI, MPEG-TS/PS, FLV, ASF, raw H.264/H.265, MJPEG)
  // and still images (analyze and model tries run on photos).
  file: {
    protocols: 'file',
    formats:
      'mov,matroska,avi,mpegts,mpeg,flv,asf,h264,hevc,mjpeg,image2,jpeg_pipe,png_pipe,webp_pipe,bmp_pipe,gif',
  },
  rtsp: { protocols: 'rtsp,rtsps,rtp,srtp,udp,tcp,tls', formats: 'rtsp,rtp,sdp' },
  // MJPEG over HTTP (multipart), or a plain video over HTTP.
  http: {
    protocols: 'http,https,tcp,tls',
    formats: 'mpjpeg,mjpeg,jpeg_pipe,mov,mpegts,flv,matroska',
  },
  // HLS playlists and their segments (TS or fMP4), optionally AES-encrypted.
  hls: { protocols: 'http,https,tcp,tls,crypto', formats: 'hls,mpegts,mov,aac,mp3' },
};

const whitelist = (w: { protocols: string; formats: string }) => [
  '-protocol_whitelist',
  w.protocols,
  '-format_whitelist',
  w.formats,
];

/**
 * ffmpeg input arguments for a camera source. Live sources are read at their own pace. Every
 * network or file source carries its whitelists; a file is passed as `file:<absolute path>` so
 * nothing in the path can name another protocol (the config schema also requires an absolute
 * local path).
 */
export function inputArgs(source: CameraSource): string[] {
  switch (source.kind) {
    case 'demo':
      return ['-re', '-f', 'lavfi', '-i', demoTrafficGraph()];
    case 'file':
      return [
        '-re',
        ...(source.loop ? ['-stream_loop', '-1'] : []),
        ...whitelist(SOURCE_WHITELISTS.file),
        '-i',
        `file:${source.path}`,
      ];
    case 'rtsp':
      return [
        '-rtsp_transport',
        source.transport,
        ...whitelist(SOURCE_WHITELISTS.rtsp),
        '-i',
        source.url,
      ];
    case 'http':
      return ['-reconnect', '0', ...whitelist(SOURCE_WHITELISTS.http), '-i', source.url];
    case 'hls':
      return [...whitelist(SOURCE_WHITELISTS.hls), '-i', source.url];
    case 'v4l2':
      return ['-f', 'v4l2', '-i', source.device];
  }
}

/** ffmpeg's input arguments and, when the source's credentials must stay off them, what goes to its stdin. */
export interface SourceInput {
  args: string[];
  /** An ffconcat script naming the URL with its credentials, written to ffmpeg's stdin (`pipe:0`). */
  stdin?: string;
}

/** A token for an ffconcat script: single-quoted, a `'` written as `'\''`. */
function ffconcatQuote(s: string): string {
  return `'${s.replace(/'/g, "'\\''")}'`;
}

/**
 * Like inputArgs, but a network URL holding credentials (userinfo password or credential query
 * values) never appears on ffmpeg's command line, which every local user can read in `ps` and
 * /proc/<pid>/cmdline: ffmpeg reads an ffconcat script naming it from its stdin (a pipe only this
 * user's processes can open) and opens it through the concat demuxer, under the kind's
 * whitelists. RTSP needs the script's `option` directive for its transport (FFmpeg 5.0 and
 * later); with an older ffmpeg an RTSP URL stays on the command line (`hidden: false`).
 */
export function sourceInput(
  source: CameraSource,
  caps: HiddenInputCaps,
): SourceInput & { hidden: boolean } {
  if (
    (source.kind === 'rtsp' || source.kind === 'http' || source.kind === 'hls') &&
    hasSecrets(splitUrlCredentials(source.url).secrets)
  ) {
    const canHide = caps.concat && (source.kind !== 'rtsp' || caps.concatOptions);
    if (canHide && !/[\r\n]/.test(source.url)) {
      const w = SOURCE_WHITELISTS[source.kind];
      const script = ['ffconcat version 1.0', `file ${ffconcatQuote(source.url)}`];
      if (source.kind === 'rtsp') script.push(`option rtsp_transport ${source.transport}`);
      return {
        args: [
          // `pipe` opens the script only; the URL inside is held to the kind's own list.
          ...whitelist({ protocols: `pipe,${w.protocols}`, formats: `concat,${w.formats}` }),
          '-f',
          'concat',
          '-safe',
          '0',
          '-i',
          'pipe:0',
        ],
        stdin: `${script.join('\n')}\n`,
        hidden: true,
      };
    }
    return { args: inputArgs(source), hidden: false };
  }
  return { args: inputArgs(source), hidden: true };
}
