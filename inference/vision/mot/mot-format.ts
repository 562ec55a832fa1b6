/**
 * MOTChallenge text files: one object per line, `frame,id,x,y,w,h,conf,...` (1-based frames,
 * top-left box in pixels). Detections have id −1; ground truth uses conf 0 for entries to ignore.
 */
export interface MotRow {
  frame: number;
  id: number;
  x: number;
  y: number;
  w: number;
  h: number;
  conf: number;
  /** MOT16+ ground truth: class id (1 = pedestrian); undefined in MOT15 files. */
  classId?: number;
  /** MOT16+ ground truth visibility ratio. */
  visibility?: number;
}

export class MotParseError extends Error {
  readonly code = 'mot.error.parse';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export function parseMot(text: string): MotRow[] {
  const rows: MotRow[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line || line.startsWith('#')) continue;
    const f = line.split(/[,\s]+/).map(Number);
    if (f.length < 6 || f.slice(0, 6).some((v) => !Number.isFinite(v))) {
      throw new MotParseError(
        `line ${i + 1}: expected "frame,id,x,y,w,h[,conf,...]", got "${line.slice(0, 80)}"`,
        i + 1,
      );
    }
    const row: MotRow = {
      frame: f[0],
      id: f[1],
      x: f[2],
      y: f[3],
      w: f[4],
      h: f[5],
      conf: Number.isFinite(f[6]) ? f[6] : 1,
    };
    // MOT16+ ground truth: conf flag, class, visibility (MOT15 stores world x,y,z there instead).
    if (f.length >= 9 && Number.isInteger(f[7]) && f[8] >= 0 && f[8] <= 1 && f[7] > 0) {
      row.classId = f[7];
      row.visibility = f[8];
    }
    rows.push(row);
  }
  return rows;
}

/** Groups rows by frame number. */
export function byFrame(rows: readonly MotRow[]): Map<number, MotRow[]> {
  const m = new Map<number, MotRow[]>();
  for (const r of rows) {
    let a = m.get(r.frame);
    if (!a) m.set(r.frame, (a = []));
    a.push(r);
  }
  return m;
}

/** Writes rows in the tracker-output layout `frame,id,x,y,w,h,score,-1,-1,-1`. */
export function formatMot(rows: readonly MotRow[]): string {
  const r2 = (v: number) => Math.round(v * 100) / 100;
  return (
    rows
      .map(
        (r) =>
          `${r.frame},${r.id},${r2(r.x)},${r2(r.y)},${r2(r.w)},${r2(r.h)},${r2(r.conf)},-1,-1,-1`,
      )
      .join('\n') + '\n'
  );
}
