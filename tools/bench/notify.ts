import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { KeyFileSecretBox } from '../../electron/host/secrets/key-file-secret-box';
import { ControlRoomStore } from '../../electron/host/store/store';
import { NotifyStore } from '../../electron/host/notify/notify-store';
import { Outbox } from '../../electron/host/notify/outbox';
import { routeSchema } from '../../electron/shared/api/methods/notifications';

const usage = `watcher bench notify [--events N] [--fail-rate F] [--base-ms MS] [--cap-ms MS] [--json]`;

interface Receiver {
  url: string;
  /** 2xx answers per delivery id (a value above 1 is a duplicate). */
  accepted: Map<string, number>;
  acceptedAt: Map<string, number>;
  rejected: number;
  badSignature: number;
  close(): Promise<void>;
}

/** A loopback webhook receiver that checks the signature; `failRate` of requests answer 500. */
async function receiver(secret: string, failRate: number, random: () => number): Promise<Receiver> {
  const accepted = new Map<string, number>();
  const acceptedAt = new Map<string, number>();
  const r = { rejected: 0, badSignature: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const want = Buffer.from(
        `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
      );
      const got = Buffer.from(String(req.headers['x-watcher-signature'] ?? ''));
      if (got.length !== want.length || !timingSafeEqual(got, want)) {
        r.badSignature++;
        res.writeHead(401).end();
        return;
      }
      if (random() < failRate) {
        r.rejected++;
        res.writeHead(500).end();
        return;
      }
      const id = String(req.headers['x-watcher-delivery']);
      accepted.set(id, (accepted.get(id) ?? 0) + 1);
      if (!acceptedAt.has(id)) acceptedAt.set(id, Date.now());
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    accepted,
    acceptedAt,
    get rejected() {
      return r.rejected;
    },
    get badSignature() {
      return r.badSignature;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const percentile = (xs: number[], p: number) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/**
 * Events → three routes → three loopback webhook receivers (one answering 500 half the time)
 * through the real outbox and a real SQLite store. Counts, at the receivers by delivery id, what
 * arrived, what arrived twice and what never did, and the delivery delay.
 */
export async function run(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean', default: false },
        events: { type: 'string', default: '1000' },
        'fail-rate': { type: 'string', default: '0.5' },
        'base-ms': { type: 'string', default: '20' },
        'cap-ms': { type: 'string', default: '500' },
      },
    }).values;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage}\n`);
    return 2;
  }
  const events = Math.max(1, Number(args.events));
  const dir = mkdtempSync(path.join(tmpdir(), 'watcher-bench-notify-'));
  const random = mulberry32(7);
  const secrets = ['secret-a', 'secret-b', 'secret-c'];
  const receivers = [
    await receiver(secrets[0], 0, random),
    await receiver(secrets[1], 0, random),
    await receiver(secrets[2], Number(args['fail-rate']), random),
  ];
  const store = ControlRoomStore.open({
    file: path.join(dir, 'watcher.db'),
    secretBox: KeyFileSecretBox.open(path.join(dir, 'secret.key')),
  });
  const notify = new NotifyStore(store.db, store.secretBox);
  const names = ['ok-a', 'ok-b', 'flaky'];
  store.tx(() => {
    names.forEach((id, i) => {
      notify.saveChannel(
        {
          id,
          name: id,
          enabled: true,
          settings: { kind: 'webhook', url: receivers[i].url, headers: {} },
          secret: secrets[i],
        },
        'bench',
      );
      notify.saveRoute(
        routeSchema.parse({
          id: `route-${id}`,
          name: id,
          channelIds: [id],
          ratePerMinute: 0,
          dedupSec: 0,
        }),
        'bench',
      );
    });
  });
  const outbox = new Outbox({
    store: notify,
    retry: {
      baseMs: Number(args['base-ms']),
      capMs: Number(args['cap-ms']),
      maxAttempts: 40,
    },
    pollMs: 20,
    concurrencyPerChannel: 8,
  }).start();
  const started = performance.now();
  for (let i = 0; i < events; i++) {
    outbox.notify({
      subject: `infraction:${randomUUID()}`,
      kind: 'infraction',
      type: 'speed',
      category: 'traffic',
      cameraId: `cam-${i % 8}`,
      ruleId: 'speed-1',
      at: Date.now(),
    });
    // Events arrive over time, as they do from cameras, not as one batch.
    if (i % 50 === 49) await new Promise((r) => setImmediate(r));
  }
  const guard = Date.now() + 10 * 60_000;
  while (notify.pendingCount() > 0 && Date.now() < guard)
    await new Promise((r) => setTimeout(r, 20));
  await outbox.idle();
  const seconds = (performance.now() - started) / 1000;
  await outbox.stop();

  const rows = store.db
    .prepare('SELECT id, channel_id, state, attempts, created_at FROM notify_deliveries')
    .all() as Array<{ id: string; channel_id: string; state: string; attempts: number; created_at: number }>;
  const expected = events * receivers.length;
  let delivered = 0;
  let duplicated = 0;
  const delays: number[] = [];
  for (const row of rows) {
    const rec = receivers[names.indexOf(row.channel_id)];
    const n = rec.accepted.get(row.id) ?? 0;
    if (n > 0) {
      delivered++;
      delays.push(rec.acceptedAt.get(row.id)! - row.created_at);
    }
    if (n > 1) duplicated += n - 1;
  }
  // Ids a receiver accepted that the outbox never had would be duplicates too.
  const known = new Set(rows.map((r) => r.id));
  for (const rec of receivers)
    for (const [id, n] of rec.accepted) if (!known.has(id)) duplicated += n;
  const lost = expected - delivered;
  const result = {
    events,
    routes: receivers.length,
    expected,
    delivered,
    duplicated,
    lost,
    failed: rows.filter((r) => r.state === 'failed').length,
    retries: rows.reduce((n, r) => n + Math.max(0, r.attempts - 1), 0),
    answered500: receivers[2].rejected,
    badSignatures: receivers.reduce((n, r) => n + r.badSignature, 0),
    p50DelayMs: percentile(delays, 50),
    p95DelayMs: percentile(delays, 95),
    p95DelayMsSteady: percentile(
      rows.filter((r) => r.channel_id !== 'flaky').map((r) => {
        const rec = receivers[names.indexOf(r.channel_id)];
        return (rec.acceptedAt.get(r.id) ?? r.created_at) - r.created_at;
      }),
      95,
    ),
    p95DelayMsFlaky: percentile(
      rows.filter((r) => r.channel_id === 'flaky').map(
        (r) => (receivers[2].acceptedAt.get(r.id) ?? r.created_at) - r.created_at,
      ),
      95,
    ),
    seconds: Math.round(seconds * 100) / 100,
    backoff: { baseMs: Number(args['base-ms']), capMs: Number(args['cap-ms']) },
  };
  store.close();
  for (const r of receivers) await r.close();
  rmSync(dir, { recursive: true, force: true });
  if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else
    process.stdout.write(
      [
        `notify bench: ${events} events × ${result.routes} routes = ${expected} deliveries in ${result.seconds} s`,
        `  delivered   ${delivered}`,
        `  duplicated  ${duplicated}   (by delivery id at the receivers; must be 0)`,
        `  lost        ${lost}   (must be 0)`,
        `  failed      ${result.failed}`,
        `  retries     ${result.retries}   (the flaky receiver answered 500 ${result.answered500} times)`,
        `  delay p50   ${result.p50DelayMs} ms, p95 ${result.p95DelayMs} ms (steady receivers p95 ${result.p95DelayMsSteady} ms, flaky p95 ${result.p95DelayMsFlaky} ms)`,
        `  backoff     ${result.backoff.baseMs} ms × 2^n, cap ${result.backoff.capMs} ms, with jitter`,
        '',
      ].join('\n'),
    );
  return duplicated === 0 && lost === 0 && result.badSignatures === 0 ? 0 : 1;
}
