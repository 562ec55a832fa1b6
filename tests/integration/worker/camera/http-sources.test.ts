import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { cameraConfigSchema, type CameraSource } from '../../../../electron/shared/config/camera';
import { CameraRunner } from '../../../../inference/worker/camera/camera-runner';
import { JpegSplitter } from '../../../../inference/worker/camera/jpeg-splitter';
import { ringBufferDir } from '../../../../inference/worker/camera/ring-buffer';
import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import { writeTestH264 } from '../../../helpers/ring-buffer-fixture';

const dir = mkdtempSync(path.join(os.tmpdir(), 'http-src-'));
let server: Server;
let base: string;
const jpegs: Buffer[] = [];

beforeAll(async () => {
  const ff = ffmpegBinary().path;
  // An HLS playlist (H.264, 1 s segments) and a set of JPEGs for an MJPEG camera.
  writeTestH264(
    { ffmpeg: ff, seconds: 6 },
    '-f',
    'hls',
    '-hls_time',
    '1',
    '-hls_list_size',
    '0',
    path.join(dir, 'index.m3u8'),
  );
  const mjpeg = execFileSync(
    ff,
    [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x180:rate=10:duration=1',
      '-f',
      'image2pipe',
      '-c:v',
      'mjpeg',
      'pipe:1',
    ],
    { maxBuffer: 1 << 26 },
  );
  new JpegSplitter((j) => jpegs.push(Buffer.from(j))).push(mjpeg);
  server = createServer((req, res) => {
    if (req.url === '/mjpeg') {
      // A typical IP camera MJPEG stream: multipart/x-mixed-replace, one JPEG part per frame.
      res.writeHead(200, { 'content-type': 'multipart/x-mixed-replace; boundary=frame' });
      let i = 0;
      const timer = setInterval(() => {
        const j = jpegs[i++ % jpegs.length];
        res.write(`--frame\r\nContent-Type: image/jpeg\r\nContent-Length: ${j.length}\r\n\r\n`);
        res.write(j);
        res.write('\r\n');
      }, 100);
      req.on('close', () => clearInterval(timer));
      return;
    }
    try {
      const body = readFileSync(path.join(dir, path.basename(req.url ?? '')));
      res.writeHead(200, {
        'content-type': req.url?.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/mp2t',
      });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

async function stream(id: string, source: CameraSource, ms: number) {
  const config = cameraConfigSchema.parse({
    id,
    name: id,
    source,
    analysis: { fps: 5 },
    preview: { fps: 5, width: 160 },
    buffer: { seconds: 10 },
  });
  let frames = 0;
  let previews = 0;
  const runner = new CameraRunner(
    config,
    {
      ffmpegPath: ffmpegBinary().path,
      analysis: { width: 64, height: 36, pixFmt: 'gray' },
      preview: true,
      dataDir: dir,
      realtime: true,
      reconnect: true,
    },
    { status: () => {}, frame: () => frames++, preview: () => previews++, log: () => {} },
  );
  runner.start();
  await new Promise((r) => setTimeout(r, ms));
  const status = runner.currentStatus;
  const info = runner.info;
  runner.stop();
  return { frames, previews, status, info };
}

describe('HTTP sources', () => {
  it('reads an HLS playlist and copies its H.264 into the ring buffer', async () => {
    const r = await stream('hls-cam', { kind: 'hls', url: `${base}/index.m3u8` }, 4000);
    expect(r.info).toMatchObject({ codec: 'h264', width: 320, height: 180 });
    expect(r.frames).toBeGreaterThan(5);
    expect(r.previews).toBeGreaterThan(5);
    expect(readdirSync(ringBufferDir(dir, 'hls-cam')).some((f) => /^seg-\d+\.ts$/.test(f))).toBe(
      true,
    );
  });

  it('reads an MJPEG camera over HTTP and encodes its ring buffer to H.264', async () => {
    const r = await stream('mjpeg-cam', { kind: 'http', url: `${base}/mjpeg` }, 5000);
    expect(r.info).toMatchObject({ codec: 'mjpeg', width: 320, height: 180 });
    expect(r.frames).toBeGreaterThan(5);
    expect(r.status.reconnects).toBe(0);
    expect(readdirSync(ringBufferDir(dir, 'mjpeg-cam')).some((f) => /^seg-\d+\.ts$/.test(f))).toBe(
      true,
    );
  });
});
