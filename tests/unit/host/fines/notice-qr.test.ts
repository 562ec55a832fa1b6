import { inflateSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { writeNoticePdf } from '../../../../electron/host/fines/notice-pdf';
import { createFinesHandlers } from '../../../../electron/host/handlers/fines-handlers';
import { qrMatrix, type QrMatrix } from '../../../../electron/host/fines/notice-qr';
import { ReviewService } from '../../../../electron/host/store/review';
import {
  noticeVerifyPayload,
  parseNoticeVerifyPayload,
} from '../../../../electron/shared/domain/notice-verify';
import { mulberry32, syntheticInfraction } from '../../../../tools/synth/synthetic-infractions';
import { openTestStore, type TestStore } from '../store/helpers';

let t: TestStore;
afterEach(() => t?.cleanup());

const SHA = 'c0ffee'.padEnd(64, '0');

/** The page content streams of a PDFKit document, inflated. */
function contentStreams(pdf: Buffer): string[] {
  const out: string[] = [];
  const bin = pdf.toString('latin1');
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(bin))) {
    const start = m.index + m[0].length;
    const end = bin.indexOf('endstream', start);
    try {
      out.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      /* an image or font stream that is not a page's drawing */
    }
  }
  return out;
}

/**
 * Reads the QR code back from the squares drawn in the page: every filled square of one module's
 * size is a dark module; their grid is the matrix.
 */
function matrixFromPdf(pdf: Buffer): QrMatrix {
  const rects = contentStreams(pdf)
    .flatMap((s) => [...s.matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re/g)])
    .map((m) => m.slice(1, 5).map(Number));
  // The quiet zone's white square is the largest; modules are the smallest squares.
  const cell = Math.min(...rects.filter(([, , w, h]) => w === h).map(([, , w]) => w));
  const mods = rects.filter(([, , w, h]) => Math.abs(w - cell) < 1e-6 && Math.abs(h - cell) < 1e-6);
  const x0 = Math.min(...mods.map(([x]) => x));
  const y0 = Math.min(...mods.map(([, y]) => y));
  const n = Math.round((Math.max(...mods.map(([x]) => x)) - x0) / cell) + 1;
  const m: QrMatrix = Array.from({ length: n }, () => Array<boolean>(n).fill(false));
  for (const [x, y] of mods) m[Math.round((y - y0) / cell)][Math.round((x - x0) / cell)] = true;
  return m;
}

function finderAt(m: QrMatrix, r0: number, c0: number): boolean {
  for (let r = 0; r < 7; r++)
    for (let c = 0; c < 7; c++) {
      const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
      if (m[r0 + r][c0 + c] !== (ring !== 2)) return false;
    }
  return true;
}

describe('the notice QR code', () => {
  it('carries the case code and package hash, and reads back', () => {
    const payload = noticeVerifyPayload({ code: 'INF-20261201-AB12-000123', sha256: SHA });
    expect(payload).toBe(`watcher://verify/INF-20261201-AB12-000123?sha256=${SHA}`);
    expect(parseNoticeVerifyPayload(payload)).toEqual({
      code: 'INF-20261201-AB12-000123',
      sha256: SHA,
    });
    expect(parseNoticeVerifyPayload('https://example.org/')).toBeUndefined();
    expect(parseNoticeVerifyPayload(`watcher://verify/INF-1?sha256=${SHA.slice(1)}`)).toBe(
      undefined,
    );
    expect(() => noticeVerifyPayload({ code: 'a b', sha256: SHA })).toThrow(RangeError);
  });

  it('is a well-formed QR symbol: square, version-sized, three finder patterns', () => {
    const m = qrMatrix(noticeVerifyPayload({ code: 'INF-20261201-AB12-000123', sha256: SHA }));
    const n = m.length;
    expect((n - 17) % 4).toBe(0);
    expect(m.every((row) => row.length === n)).toBe(true);
    expect(finderAt(m, 0, 0) && finderAt(m, 0, n - 7) && finderAt(m, n - 7, 0)).toBe(true);
    // Timing pattern between the finders alternates.
    for (let i = 8; i < n - 8; i++) expect(m[6][i]).toBe(i % 2 === 0);
  });

  for (const locale of ['es', 'en'] as const) {
    it(`is drawn on the ${locale} notice exactly as the payload of its code and package hash encodes`, async () => {
      t = openTestStore();
      const e = {
        ...syntheticInfraction(mulberry32(3), { occurredAt: Date.UTC(2026, 11, 1, 10) }),
        type: 'speed' as const,
        category: 'traffic' as const,
        measured: { speedKmh: 85, limitKmh: 50 },
      };
      t.store.infractions.insert([e]);
      t.store.legalCodes.applyPreset(locale === 'es' ? 'PE' : 'ES', 'admin');
      new ReviewService(t.store).decide(
        e.id,
        { action: 'validate', expectedVersion: 1 },
        { name: 'op1' },
      );
      const record = t.store.infractions.get(e.id)!;
      const pdf = await writeNoticePdf({
        record,
        locale,
        cameraName: 'Av. Principal',
        packageSha256: SHA,
        timeZone: 'UTC',
      });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const drawn = matrixFromPdf(pdf);
      expect(drawn).toEqual(qrMatrix(noticeVerifyPayload({ code: record.code!, sha256: SHA })));
      // A different hash would have drawn a different symbol.
      expect(drawn).not.toEqual(
        qrMatrix(noticeVerifyPayload({ code: record.code!, sha256: SHA.replace('c', 'd') })),
      );
    });
  }

  it('is checked on the host: the scanned code and hash match the package this host exported', async () => {
    t = openTestStore();
    const e = syntheticInfraction(mulberry32(5), { occurredAt: Date.UTC(2026, 11, 1, 10) });
    t.store.infractions.insert([e]);
    const code = t.store.infractions.get(e.id)!.code!;
    t.store.audit.append('op1', 'evidence.export', `infraction:${e.id}`, { sha256: SHA });
    const verify = createFinesHandlers({ store: t.store })['fines.verify'];
    const ctx = {} as Parameters<typeof verify>[1];
    const scanned = parseNoticeVerifyPayload(noticeVerifyPayload({ code, sha256: SHA }))!;
    expect(await verify(scanned, ctx)).toMatchObject({
      found: true,
      matches: true,
      infractionId: e.id,
      status: 'pending',
      exportedBy: 'op1',
    });
    expect(await verify({ code, sha256: SHA.replace('c', 'd') }, ctx)).toMatchObject({
      found: true,
      matches: false,
    });
    expect(await verify({ code: 'INF-20261201-XXXX-000009', sha256: SHA }, ctx)).toEqual({
      found: false,
      matches: false,
    });
  });
});
