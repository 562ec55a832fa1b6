import type {
  CalibrationDraft,
  DraftPoint,
  DraftPointPair,
} from '../../../electron/shared/api/methods/calibration';
import type { RuleSetDraft, ZoneKind } from '../../../electron/shared/api/methods/rules';

/** Everything the calibration and zone tool edits; one immutable value per undo step. */
export interface EditorDoc {
  pairs: DraftPointPair[];
  zones: RuleSetDraft['zones'];
  lines: RuleSetDraft['lines'];
  stopLine?: RuleSetDraft['stopLine'];
  signalRegion?: RuleSetDraft['signalRegion'];
}

export type Zone = EditorDoc['zones'][number];
export type DirectedLine = EditorDoc['lines'][number];
export type LineKind = DirectedLine['kind'];

export type Tool = 'points' | 'zone' | 'line' | 'stop-line' | 'signal' | 'pan';
export const TOOLS: readonly Tool[] = ['points', 'zone', 'line', 'stop-line', 'signal', 'pan'];
export const LINE_KINDS: readonly LineKind[] = ['count', 'wrong-way', 'lane-invasion'];

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
    zones: (rules?.zones ?? []).map((z) => ({
      ...z,
      kind: savedZoneKind(z),
      points: z.points.map(kr),
    })),
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

/** The kind of a saved zone; drafts saved before zones had one are read from their fields. */
export function savedZoneKind(z: Pick<Zone, 'kind' | 'speedLimitKmh' | 'dwellSec'>): ZoneKind {
  return z.kind ?? (z.speedLimitKmh ? 'speed' : z.dwellSec ? 'intrusion' : 'area');
}

/** Zones still waiting for the operator to say what they are for (they block saving). */
export function untypedZones(doc: EditorDoc): Zone[] {
  return doc.zones.filter((z) => !z.kind);
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

// Edits of the document. Each returns a new EditorDoc (one undo step) and never mutates its input.

export function addPair(doc: EditorDoc, image: DraftPoint): EditorDoc {
  return { ...doc, pairs: [...doc.pairs, { image, world: { x: 0, y: 0 } }] };
}

export function movePair(doc: EditorDoc, index: number, image: DraftPoint): EditorDoc {
  return { ...doc, pairs: doc.pairs.map((p, i) => (i === index ? { ...p, image } : p)) };
}

/** Sets one world coordinate (metres) of a pair; a value that is not a finite number is ignored. */
export function setPairWorld(
  doc: EditorDoc,
  index: number,
  axis: 'x' | 'y',
  value: number,
): EditorDoc {
  if (!Number.isFinite(value)) return doc;
  return {
    ...doc,
    pairs: doc.pairs.map((p, i) =>
      i === index ? { ...p, world: { ...p.world, [axis]: value } } : p,
    ),
  };
}

/** World coordinates for every pair at once, in order (see `parseWorldCoords`). */
export function setAllWorld(doc: EditorDoc, world: readonly DraftPoint[]): EditorDoc {
  return { ...doc, pairs: doc.pairs.map((p, i) => ({ ...p, world: world[i] ?? p.world })) };
}

export function removePair(doc: EditorDoc, index: number): EditorDoc {
  return { ...doc, pairs: doc.pairs.filter((_, i) => i !== index) };
}

export function addZone(doc: EditorDoc, points: DraftPoint[], name: string): EditorDoc {
  return {
    ...doc,
    zones: [...doc.zones, { id: nextId('zone', doc.zones), name, points, classes: [] }],
  };
}

/** Changes some fields of one zone; `undefined` in the patch clears an optional field. */
export function updateZone(
  doc: EditorDoc,
  id: string,
  patch: Partial<Omit<Zone, 'id'>>,
): EditorDoc {
  return { ...doc, zones: doc.zones.map((z) => (z.id === id ? { ...z, ...patch } : z)) };
}

export function moveZoneVertex(
  doc: EditorDoc,
  id: string,
  vertex: number,
  p: DraftPoint,
): EditorDoc {
  const zone = doc.zones.find((z) => z.id === id);
  if (!zone) return doc;
  return updateZone(doc, id, { points: zone.points.map((q, k) => (k === vertex ? p : q)) });
}

export function removeZone(doc: EditorDoc, id: string): EditorDoc {
  return { ...doc, zones: doc.zones.filter((z) => z.id !== id) };
}

export function addLine(doc: EditorDoc, a: DraftPoint, b: DraftPoint, name: string): EditorDoc {
  return {
    ...doc,
    lines: [...doc.lines, { id: nextId('line', doc.lines), name, kind: 'count', a, b }],
  };
}

export function updateLine(
  doc: EditorDoc,
  id: string,
  patch: Partial<Omit<DirectedLine, 'id'>>,
): EditorDoc {
  return { ...doc, lines: doc.lines.map((l) => (l.id === id ? { ...l, ...patch } : l)) };
}

/** Reverses a directed line (its arrow points the other way). */
export function flipLine(doc: EditorDoc, id: string): EditorDoc {
  const line = doc.lines.find((l) => l.id === id);
  return line ? updateLine(doc, id, { a: line.b, b: line.a }) : doc;
}

export function removeLine(doc: EditorDoc, id: string): EditorDoc {
  return { ...doc, lines: doc.lines.filter((l) => l.id !== id) };
}

export function setStopLine(doc: EditorDoc, stopLine: EditorDoc['stopLine']): EditorDoc {
  return { ...doc, stopLine };
}

/** The signal region as the rectangle spanned by two corners; a degenerate one changes nothing. */
export function setSignalRegion(doc: EditorDoc, a: DraftPoint, b: DraftPoint): EditorDoc {
  const width = Math.abs(b.x - a.x);
  const height = Math.abs(b.y - a.y);
  if (!(width > 0 && height > 0)) return doc;
  return { ...doc, signalRegion: { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width, height } };
}

export function clearSignalRegion(doc: EditorDoc): EditorDoc {
  return { ...doc, signalRegion: undefined };
}

// Parsing of the side panel's text fields.

/** An optional positive number typed by the operator: blank, zero, negative or not a number clears it. */
export function optionalPositive(text: string): number | undefined {
  const v = Number(text);
  return text.trim() && v > 0 ? v : undefined;
}

/** A number typed with either decimal separator ("3,5" or "3.5"); NaN when it is not one. */
export function parseDecimal(text: string): number {
  return Number(text.replace(',', '.'));
}

/** A comma-separated class list, e.g. "car, truck". */
export function parseClasses(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
