import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { buildAnalyticsExport } from '../../../../electron/host/handlers/analytics-export-handlers';
import { reportSources } from '../../../../electron/host/handlers/report-handlers';
import { createScheduleHandlers } from '../../../../electron/host/handlers/schedule-handlers';
import { allowedReportFolders } from '../../../../electron/host/reports/schedules/report-folders';
import { ReportScheduler } from '../../../../electron/host/reports/schedules/report-scheduler';
import {
  analyticsRunExports,
  type ScheduleRunDeps,
} from '../../../../electron/host/reports/schedules/schedule-runner';
import { ScheduleStore } from '../../../../electron/host/reports/schedules/schedule-store';
import { TrackHistoryRepo } from '../../../../electron/host/store/track-history';
import type { ConnectionContext } from '../../../../electron/host/api-types';
import { reportScheduleSchema } from '../../../../electron/shared/api/methods/report-schedules';
import type { FinishedTrack } from '../../../../electron/shared/domain/track-history';
import { openTestStore, type TestStore } from '../../../unit/host/store/helpers';
import { until } from '../../../helpers/until';

const HOUR = 3_600_000;
/** 2026-01-15 00:00 in Lima (UTC−5): the day the daily schedule due on the 16th reports. */
const DAY_LIMA = Date.UTC(2026, 0, 15, 5);

let t: TestStore | undefined;
let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers) await c();
  closers = [];
  t?.cleanup();
});

