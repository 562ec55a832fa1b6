import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlRoomHost } from '../../../electron/host/control-room-host';
import { openHostServices, type HostServices } from '../../../electron/host/host-services';
import { Logger } from '../../../electron/host/logging/logger';
import { mulberry32, syntheticInfraction } from '../../../tools/synth/synthetic-infractions';
import { waitFor } from '../../helpers/process-tree';
import { createNodeHost } from '../../helpers/node-host';

/** A municipality's registry, for real, on loopback: one known plate, one that answers garbage. */
function registryServer(): Promise<Server> {
  const server = createServer((req, res) => {
    // The provider may send the plate without separators: compare letters and digits only.
    const plate = decodeURIComponent(
      new URL(req.url ?? '/', 'http://x').pathname.split('/').pop() ?? '',
    ).replace(/[^A-Z0-9]/g, '');
    if (plate === 'ABC123')
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          vehicle: { brand: 'Toyota', model: 'Yaris', color: 'rojo' },
          owner: { ref: 'OWN-77' },
        }),
      );
    else if (plate === 'BAD000')
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('<html>not json');
    else res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('vehicle registry enrichment of infractions (real HTTP server, real store)', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'watcher-registry-'));
  let server: Server;
  let services: HostServices;
  let host: ControlRoomHost;
  beforeAll(async () => {
    server = await registryServer();
    const { port } = server.address() as AddressInfo;
    writeFileSync(
      path.join(dataDir, 'vehicle-registry.json'),
      JSON.stringify({
        kind: 'http-json',
        name: 'municipal',
        urlTemplate: `http://127.0.0.1:${port}/vehicles/{plate}`,
        fieldMap: {
          make: 'vehicle.brand',
          model: 'vehicle.model',
          colour: 'vehicle.color',
          ownerRef: 'owner.ref',
        },
        retries: 0,
      }),
    );
    services = openHostServices({ dataDir, logger: new Logger({ console: false }) });
    host = createNodeHost({
      dataDir,
      logger: new Logger({ console: false }),
      services,
    });
  });
  afterAll(async () => {
    await host.stop();
    server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores make/model/colour/owner for a known plate and a failure with its reason for garbage, leaving infractions intact', async () => {
    const rng = mulberry32(3);
    const known = {
      ...syntheticInfraction(rng, { occurredAt: Date.now() }),
      plate: { text: 'ABC-123', rawText: 'ABC123', confidence: 0.9 },
    };
    const garbage = {
      ...syntheticInfraction(rng, { occurredAt: Date.now() }),
      plate: { text: 'BAD-000', rawText: 'BAD000', confidence: 0.9 },
    };
    host.ingestInfraction(known);
    host.ingestInfraction(garbage);
    const ctx = host.newConnection('ws');
    const admin = await host.handle(
      {
        kind: 'request',
        id: 1,
        method: 'auth.createFirstAdmin',
        params: { username: 'admin', password: 'clave-segura-123', displayName: 'Admin' },
      },
      ctx,
    );
    const session = (admin as { result: { token: string } }).result.token;
    const ask = async (infractionId: string) =>
      (
        (await host.handle(
          {
            kind: 'request',
            id: 2,
            method: 'plates.enrichment',
            params: { infractionId },
            session,
          },
          ctx,
        )) as { result: { status: string; vehicle?: object; reason?: string } }
      ).result;

    const found = await waitFor(async () => (await ask(known.id)).status === 'found', 10_000);
    expect(found, JSON.stringify(await ask(known.id))).toBe(true);
    expect(await ask(known.id)).toMatchObject({
      status: 'found',
      vehicle: { make: 'Toyota', model: 'Yaris', colour: 'rojo', ownerRef: 'OWN-77' },
    });
    expect(await waitFor(async () => (await ask(garbage.id)).status === 'failed', 10_000)).toBe(
      true,
    );
    expect((await ask(garbage.id)).reason).toBe('plates.registry.garbage');
    // Both infractions were stored as sealed, whatever the registry said.
    expect(
      await waitFor(
        () =>
          (
            services.store.db.prepare('SELECT COUNT(*) AS n FROM infractions').get() as {
              n: number;
            }
          ).n === 2,
        5000,
      ),
    ).toBe(true);
    expect(services.store.infractions.get(known.id)?.hash).toBe(known.hash);
  });
});
