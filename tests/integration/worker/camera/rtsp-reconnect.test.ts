import { describe, it, expect, afterAll } from 'vitest';
import { cameraConfigSchema, type CameraStatus } from '../../../../electron/shared/config/camera';
import { CameraRunner } from '../../../../inference/worker/camera/camera-runner';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import { fixtures } from '../../../helpers/fixtures';
import { startRtspTestServer, type RtspTestServer } from '../../../helpers/rtsp-server';

async function until(what: string, cond: () => boolean, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - start;
}

describe('RTSP ingest against a real RTSP server on loopback', () => {
  let server: RtspTestServer | undefined;
  let runner: CameraRunner | undefined;
  afterAll(async () => {
    runner?.stop();
    await server?.stop();
  });

  it('streams, sees the server vanish, and resumes within seconds after it returns, counting the reconnect', async () => {
    // Generated pattern when the fixtures are absent: the test needs no files.
    server = await startRtspTestServer(fixtures.video('car-detection.mp4'));
    await server.start();
    const config = cameraConfigSchema.parse({
      id: 'rtsp-cam',
      name: 'RTSP camera',
      source: {
        kind: 'rtsp',
        url: server.url.replace('rtsp://', 'rtsp://user:s3cret@'),
        transport: 'udp',
      },
      analysis: { fps: 5 },
      preview: { fps: 5, width: 320 },
      buffer: { seconds: 0 },
      stallTimeoutSec: 2,
    });
    const statuses: CameraStatus[] = [];
    const logs: string[] = [];
    let frames = 0;
    let previews = 0;
    runner = new CameraRunner(
      config,
      {
        ffmpegPath: ffmpegBinary().path,
        analysis: { width: 96, height: 54, pixFmt: 'gray' },
        preview: true,
        realtime: true,
        reconnect: true,
      },
      {
        status: (s) => statuses.push(s),
        frame: () => frames++,
        preview: () => previews++,
        log: (level, msg, fields) => logs.push(`${level} ${msg} ${JSON.stringify(fields)}`),
      },
    );
    runner.start();
    await until('frames', () => frames >= 10 && previews >= 5, 30_000);
    expect(runner.currentStatus.state).toBe('streaming');

    await server.stop();
    await until(
      'the outage to be noticed',
      () => runner!.currentStatus.state !== 'streaming',
      10_000,
    );
    const framesAtOutage = frames;
    await new Promise((r) => setTimeout(r, 2000));

    await server.start();
    const resumedIn = await until('frames to resume', () => frames >= framesAtOutage + 5, 20_000);
    await until('streaming state', () => runner!.currentStatus.state === 'streaming', 5000);
    console.info(
      `[rtsp] frames resumed ${resumedIn} ms after the server came back; reconnects ${runner.currentStatus.reconnects}`,
    );
    // Backoff (0.5, 1, 2, 4 s … with jitter) bounds the wait; a loaded 2-core machine adds to it.
    expect(resumedIn).toBeLessThan(15_000);
    expect(runner.currentStatus.reconnects).toBeGreaterThanOrEqual(1);
    const errors = statuses.filter((s) => s.state === 'error' || s.state === 'stalled');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.map((s) => s.reasonCode)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^camera\.error\./)]),
    );
    // Credentials in the URL never reach logs or status reasons.
    for (const text of [...logs, ...statuses.map((s) => s.reason ?? '')])
      expect(text).not.toContain('s3cret');
  });
});
