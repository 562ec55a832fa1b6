/**
 * Maps ffmpeg's stderr to a reason code (an i18n key in electron/shared/i18n/cameras.ts) and a
 * short English reason. Credentials are redacted by the caller.
 */
export function classifyFfmpegFailure(
  stderr: string,
  exitCode: number | null,
): { code: string; reason: string } {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const last =
    lines.filter((l) => !/^(Input|Output|Stream|Metadata|Duration|\s)/.test(l)).pop() ??
    lines.pop() ??
    '';
  const has = (re: RegExp) => re.test(stderr);
  // The source tried to open a protocol or container outside its kind's whitelist (a playlist or
  // ffconcat file posing as a video, an RTSP server redirecting to another protocol).
  if (has(/Protocol '[^']*' not on whitelist|Format not on whitelist|not on whitelist/i)) {
    return {
      code: 'camera.error.not_allowed',
      reason: `the source asked for something this kind of camera may not open: ${last}`,
    };
  }
  // A non-video file with a video extension is "detected only with low score" before failing.
  if (has(/misdetection possible/i)) {
    return {
      code: 'camera.error.not_video',
      reason: `the source is not a playable video: ${last}`,
    };
  }
  if (
    has(
      /moov atom not found|Invalid NAL unit size|partial file|End of file while parsing|Truncating packet/i,
    )
  ) {
    return {
      code: 'camera.error.truncated',
      reason: `the video file is truncated or damaged: ${last}`,
    };
  }
  if (
    has(
      /Invalid data found when processing input|does not contain any stream|Output file #0 does not contain|matches no streams|Stream specifier .* matches no streams/i,
    )
  ) {
    return {
      code: 'camera.error.not_video',
      reason: `the source is not a playable video: ${last}`,
    };
  }
  if (has(/No such file or directory/i))
    return { code: 'camera.error.not_found', reason: `file not found: ${last}` };
  if (has(/401 Unauthorized|403 Forbidden|authorization failed/i))
    return { code: 'camera.error.auth', reason: `the camera refused the credentials: ${last}` };
  if (
    has(
      /Connection refused|Connection timed out|No route to host|Network is unreachable|Name or service not known|Temporary failure in name resolution|Server returned 404|method DESCRIBE failed|Connection reset|Immediate exit requested|Operation timed out|End of file/i,
    )
  ) {
    return { code: 'camera.error.unreachable', reason: `cannot reach the source: ${last}` };
  }
  return {
    code: 'camera.error.source_ended',
    reason: `source ended (ffmpeg exit ${exitCode})${last ? `: ${last}` : ''}`,
  };
}