/** A real SMTP server on loopback (plaintext, no auth) keeping every message it accepts. */
async function smtpServer() {
  const mails: Array<{ to: string[]; raw: string }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    mails,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

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

function person(ts: number, trackId: number): FinishedTrack {
  return {
    cameraId: 'cam-1',
    trackId,
    classLabel: 'person',
    firstSeen: ts,
    lastSeen: ts + 10_000,
    frames: 100,
    path: [
      [0.2, 0.5],
      [0.8, 0.5],
    ],
    zones: [{ zoneId: 'dock', enterTs: ts, exitTs: ts + 8_000, dwellMs: 8_000 }],
    lines: [{ lineId: 'door', ts: ts + 1_000, direction: 'left-to-right' }],
  };
}

const ctx: ConnectionContext = {
  connectionId: 'test',
  transport: 'ws',
  session: { username: 'ana' } as ConnectionContext['session'],
};

describe('scheduled analytics reports', () => {
  it('a due analytics schedule builds the Analytics export, saves it and emails it', async () => {
    t = openTestStore();
    const store = t.store;
    // The evening of the 15th in Lima: five people went through the door at 09:00, two the day
    // before.
    t.clock.t = Date.UTC(2026, 0, 16, 1);
    new TrackHistoryRepo(store).insert([
      ...Array.from({ length: 5 }, (_, i) => person(DAY_LIMA + 9 * HOUR + i * 60_000, i + 1)),
      person(DAY_LIMA - 24 * HOUR + 9 * HOUR, 10),
      person(DAY_LIMA - 24 * HOUR + 9 * HOUR + 60_000, 11),
    ]);
    const smtp = await smtpServer();
    closers.push(smtp.close);
    const allowedFolders = allowedReportFolders(t.dir, {});
    const folder = path.join(t.dir, 'reports', 'analytics');
    const analyticsContext = {
      db: store.db,
      cameras: () => [{ id: 'cam-1', name: 'Puerta norte' }],
      ruleSet: () => ({
        data: { zones: [{ id: 'dock', name: 'Muelle' }], lines: [{ id: 'door', name: 'Puerta' }] },
      }),
    };
    const deps = (): ScheduleRunDeps => ({
      store: new ScheduleStore(store.db, store.now),
      sources: reportSources({
        db: store.db,
        cameras: { list: () => [], get: () => undefined },
        statuses: () => [],
        workerStates: () => [],
      }),
      emailChannel: () =>
        Promise.resolve({
          smtp: { smtpUrl: smtp.url, allowPlaintext: true, from: 'watcher@example.org' },
          to: ['sala@example.org'],
        }),
      allowedFolders,
      analytics: (p) =>
        buildAnalyticsExport(analyticsContext, p, { operator: p.operator, now: store.now() }),
      now: store.now,
    });
    const handlers = createScheduleHandlers({
      scheduler: new ReportScheduler(deps()),
      allowedFolders,
      audit: store.audit,
      tx: (fn) => store.tx(fn),
    });
    const schedule = reportScheduleSchema.parse({
      id: 'analytics-daily',
      name: 'Analítica diaria',
      report: 'analytics',
      frequency: 'daily',
      at: '07:00',
      timeZone: 'America/Lima',
      formats: ['csv', 'xlsx'],
      emailChannelIds: ['ops'],
      saveToFolder: folder,
    });
    // The next slot is the 16th at 07:00; the host then stays off until 10:30, so that slot is
    // due at the next start.
    await handlers['schedules.save'](schedule, ctx);
    t.clock.t = Date.UTC(2026, 0, 16, 15, 30);
    const scheduler = new ReportScheduler(deps()).start();
    closers.push(() => scheduler.stop());
    await until(
      () => scheduler.store.runs({ limit: 10 }).some((r) => r.state !== 'running'),
      60_000,
      'run',
    );
    const [run] = scheduler.store.runs({ limit: 10 });
    expect(run.error).toBeUndefined();
    expect(run).toMatchObject({ state: 'done', late: true, dueAt: Date.UTC(2026, 0, 16, 12) });
    const names = run.files.map((f) => f.name).sort();
    expect(names).toEqual([
      'watcher-analytics-2026-01-15.csv',
      'watcher-analytics-2026-01-15.xlsx',
    ]);

    // Delivered through the existing path: the folder and the email channel.
    expect(readdirSync(folder).sort()).toEqual(names);
    await until(() => smtp.mails.length > 0, 10_000, 'mail');
    const files = attachments(smtp.mails[0].raw);
    expect([...files.keys()].sort()).toEqual(names);
    const csv = files.get('watcher-analytics-2026-01-15.csv')!.toString('utf8');
    expect(readFileSync(path.join(folder, 'watcher-analytics-2026-01-15.csv'), 'utf8')).toBe(csv);
    expect(csv).toContain('Analítica del sitio: 2026-01-15 00:00 – 2026-01-16 00:00');
    expect(csv).toContain(
      '2026-01-15 09:00,Todas las cámaras,Puerta,person,de izquierda a derecha,5',
    );
    // Compared with the 14th.
    expect(csv).toContain('person,5,2,150');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(files.get('watcher-analytics-2026-01-15.xlsx')! as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toContain('Comparación de periodos');
  });

  it('the run exports cover the period that just ended, hour by hour for a daily schedule', () => {
    const s = reportScheduleSchema.parse({
      id: 'a',
      name: 'A',
      report: 'analytics',
      frequency: 'weekly',
      at: '07:00',
      timeZone: 'America/Lima',
      formats: ['pdf'],
      cameraIds: ['cam-1'],
      zones: [{ cameraId: 'cam-1', zoneId: 'dock' }],
    });
    const [p] = analyticsRunExports(s, Date.UTC(2026, 0, 19, 12));
    expect(p).toMatchObject({
      format: 'pdf',
      from: Date.UTC(2026, 0, 12, 5),
      to: Date.UTC(2026, 0, 19, 5),
      intervalMs: 86_400_000,
      cameraIds: ['cam-1'],
      zoneIds: ['dock'],
      tzOffsetMinutes: -300,
    });
    const daily = analyticsRunExports({ ...s, frequency: 'daily' }, Date.UTC(2026, 0, 19, 12));
    expect(daily[0]).toMatchObject({ from: Date.UTC(2026, 0, 18, 5), intervalMs: 3_600_000 });
    // A schedule saved before the field reports infractions.
    const { report: _r, ...old } = s;
    expect(reportScheduleSchema.parse(old).report).toBe('infractions');
  });
});
