import { describe, it, expect, afterAll } from 'vitest';
import { until } from '../../../helpers/until';
import { cameraConfigSchema, type CameraStatus } from '../../../../electron/shared/config/camera';
import { CameraRunner } from '../../../../inference/worker/camera/camera-runner';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import { fixtures } from '../../../helpers/fixtures';
import { startRtspTestServer, type RtspTestServer } from '../../../helpers/rtsp-server';

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
    await until(() => frames >= 10 && previews >= 5, 30_000, 'frames');
    expect(runner.currentStatus.state).toBe('streaming');

    const logsBeforeOutage = logs.length;
    await server.stop();
    await until(
      () => runner!.currentStatus.state !== 'streaming',
      30_000,
      'the outage to be noticed',
    );
    const framesAtOutage = frames;
    await new Promise((r) => setTimeout(r, 2000));

    await server.start();
    const resumedIn = await until(() => frames >= framesAtOutage + 5, 60_000, 'frames to resume');
    await until(() => runner!.currentStatus.state === 'streaming', 30_000, 'streaming state');
    console.info(
      `[rtsp] frames resumed ${resumedIn} ms after the server came back; reconnects ${runner.currentStatus.reconnects}`,
    );
    expect(runner.currentStatus.reconnects).toBeGreaterThanOrEqual(1);
    // The retry schedule itself, not the wall clock (which only says how loaded the machine is):
    // exponential from 0.5 s with ±25 % jitter, capped at 30 s.
    const delays = logs
      .slice(logsBeforeOutage)
      .filter((l) => l.includes('camera source failed; reconnecting'))
      .map((l) => Number(/"inMs":(\d+)/.exec(l)?.[1]));
    expect(delays.length).toBeGreaterThanOrEqual(1);
    delays.forEach((d, k) => {
      const base = Math.min(30_000, 500 * 2 ** k);
      expect(d).toBeGreaterThanOrEqual(Math.floor(base * 0.75));
      expect(d).toBeLessThanOrEqual(Math.ceil(base * 1.25));
    });
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
