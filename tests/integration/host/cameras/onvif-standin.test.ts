import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHostServices } from '../../../../electron/host/host-services';
import { Logger } from '../../../../electron/host/logging/logger';
import type { ConnectionContext } from '../../../../electron/host/api-types';
import { createNodeHost } from '../../../helpers/node-host';
import { startOnvifStandIn, type OnvifStandIn } from '../../../helpers/onvif-standin';

/**
 * ONVIF through the host's API against a loopback stand-in (no ONVIF camera exists on this
 * machine): the stand-in speaks real SOAP 1.2 over HTTP with WS-Security digest checks and answers
 * WS-Discovery probes over UDP on loopback. Discover → probe → profiles → stream URI → camera
 * created with its password sealed; a wrong password, hostile and oversized XML and an address that
 * is no ONVIF device each get their own coded error; PTZ presets are listed and go-to is carried
 * out (the stand-in records it) and audited.
 */
const PASSWORD = 'Onv1f-Pw-7q';

describe('ONVIF discovery, probe and PTZ against a loopback ONVIF stand-in', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'watcher-onvif-'));
  const services = openHostServices({ dataDir, logger: new Logger({ console: false }) });
  const host = createNodeHost({ dataDir, logger: new Logger({ console: false }), services });
  const ws: ConnectionContext = { connectionId: 'c1', transport: 'ws' };
  let id = 0;
  let token = '';
  let standIn: OnvifStandIn;
  let html: Server;
  let htmlPort = 0;
  // Replies are checked with toMatchObject; their results are read loosely.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Reply = { ok: boolean; result?: any; error?: { code: string; message: string } };
  const call = (method: string, params: unknown, session = token) =>
    host.handle(
      { kind: 'request', id: ++id, method, params, session: session || undefined },
      ws,
    ) as Promise<Reply>;

  beforeAll(async () => {
    standIn = await startOnvifStandIn({
      username: 'admin',
      password: PASSWORD,
      rtspUrl: 'rtsp://127.0.0.1:8554/main',
      name: 'Cruce Av. Arequipa',
    });
    html = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>router login</body></html>');
    });
    await new Promise<void>((r) => html.listen(0, '127.0.0.1', r));
    htmlPort = (html.address() as { port: number }).port;
    const admin = (await call(
      'auth.createFirstAdmin',
      { username: 'admin', password: 'clave-segura-123', displayName: 'Admin' },
      '',
    )) as Reply;
    token = admin.result.token;
  });
  afterAll(async () => {
    await standIn?.close();
    await new Promise((r) => html?.close(r));
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('discovers the device, reads its profiles and stream URIs, and saves the camera sealed', async () => {
    const found = await call('onvif.discover', {
      address: '127.0.0.1',
      port: standIn.discoveryPort,
      timeoutMs: 800,
    });
    expect(found, JSON.stringify(found)).toMatchObject({ ok: true });
    expect(found.result).toEqual([
      expect.objectContaining({
        endpoint: standIn.endpoint,
        xaddrs: [standIn.deviceUrl],
        name: 'Cruce Av. Arequipa',
        hardware: 'SI-1',
      }),
    ]);

    const probe = await call('onvif.probe', {
      url: found.result[0].xaddrs[0],
      username: 'admin',
      password: PASSWORD,
    });
    expect(probe, JSON.stringify(probe)).toMatchObject({ ok: true });
    expect(probe.result.device).toMatchObject({
      manufacturer: 'Stand-in',
      serialNumber: '0012345',
    });
    expect(probe.result.ptz).toBe(true);
    expect(probe.result.profiles).toEqual([
      expect.objectContaining({
        token: 'main',
        width: 1920,
        height: 1080,
        fps: 25,
        encoding: 'H264',
        ptz: true,
        streamUri: 'rtsp://127.0.0.1:8554/main',
      }),
      expect.objectContaining({ token: 'sub', streamUri: 'rtsp://127.0.0.1:8554/sub' }),
    ]);
    // Every call carried a valid UsernameToken digest.
    expect(standIn.calls.every((c) => c.authorised)).toBe(true);
    expect(standIn.calls.map((c) => c.action)).toEqual(
      expect.arrayContaining([
        'GetDeviceInformation',
        'GetCapabilities',
        'GetProfiles',
        'GetStreamUri',
      ]),
    );

    const onvifUrl = standIn.deviceUrl.replace('http://', `http://admin:${PASSWORD}@`);
    const saved = await call('cameras.upsert', {
      camera: {
        id: 'cruce-1',
        name: 'Cruce 1',
        enabled: false,
        source: { kind: 'rtsp', url: probe.result.profiles[0].streamUri },
        site: { name: 'Av. Arequipa', position: { lat: -12.08, lon: -77.03 }, headingDeg: 90 },
        onvif: { url: onvifUrl, profileToken: 'main', ptz: true },
      },
    });
    expect(saved, JSON.stringify(saved)).toMatchObject({ ok: true });
    expect(saved.result.onvif.url).toBe(standIn.deviceUrl.replace('http://', 'http://admin@'));
    const listed = await call('cameras.list', {});
    expect(JSON.stringify(listed)).not.toContain(PASSWORD);
    expect(listed.result.find((c: { id: string }) => c.id === 'cruce-1')).toMatchObject({
      site: { name: 'Av. Arequipa', maintenance: 'in-service' },
    });
    // Saving the listed form back (no password) keeps the stored one: PTZ still authenticates.
    const again = await call('cameras.upsert', {
      camera: listed.result.find((c: { id: string }) => c.id === 'cruce-1'),
    });
    expect(again.ok).toBe(true);
    for (const f of readdirSync(dataDir).filter((f) => /\.(db|sqlite|wal|db-wal)$/.test(f)))
      expect(readFileSync(path.join(dataDir, f)).includes(PASSWORD), f).toBe(false);

    const presets = await call('ptz.presets', { cameraId: 'cruce-1' });
    expect(presets, JSON.stringify(presets)).toMatchObject({ ok: true });
    expect(presets.result).toEqual([
      { token: 'p1', name: 'Entrada norte' },
      { token: 'p2', name: 'Cruce & semáforo' },
    ]);
    expect(await call('ptz.goto', { cameraId: 'cruce-1', presetToken: 'p2' })).toMatchObject({
      ok: true,
    });
    expect(standIn.gotos).toEqual([{ profile: 'main', preset: 'p2' }]);
    expect(services.store.audit.list({ action: 'ptz.goto' })[0]).toMatchObject({ actor: 'admin' });
    expect(await call('ptz.goto', { cameraId: 'cruce-1', presetToken: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'onvif.error.fault' },
    });
  });

  it('says clearly when the password is wrong, the device is absent or is no ONVIF device', async () => {
    expect(
      await call('onvif.probe', { url: standIn.deviceUrl, username: 'admin', password: 'wrong' }),
    ).toMatchObject({ ok: false, error: { code: 'onvif.error.auth' } });
    expect(standIn.calls.at(-1)).toMatchObject({ authorised: false });
    expect(
      await call('onvif.probe', { url: 'http://127.0.0.1:1/onvif/device_service' }),
    ).toMatchObject({ ok: false, error: { code: 'onvif.error.unreachable' } });
    expect(
      await call('onvif.probe', { url: `http://127.0.0.1:${htmlPort}/onvif/device_service` }),
    ).toMatchObject({ ok: false, error: { code: 'onvif.error.notOnvif' } });
    expect(await call('onvif.probe', { url: 'ftp://127.0.0.1/x' })).toMatchObject({
      ok: false,
      error: { code: 'api.invalid_params' },
    });
    expect(await call('ptz.presets', { cameraId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'camera.not_found' },
    });
  });

  it('refuses hostile (entity-declaring) and oversized XML without parsing it', async () => {
    standIn.hostile = 'doctype';
    expect(
      await call('onvif.probe', { url: standIn.deviceUrl, username: 'admin', password: PASSWORD }),
    ).toMatchObject({ ok: false, error: { code: 'onvif.error.badXml' } });
    standIn.hostile = 'oversized';
    expect(
      await call('onvif.probe', { url: standIn.deviceUrl, username: 'admin', password: PASSWORD }),
    ).toMatchObject({ ok: false, error: { code: 'onvif.error.tooLarge' } });
    standIn.hostile = undefined;
  });

  it('lets an operator use PTZ but not probe devices; an auditor neither', async () => {
    for (const [username, role] of [
      ['op1', 'operator'],
      ['aud1', 'auditor'],
    ] as const)
      expect(
        await call('users.create', {
          username,
          password: 'clave-segura-456',
          displayName: username,
          role,
        }),
      ).toMatchObject({ ok: true });
    const login = async (username: string) =>
      ((await call('auth.login', { username, password: 'clave-segura-456' }, '')) as Reply).result
        .token as string;
    const op = await login('op1');
    const aud = await login('aud1');
    expect(await call('ptz.presets', { cameraId: 'cruce-1' }, op)).toMatchObject({ ok: true });
    expect(await call('onvif.probe', { url: standIn.deviceUrl }, op)).toMatchObject({
      ok: false,
      error: { code: 'store.error.forbidden' },
    });
    expect(await call('ptz.goto', { cameraId: 'cruce-1', presetToken: 'p1' }, aud)).toMatchObject({
      ok: false,
      error: { code: 'store.error.forbidden' },
    });
  });
});
