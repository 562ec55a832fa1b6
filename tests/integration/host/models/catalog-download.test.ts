import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadVerified } from '../../../../electron/host/models/download';
import { fetchModel } from '../../../../electron/host/models/install';
import { isCodedError } from '../../../../electron/shared/coded-error';
import { sharedFixture } from '../../../helpers/fixtures';

const payload = randomBytes(3 * 1024 * 1024 + 123);
const sha = createHash('sha256').update(payload).digest('hex');
const light = sharedFixture('models/light_person_detector_192.onnx');

/**
 * The catalog download against a loopback HTTP server (nothing else is reachable here): progress,
 * an interrupted download resumed with an HTTP Range request, a corrupt file refused, a server that
 * ignores Range, and a real model installed from the catalog through the same path.
 */
describe('catalog download with progress, resume and verification', () => {
  let server: Server;
  let base: string;
  let dir: string;
  /** What the server does next: cut the body after N bytes, corrupt it, or ignore Range. */
  const mode = { cutAfter: 0, corrupt: false, ignoreRange: false };
  const ranges: string[] = [];
  const files: Record<string, Buffer> = { '/m.bin': payload };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'watcher-download-'));
    if (light) files['/light.onnx'] = readFileSync(light);
    server = createServer((req, res) => {
      const body = files[req.url ?? ''];
      if (!body) {
        res.writeHead(404);
        res.end();
        return;
      }
      const data = mode.corrupt ? Buffer.from(body).fill(7, 1000, 1010) : body;
      const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      ranges.push(req.headers.range ?? '');
      let start = 0;
      if (range && !mode.ignoreRange) {
        start = Number(range[1]);
        if (start >= data.length) {
          res.writeHead(416, { 'content-range': `bytes */${data.length}` });
          res.end();
          return;
        }
        res.writeHead(206, {
          'content-length': String(data.length - start),
          'content-range': `bytes ${start}-${data.length - 1}/${data.length}`,
        });
      } else res.writeHead(200, { 'content-length': String(data.length) });
      const rest = data.subarray(start);
      if (mode.cutAfter > 0) {
        // Send part of the body, then drop the connection: what a flaky link does.
        res.write(rest.subarray(0, mode.cutAfter), () => res.destroy());
        return;
      }
      res.end(rest);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  const reset = () => {
    Object.assign(mode, { cutAfter: 0, corrupt: false, ignoreRange: false });
    ranges.length = 0;
  };
  const target = (name: string) => path.join(dir, name);
  const entry = { id: 'm', url: '', sha256: sha, sizeBytes: payload.length };

  async function codeOf(p: Promise<unknown>): Promise<string> {
    try {
      await p;
    } catch (e) {
      return isCodedError(e) ? e.code : String(e);
    }
    return 'resolved';
  }

  it('downloads with progress up to the full size and verifies it', async () => {
    reset();
    const seen: number[] = [];
    const r = await downloadVerified({ ...entry, url: `${base}/m.bin` }, target('a.bin'), {
      onProgress: (p) => seen.push(p.received),
      progressEveryMs: 0,
    });
    expect(r).toMatchObject({ bytes: payload.length, resumedFrom: 0 });
    expect(seen.length).toBeGreaterThan(1);
    expect([...seen].sort((x, y) => x - y)).toEqual(seen);
    expect(seen.at(-1)).toBe(payload.length);
    expect(readFileSync(target('a.bin')).equals(payload)).toBe(true);
    expect(existsSync(`${target('a.bin')}.part`)).toBe(false);
  });

  it('an interrupted download keeps its part and resumes from it with a Range request', async () => {
    reset();
    mode.cutAfter = 1024 * 1024;
    const code = await codeOf(
      downloadVerified({ ...entry, url: `${base}/m.bin` }, target('b.bin')),
    );
    expect(code).toBe('models.fetch.interrupted');
    const part = `${target('b.bin')}.part`;
    const kept = statSync(part).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(payload.length);
    expect(existsSync(target('b.bin'))).toBe(false);

    mode.cutAfter = 0;
    const seen: Array<{ received: number; resumedFrom: number }> = [];
    const r = await downloadVerified({ ...entry, url: `${base}/m.bin` }, target('b.bin'), {
      onProgress: (p) => seen.push(p),
      progressEveryMs: 0,
    });
    expect(ranges.at(-1)).toBe(`bytes=${kept}-`);
    expect(r).toEqual({ file: target('b.bin'), bytes: payload.length, resumedFrom: kept });
    expect(seen[0].received).toBeGreaterThan(kept);
    expect(readFileSync(target('b.bin')).equals(payload)).toBe(true);
    expect(existsSync(part)).toBe(false);
  });

  it('a corrupt download is refused and deleted, part included', async () => {
    reset();
    mode.corrupt = true;
    const code = await codeOf(
      downloadVerified({ ...entry, url: `${base}/m.bin` }, target('c.bin')),
    );
    expect(code).toBe('models.fetch.checksum');
    expect(existsSync(target('c.bin'))).toBe(false);
    expect(existsSync(`${target('c.bin')}.part`)).toBe(false);
  });

  it('a part whose bytes were damaged fails verification after resuming, then downloads cleanly', async () => {
    reset();
    const part = `${target('d.bin')}.part`;
    writeFileSync(part, Buffer.from(payload.subarray(0, 500_000)).fill(1, 10, 20));
    expect(
      await codeOf(downloadVerified({ ...entry, url: `${base}/m.bin` }, target('d.bin'))),
    ).toBe('models.fetch.checksum');
    expect(existsSync(part)).toBe(false);
    const r = await downloadVerified({ ...entry, url: `${base}/m.bin` }, target('d.bin'));
    expect(r.resumedFrom).toBe(0);
    expect(readFileSync(target('d.bin')).equals(payload)).toBe(true);
  });

  it('a server that ignores Range (200) makes the download start over', async () => {
    reset();
    const part = `${target('e.bin')}.part`;
    writeFileSync(part, payload.subarray(0, 100_000));
    mode.ignoreRange = true;
    const r = await downloadVerified({ ...entry, url: `${base}/m.bin` }, target('e.bin'));
    expect(ranges.at(-1)).toBe('bytes=100000-');
    expect(r.resumedFrom).toBe(0);
    expect(readFileSync(target('e.bin')).equals(payload)).toBe(true);
  });

  it.skipIf(!light)(
    '`watcher models fetch` installs a real catalog model, resuming a cut download',
    async () => {
      reset();
      const bytes = files['/light.onnx'];
      const e = {
        id: 'light-person',
        file: 'light_person_detector_192.onnx',
        sha256: createHash('sha256').update(bytes).digest('hex'),
        sizeBytes: bytes.length,
        layout: 'yolox' as const,
        labels: ['person'],
        licence: 'Apache-2.0',
        source: 'loopback test server',
        url: `${base}/light.onnx`,
      };
      const models = path.join(dir, 'models');
      mode.cutAfter = 1_000_000;
      expect(await codeOf(fetchModel(e, models))).toBe('models.fetch.interrupted');
      mode.cutAfter = 0;
      const file = await fetchModel(e, models);
      expect(file).toBe(path.join(models, 'light-person.onnx'));
      expect(ranges.at(-1)).toMatch(/^bytes=\d+-$/);
      expect(readFileSync(file).equals(bytes)).toBe(true);
      const side = JSON.parse(readFileSync(path.join(models, 'light-person.json'), 'utf8'));
      expect(side).toMatchObject({ layout: 'yolox', labels: ['person'], sha256: e.sha256 });
    },
  );
});
