import type { ApiParams, ApiResult } from '../../../electron/shared/api/contract';
import type { EditorDoc } from './editor-state';
import { ruleSetOf } from './editor-state';

/** What the host answers to a test of the draft (see `rules.test`). */
export type SceneTestOutcome = ApiResult<'rules.test'>;
export type SceneTestEvent = SceneTestOutcome['events'][number];

/** Colour of an event in the list and on the frame: counts green, infractions pink. */
export const eventColor = (e: Pick<SceneTestEvent, 'type'>): string =>
  e.type === 'count' ? '#69f0ae' : '#ff4081';

/**
 * The `rules.test` request for the editor's current (unsaved) draft on a frozen frame. The
 * calibration goes along as soon as there is any point pair, so a broken one is reported rather
 * than silently ignored; with no pairs the replay runs without speeds.
 */
export function sceneTestRequest(
  cameraId: string,
  doc: EditorDoc,
  frame: { width: number; height: number },
  seconds: number,
): ApiParams<'rules.test'> {
  return {
    cameraId,
    rules: ruleSetOf(doc, frame.width, frame.height),
    seconds,
    ...(doc.pairs.length
      ? {
          calibration: {
            imageWidth: frame.width,
            imageHeight: frame.height,
            pairs: doc.pairs,
          },
        }
      : {}),
  };
}

/** The name the operator gave the zone or line an event is about (ids as a fallback). */
export function placeOf(e: SceneTestEvent, doc: EditorDoc, stopLineName: string): string {
  if (e.zoneId) return doc.zones.find((z) => z.id === e.zoneId)?.name ?? e.zoneId;
  if (e.lineId === 'stop-line') return stopLineName;
  if (e.lineId) return doc.lines.find((l) => l.id === e.lineId)?.name ?? e.lineId;
  return '';
}

/** The line's name in the counts table. */
export function lineName(lineId: string, doc: EditorDoc, stopLineName: string): string {
  if (lineId === 'stop-line') return stopLineName;
  return doc.lines.find((l) => l.id === lineId)?.name ?? lineId;
}

/** The event's box in the pixels of the frozen frame (events carry the size of their own frame). */
export function boxOnFrame(
  e: SceneTestEvent,
  frame: { width: number; height: number },
): { x: number; y: number; width: number; height: number } | undefined {
  if (!e.box) return undefined;
  const sx = frame.width / e.frameWidth;
  const sy = frame.height / e.frameHeight;
  return {
    x: e.box.x1 * sx,
    y: e.box.y1 * sy,
    width: (e.box.x2 - e.box.x1) * sx,
    height: (e.box.y2 - e.box.y1) * sy,
  };
}

/**
 * Where each marker's number goes: above its box's top-left corner, moved down (then right) past
 * labels already placed so that many markers stay readable instead of printing over each other.
 * Labels are `w × h` (frame pixels); returns the top-left corner of each.
 */
export function placeMarkerLabels(
  boxes: ReadonlyArray<{ x: number; y: number }>,
  w: number,
  h: number,
): Array<{ x: number; y: number }> {
  const placed: Array<{ x: number; y: number }> = [];
  const hits = (p: { x: number; y: number }) =>
    placed.some((q) => p.x < q.x + w && q.x < p.x + w && p.y < q.y + h && q.y < p.y + h);
  for (const b of boxes) {
    let p = { x: b.x, y: Math.max(0, b.y - h) };
    // Bounded search: a few rows down, then a column to the right, never an endless loop.
    for (let tries = 0; hits(p) && tries < 40; tries++)
      p = tries % 8 === 7 ? { x: p.x + w, y: Math.max(0, b.y - h) } : { x: p.x, y: p.y + h };
    placed.push(p);
  }
  return placed;
}

/**
 * What the "measure" column says, as an i18n key and params (numbers left for the caller to
 * format): speed against the limit, dwell time, time after red, or the crossing direction.
 */
export function measureOf(
  e: SceneTestEvent,
):
  | { key: 'speed'; speedKmh: number; limitKmh?: number }
  | { key: 'dwell'; sec: number }
  | { key: 'redFor'; sec: number }
  | { key: 'direction'; direction: string }
  | undefined {
  if (e.speedKmh !== undefined && e.type === 'speed')
    return { key: 'speed', speedKmh: e.speedKmh, limitKmh: e.limitKmh };
  if (e.measured.dwellSec !== undefined) return { key: 'dwell', sec: e.measured.dwellSec };
  if (e.measured.redForSec !== undefined) return { key: 'redFor', sec: e.measured.redForSec };
  if (e.direction) return { key: 'direction', direction: e.direction };
  if (e.speedKmh !== undefined) return { key: 'speed', speedKmh: e.speedKmh };
  return undefined;
}
