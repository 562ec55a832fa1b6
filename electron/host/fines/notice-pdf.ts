import PDFDocument from 'pdfkit';
import type { InfractionRecord } from '../../shared/api/methods/infractions';
import { translateOr, translator, type Locale } from '../../shared/i18n';
import { noticeVerifyPayload } from '../../shared/domain/notice-verify';
import { drawQr, qrMatrix } from './notice-qr';

export interface NoticeInput {
  record: InfractionRecord;
  locale: Locale;
  cameraName: string;
  zoneName?: string;
  /** SHA-256 of the signed evidence package the notice refers to. */
  packageSha256: string;
  snapshot?: Buffer;
  plateCrop?: Buffer;
  /** Time zone the times are written in (the workstation's by default). */
  timeZone?: string;
}

function money(locale: Locale, amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

/**
 * The notice of infraction served on a vehicle's owner: the case's code, photo and plate crop,
 * place, time, measured values, the legal code and amount fixed at validation, and the SHA-256
 * of the signed evidence package with the command that verifies it.
 */
export function writeNoticePdf(n: NoticeInput): Promise<Buffer> {
  const t = translator(n.locale);
  const r = n.record;
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: { Title: `${t('fines.notice.title')} ${r.code ?? r.id}`, Author: 'Watcher' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const left = pdf.page.margins.left;
  const width = pdf.page.width - left - pdf.page.margins.right;
  const when = new Intl.DateTimeFormat(n.locale, {
    dateStyle: 'long',
    timeStyle: 'medium',
    ...(n.timeZone ? { timeZone: n.timeZone } : {}),
  }).format(r.occurredAt);

  pdf.font('Helvetica-Bold').fontSize(18).text(t('fines.notice.title'), { width });
  pdf
    .font('Courier-Bold')
    .fontSize(12)
    .text(r.code ?? r.id)
    .moveDown(0.5);

  const top = pdf.y;
  if (n.snapshot) {
    try {
      pdf.image(n.snapshot, left, top, { fit: [width * 0.62, 200] });
    } catch {
      /* an image pdfkit cannot read is left out; the package holds it */
    }
  }
  if (n.plateCrop) {
    try {
      pdf.image(n.plateCrop, left + width * 0.66, top, { fit: [width * 0.34, 120] });
    } catch {
      /* as above */
    }
  }
  pdf.y = top + (n.snapshot || n.plateCrop ? 210 : 0);

  const row = (label: string, value: string) => {
    const y = pdf.y;
    pdf.font('Helvetica-Bold').fontSize(10).text(label, left, y, { width: 150 });
    pdf
      .font('Helvetica')
      .fontSize(10)
      .text(value, left + 155, y, { width: width - 155 });
    pdf.moveDown(0.3);
  };
  row(t('fines.notice.type'), translateOr(t, `infraction.type.${r.type}`, r.type));
  row(t('fines.notice.plate'), r.plate?.text ?? '—');
  row(t('fines.notice.place'), n.zoneName ? `${n.cameraName} · ${n.zoneName}` : n.cameraName);
  row(t('fines.notice.time'), when);
  for (const [k, v] of Object.entries(r.measured))
    row(translateOr(t, `measure.${k}`, k), new Intl.NumberFormat(n.locale).format(v));
  if (r.fine) {
    row(
      t('fines.notice.legalCode'),
      `${r.fine.code} — ${n.locale === 'es' ? r.fine.descriptionEs : r.fine.descriptionEn}`,
    );
    row(t('fines.notice.amount'), money(n.locale, r.fine.amount, r.fine.currency));
    row(t('fines.notice.points'), String(r.fine.points));
  } else row(t('fines.notice.legalCode'), t('fines.noFine'));
  pdf.moveDown(0.8);
  // The QR code (case code + package hash) sits beside the written fingerprint it repeats.
  const qrSize = 96;
  const textWidth = width - qrSize - 12;
  const integrityTop = pdf.y;
  drawQr(
    pdf,
    qrMatrix(noticeVerifyPayload({ code: r.code ?? r.id, sha256: n.packageSha256 })),
    left + width - qrSize,
    integrityTop,
    qrSize,
  );
  pdf
    .font('Helvetica-Bold')
    .fontSize(10)
    .text(t('fines.notice.integrity'), left, integrityTop, { width: textWidth });
  pdf.font('Courier').fontSize(9).text(`SHA-256 ${n.packageSha256}`, { width: textWidth });
  pdf
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#444')
    .text(t('fines.notice.verify', { file: `evidence-${r.id}.zip` }), { width: textWidth })
    .text(t('fines.notice.qr'), { width: textWidth })
    .fillColor('#000');
  pdf.end();
  return done;
}
