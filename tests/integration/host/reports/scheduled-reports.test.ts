import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createScheduleHandlers } from '../../../../electron/host/handlers/schedule-handlers';
import {
  reportSources,
  type ReportContext,
} from '../../../../electron/host/handlers/report-handlers';
import { ReportScheduler } from '../../../../electron/host/reports/schedules/report-scheduler';
import { ScheduleStore } from '../../../../electron/host/reports/schedules/schedule-store';
import { allowedReportFolders } from '../../../../electron/host/reports/schedules/report-folders';
import type { EmailChannelLookup } from '../../../../electron/host/reports/schedules/schedule-runner';
import { reportScheduleSchema } from '../../../../electron/shared/api/methods/report-schedules';
import type { ConnectionContext } from '../../../../electron/host/api-types';
import { mulberry32, syntheticInfraction } from '../../../../tools/synth/synthetic-infractions';
import { openTestStore, type TestStore } from '../../../unit/host/store/helpers';
import { until } from '../../../helpers/until';

interface Mail {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on loopback (plaintext, no auth) that keeps every message it accepts. */
async function smtpServer(extra: Partial<SMTPServerOptions> = {}) {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
    ...extra,
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    mails,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** The attachments of a multipart message: file name → decoded bytes. */
function attachments(raw: string): Map<string, Buffer> {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  const out = new Map<string, Buffer>();
  if (!boundary) return out;
  for (const part of raw.split(`--${boundary}`)) {
    const at = part.indexOf('\r\n\r\n');
    if (at < 0) continue;
    const headers = part.slice(0, at).replace(/\r\n[ \t]+/g, ' ');
    const name = /filename="?([^";\r\n]+)"?/i.exec(headers)?.[1];
    if (!name) continue;
    out.set(name, Buffer.from(part.slice(at + 4).replace(/\s+/g, ''), 'base64'));
  }
  return out;
}

const ctx: ConnectionContext = {
  connectionId: 'test',
  transport: 'ws',
  session: { username: 'ana' } as ConnectionContext['session'],
};

let t: TestStore;
let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers) await c();
  closers = [];
  t?.cleanup();
});

function setUp(emailChannel: EmailChannelLookup, names: Partial<ReportContext> = {}) {
  t = openTestStore();
  const rng = mulberry32(5);
  // Infractions on 2026-01-14 in Lima (the day before the store clock's day).
  t.store.infractions.insert(
    Array.from({ length: 20 }, (_, i) =>
      syntheticInfraction(rng, { occurredAt: Date.UTC(2026, 0, 14, 15) + i * 60_000, cameras: 2 }),
    ),
  );
  const allowedFolders = allowedReportFolders(t.dir, {});
  const make = () =>
    new ReportScheduler({
      store: new ScheduleStore(t.store.db, t.store.now),
      sources: reportSources({
        db: t.store.db,
        cameras: { list: () => [], get: () => undefined },
        statuses: () => [],
        workerStates: () => [],
        ...names,
      }),
      emailChannel,
      allowedFolders,
      now: t.store.now,
    });
  const scheduler = make();
  const handlers = createScheduleHandlers({
    scheduler,
    allowedFolders,
    audit: t.store.audit,
    tx: (fn) => t.store.tx(fn),
  });
  return { scheduler, handlers, make, folder: path.join(t.dir, 'reports', 'daily') };
}

const schedule = (o: Record<string, unknown> = {}) =>
  reportScheduleSchema.parse({
    id: 'daily-ops',
    name: 'Diario operaciones',
    frequency: 'daily',
    at: '07:00',
    timeZone: 'America/Lima',
    formats: ['pdf', 'xlsx'],
    emailChannelIds: ['ops'],
    recipients: ['jefe@example.org'],
    ...o,
  });

