import type {
  CalibrationDraft,
  DraftPoint,
  DraftPointPair,
  RuleSetDraft,
} from '../../../electron/shared/api/methods/ui';

/** Everything the calibration and zone tool edits; one immutable value per undo step. */
export interface EditorDoc {
  pairs: DraftPointPair[];
  zones: RuleSetDraft['zones'];
  lines: RuleSetDraft['lines'];
  stopLine?: RuleSetDraft['stopLine'];
  signalRegion?: RuleSetDraft['signalRegion'];
}

export type Tool = 'points' | 'zone' | 'line' | 'stop-line' | 'signal' | 'pan';

export const emptyDoc = (): EditorDoc => ({ pairs: [], zones: [], lines: [] });

export function docFrom(
  cal: CalibrationDraft | undefined,
  rules: RuleSetDraft | undefined,
  width: number,
  height: number,
): EditorDoc {
  // Saved shapes are in the pixels of the frame they were drawn on; rescale to the frozen frame.
  const k =
    (w: number, h: number) =>
    (p: DraftPoint): DraftPoint => ({ x: (p.x * width) / w, y: (p.y * height) / h });
  const kc = cal ? k(cal.imageWidth, cal.imageHeight) : (p: DraftPoint) => p;
  const kr = rules ? k(rules.imageWidth, rules.imageHeight) : (p: DraftPoint) => p;
  return {
    pairs: (cal?.pairs ?? []).map((p) => ({ image: kc(p.image), world: p.world })),
    zones: (rules?.zones ?? []).map((z) => ({ ...z, points: z.points.map(kr) })),
    lines: (rules?.lines ?? []).map((l) => ({ ...l, a: kr(l.a), b: kr(l.b) })),
    stopLine: rules?.stopLine && { a: kr(rules.stopLine.a), b: kr(rules.stopLine.b) },
    signalRegion: rules?.signalRegion && {
      x: (rules.signalRegion.x * width) / rules.imageWidth,
      y: (rules.signalRegion.y * height) / rules.imageHeight,
      width: (rules.signalRegion.width * width) / rules.imageWidth,
      height: (rules.signalRegion.height * height) / rules.imageHeight,
    },
  };
}

export function ruleSetOf(doc: EditorDoc, width: number, height: number): RuleSetDraft {
  return {
    imageWidth: width,
    imageHeight: height,
    zones: doc.zones,
    lines: doc.lines,
    ...(doc.stopLine ? { stopLine: doc.stopLine } : {}),
    ...(doc.signalRegion ? { signalRegion: doc.signalRegion } : {}),
  };
}

/** Next free id like `zone-3` among existing ids. */
export function nextId(prefix: string, taken: readonly { id: string }[]): string {
  let n = taken.length + 1;
  while (taken.some((t) => t.id === `${prefix}-${n}`)) n++;
  return `${prefix}-${n}`;
}

/**
 * Parses pasted world coordinates, one point per line: "x, y", "x y" or "x; y". With ";" as the
 * separator a decimal comma is accepted ("3,5; 7,25"), as spreadsheets in Spanish copy it.
 */
export function parseWorldCoords(text: string): DraftPoint[] | undefined {
  const out: DraftPoint[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const parts = line.includes(';')
      ? line.split(';').map((s) => s.trim().replace(',', '.'))
      : line.includes(',')
        ? line.split(',').map((s) => s.trim())
        : line.split(/\s+/);
    if (parts.length !== 2 || parts.some((p) => p === '')) return undefined;
    const [x, y] = parts.map(Number);
    if (!Number.isFinite(x) || !Number.isFinite(y)) return undefined;
    out.push({ x, y });
  }
  return out;
}
