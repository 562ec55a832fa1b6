/**
 * Splits an MJPEG byte stream (ffmpeg `-f image2pipe -c:v mjpeg`) into whole JPEG images by their
 * start (FFD8) and end (FFD9) markers. ffmpeg's encoder writes no embedded thumbnails, so the
 * first EOI after an SOI ends the image.
 */
export class JpegSplitter {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly onImage: (jpeg: Buffer) => void,
    private readonly maxBytes = 16 * 1024 * 1024,
  ) {}

  push(data: Buffer): void {
    this.chunks.push(data);
    this.size += data.length;
    if (this.size > this.maxBytes) {
      // A stream without markers (not MJPEG): drop rather than grow without bound.
      this.chunks = [];
      this.size = 0;
      return;
    }
    let buf = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    let start = buf.indexOf(SOI);
    while (start >= 0) {
      const end = buf.indexOf(EOI, start + 2);
      if (end < 0) break;
      this.onImage(buf.subarray(start, end + 2));
      buf = buf.subarray(end + 2);
      start = buf.indexOf(SOI);
    }
    this.chunks = start >= 0 ? [buf.subarray(start)] : [];
    this.size = start >= 0 ? buf.length - start : 0;
  }
}

const SOI = Buffer.from([0xff, 0xd8]);
const EOI = Buffer.from([0xff, 0xd9]);

/** Width and height from a baseline/progressive JPEG's SOF marker. */
export function jpegSize(jpeg: Uint8Array): { width: number; height: number } {
  let i = 2;
  while (i + 9 < jpeg.length) {
    if (jpeg[i] !== 0xff) {
      i++;
      continue;
    }
    const marker = jpeg[i + 1];
    const len = (jpeg[i + 2] << 8) | jpeg[i + 3];
    if (marker >= 0xc0 && marker <= 0xc3) {
      return { height: (jpeg[i + 5] << 8) | jpeg[i + 6], width: (jpeg[i + 7] << 8) | jpeg[i + 8] };
    }
    i += 2 + len;
  }
  return { width: 0, height: 0 };
}