describe('scheduled reports', () => {
  it('runNow builds the PDF and XLSX, emails them as attachments and saves them in the folder', async () => {
    const smtp = await smtpServer();
    closers.push(smtp.close);
    const { handlers, folder } = setUp((id) =>
      Promise.resolve(
        id === 'ops'
          ? {
              smtp: { smtpUrl: smtp.url, allowPlaintext: true, from: 'watcher@example.org' },
              to: ['sala@example.org'],
            }
          : undefined,
      ),
    );
    await handlers['schedules.save'](schedule({ saveToFolder: folder }), ctx);
    const listed = await handlers['schedules.list']({}, ctx);
    expect(listed.items[0].nextRunAt).toBe(Date.UTC(2026, 0, 16, 12));

    const { run } = await handlers['schedules.runNow']({ id: 'daily-ops' }, ctx);
    expect(run.error).toBeUndefined();
    expect(run.state).toBe('done');
    expect(run.late).toBe(false);
    const names = run.files.map((f) => f.name).sort();
    expect(names).toEqual(['watcher-daily-2026-01-14.pdf', 'watcher-daily-2026-01-14.xlsx']);

    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0];
    expect(mail.to.sort()).toEqual(['jefe@example.org', 'sala@example.org']);
    const files = attachments(mail.raw);
    expect([...files.keys()].sort()).toEqual(names);
    const pdf = files.get('watcher-daily-2026-01-14.pdf')!;
    const xlsx = files.get('watcher-daily-2026-01-14.xlsx')!;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');

    expect(readdirSync(folder).sort()).toEqual(names);
    expect(readFileSync(path.join(folder, 'watcher-daily-2026-01-14.pdf')).equals(pdf)).toBe(true);
    expect(run.files.find((f) => f.name.endsWith('.xlsx'))!.bytes).toBe(xlsx.length);

    const history = await handlers['schedules.runs']({ scheduleId: 'daily-ops', limit: 10 }, ctx);
    expect(history.items.map((r) => r.state)).toEqual(['done']);
    const actions = t.store.audit.list({}).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['schedules.create', 'schedules.runNow']));
  });

  it('runs the latest slot missed while the host was stopped once at the next start, marked late', async () => {
    const smtp = await smtpServer();
    closers.push(smtp.close);
    const { handlers, make, folder } = setUp(() =>
      Promise.resolve({
        smtp: { smtpUrl: smtp.url, allowPlaintext: true, from: 'watcher@example.org' },
        to: ['sala@example.org'],
      }),
    );
    // Saved on 2026-01-15 07:00 Lima; the host then stays off for three days.
    await handlers['schedules.save'](schedule({ saveToFolder: folder, formats: ['csv'] }), ctx);
    t.clock.t = Date.UTC(2026, 0, 18, 15, 30); // 10:30 in Lima on the 18th

    const restarted = make().start();
    closers.push(() => restarted.stop());
    const store = restarted.store;
    await until(() => store.runs({ limit: 10 }).some((r) => r.state !== 'running'), 60_000, 'run');
    const runs = store.runs({ limit: 10 });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ state: 'done', late: true, dueAt: Date.UTC(2026, 0, 18, 12) });
    // The report of the day before the missed slot.
    expect(runs[0].files.map((f) => f.name)).toEqual(['watcher-daily-2026-01-17.csv']);
    expect(smtp.mails).toHaveLength(1);

    // Nothing more until the next slot; then one on-time run.
    expect(await restarted.tick()).toEqual([]);
    t.clock.t = Date.UTC(2026, 0, 19, 12, 0, 30);
    const [next] = await restarted.tick();
    expect(next).toMatchObject({ state: 'done', late: false, dueAt: Date.UTC(2026, 0, 19, 12) });
  });

  it('records an SMTP failure in the run history and keeps running other schedules', async () => {
    const smtp = await smtpServer({
      onRcptTo(address, _session, cb) {
        cb(
          Object.assign(new Error(`mailbox ${address.address} unavailable`), { responseCode: 550 }),
        );
      },
    });
    closers.push(smtp.close);
    const { handlers, scheduler, folder } = setUp(() =>
      Promise.resolve({
        smtp: { smtpUrl: smtp.url, allowPlaintext: true, from: 'watcher@example.org' },
        to: ['sala@example.org'],
      }),
    );
    await handlers['schedules.save'](schedule({ formats: ['csv'] }), ctx);
    await handlers['schedules.save'](
      schedule({
        id: 'folder-only',
        formats: ['csv'],
        emailChannelIds: [],
        recipients: [],
        saveToFolder: folder,
      }),
      ctx,
    );
    t.clock.t = Date.UTC(2026, 0, 16, 12, 1);
    const runs = await scheduler.tick();
    const failed = runs.find((r) => r.scheduleId === 'daily-ops')!;
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/^notify\.error\.rejected: .*unavailable/);
    expect(failed.files.map((f) => f.name)).toEqual(['watcher-daily-2026-01-15.csv']);
    expect(runs.find((r) => r.scheduleId === 'folder-only')!.state).toBe('done');
    expect(readdirSync(folder)).toEqual(['watcher-daily-2026-01-15.csv']);
    const history = await handlers['schedules.runs']({ scheduleId: 'daily-ops', limit: 5 }, ctx);
    expect(history.items[0]).toMatchObject({ state: 'failed', error: failed.error });
  });

  it('builds one file per chosen zone and format, named with the camera and zone names', async () => {
    const cams: Record<string, string> = { 'cam-0': 'Av. Arequipa', 'cam-1': 'Javier Prado' };
    const { handlers, folder } = setUp(() => Promise.resolve(undefined), {
      cameras: {
        list: () => [],
        get: (id: string) => (cams[id] ? ({ id, name: cams[id] } as never) : undefined),
      },
      ruleSet: (id) =>
        id === 'cam-0'
          ? { data: { zones: [{ id: 'zone-0-2', name: 'Cruce peatonal' }] } }
          : undefined,
    });
    const zoneIds = (cam: string, zone: string) =>
      (
        t.store.db
          .prepare('SELECT id FROM infractions WHERE camera_id = ? AND zone_id = ?')
          .all(cam, zone) as Array<{ id: string }>
      ).map((r) => r.id);
    const mine = zoneIds('cam-0', 'zone-0-2');
    const others = t.store.db
      .prepare(
        "SELECT id FROM infractions WHERE NOT (camera_id = 'cam-0' AND zone_id IS 'zone-0-2')",
      )
      .all() as Array<{ id: string }>;
    expect(mine.length).toBeGreaterThan(0);
    expect(others.length).toBeGreaterThan(0);

    await handlers['schedules.save'](
      schedule({
        formats: ['csv', 'pdf'],
        emailChannelIds: [],
        recipients: [],
        saveToFolder: folder,
        cameraIds: ['cam-0'],
        zones: [
          { cameraId: 'cam-0', zoneId: 'zone-0-2' },
          { cameraId: 'cam-1', zoneId: 'zone-1-1' },
        ],
      }),
      ctx,
    );
    const { run } = await handlers['schedules.runNow']({ id: 'daily-ops' }, ctx);
    expect(run.error).toBeUndefined();
    const names = [
      'watcher-daily-2026-01-14-cam-0.csv',
      'watcher-daily-2026-01-14-Av-Arequipa-Cruce-peatonal.csv',
      'watcher-daily-2026-01-14-Javier-Prado-zone-1-1.csv',
      'watcher-daily-2026-01-14-cam-0.pdf',
      'watcher-daily-2026-01-14-Av-Arequipa-Cruce-peatonal.pdf',
      'watcher-daily-2026-01-14-Javier-Prado-zone-1-1.pdf',
    ];
    expect(run.files.map((f) => f.name)).toEqual(names);
    expect(readdirSync(folder).sort()).toEqual([...names].sort());
    // The zone's file lists its infractions only and says the figures are for that zone.
    const csv = readFileSync(path.join(folder, names[1]), 'utf8');
    expect(csv).toContain(
      'Cifras solo de la zona Cruce peatonal (zone-0-2) de la cámara Av. Arequipa',
    );
    for (const id of mine) expect(csv).toContain(id);
    for (const { id } of others) expect(csv).not.toContain(id);
    const whole = readFileSync(path.join(folder, names[0]), 'utf8');
    expect(whole).not.toContain('Cifras solo de la zona');
  });

  it('refuses a folder outside the allowed ones', async () => {
    const { handlers } = setUp(() => Promise.resolve(undefined));
    expect(() =>
      handlers['schedules.save'](schedule({ saveToFolder: path.join(t.dir, 'elsewhere') }), ctx),
    ).toThrow(expect.objectContaining({ code: 'schedules.error.folder' }));
  });
});
