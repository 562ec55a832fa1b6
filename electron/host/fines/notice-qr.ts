import QRCode from 'qrcode';

/** A QR code as rows of dark (true) and light modules, without the quiet zone. */
export type QrMatrix = boolean[][];

/**
 * The QR code of a notice's verification payload. Level M keeps it readable from a creased or
 * stained paper while a payload of ~110 characters still fits a version small enough to print
 * at 3 cm.
 */
export function qrMatrix(payload: string): QrMatrix {
  const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  return Array.from({ length: n }, (_, r) =>
    Array.from({ length: n }, (_, c) => qr.modules.get(r, c) === 1),
  );
}

/** The part of PDFKit's document the drawing uses. */
interface RectCanvas {
  rect(x: number, y: number, w: number, h: number): this;
  fill(color?: string): this;
  save(): this;
  restore(): this;
}

/**
 * Draws the matrix as vector squares (sharp at any print resolution), `size` points wide
 * including the four-module quiet zone a reader needs around it.
 */
export function drawQr(pdf: RectCanvas, m: QrMatrix, x: number, y: number, size: number): void {
  const quiet = 4;
  const cell = size / (m.length + 2 * quiet);
  pdf.save();
  pdf.rect(x, y, size, size).fill('#ffffff');
  for (let r = 0; r < m.length; r++)
    for (let c = 0; c < m.length; c++)
      if (m[r][c]) pdf.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell, cell);
  pdf.fill('#000000');
  pdf.restore();
}
