import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TileProxy } from '../../../../electron/host/map/tile-proxy';

/** The host's tile fetcher against a loopback tile server (real HTTP). */
describe('TileProxy', () => {
  let server: Server;
  let port = 0;
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.url} ${req.headers['user-agent']}`);
      if (req.url?.startsWith('/html/')) {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html></html>');
        return;
      }
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('fetches a tile once, with the product User-Agent, then serves it from its cache', async () => {
    const proxy = new TileProxy();
    const template = `http://127.0.0.1:${port}/t/{z}/{x}/{y}.png`;
    const a = await proxy.tile(template, { z: 2, x: 1, y: 3 });
    const b = await proxy.tile(template, { z: 2, x: 1, y: 3 });
    expect(a).toEqual({ contentType: 'image/png', base64: 'iVBORw==' });
    expect(b).toEqual(a);
    expect(seen.filter((s) => s.startsWith('/t/2/1/3.png'))).toHaveLength(1);
    expect(seen[0]).toMatch(/Watcher\//);
  });

  it('refuses what is not an image and tiles outside the world', async () => {
    const proxy = new TileProxy();
    await expect(
      proxy.tile(`http://127.0.0.1:${port}/html/{z}/{x}/{y}`, { z: 1, x: 0, y: 0 }),
    ).rejects.toMatchObject({ code: 'map.error.tileNotImage' });
    await expect(
      proxy.tile(`http://127.0.0.1:${port}/t/{z}/{x}/{y}`, { z: 1, x: 2, y: 0 }),
    ).rejects.toMatchObject({ code: 'map.error.badTile' });
  });

  it('an unreachable server fails fast for a while instead of once per tile', async () => {
    let now = 1000;
    const proxy = new TileProxy({ now: () => now });
    const dead = 'http://127.0.0.1:9/{z}/{x}/{y}.png';
    await expect(proxy.tile(dead, { z: 1, x: 0, y: 0 })).rejects.toMatchObject({
      code: 'map.error.tilesUnreachable',
    });
    let fetched = 0;
    const counting = new TileProxy({
      now: () => now,
      fetch: (async (...a: Parameters<typeof fetch>) => {
        fetched++;
        return fetch(...a);
      }) as typeof fetch,
    });
    await expect(counting.tile(dead, { z: 1, x: 0, y: 0 })).rejects.toBeDefined();
    await expect(counting.tile(dead, { z: 1, x: 1, y: 0 })).rejects.toMatchObject({
      code: 'map.error.tilesUnreachable',
    });
    expect(fetched).toBe(1);
    now += 31_000;
    await expect(counting.tile(dead, { z: 1, x: 1, y: 1 })).rejects.toBeDefined();
    expect(fetched).toBe(2);
  });
});
