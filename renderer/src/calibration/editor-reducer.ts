import { commit, initHistory, redo, undo, type History } from '../state/history';
import type { DraftPoint } from '../../../electron/shared/api/methods/calibration';
import {
  addLine,
  addPair,
  addZone,
  emptyDoc,
  removePair,
  setSignalRegion,
  setStopLine,
  type EditorDoc,
  type Tool,
} from './editor-state';

/** The editor's whole state: the document with its undo history, and what is being drawn. */
export interface EditorState {
  hist: History<EditorDoc>;
  tool: Tool;
  /** Vertices placed so far for the shape being drawn (zone, line, stop line, signal). */
  draft: DraftPoint[];
  /** Index of the selected point pair. */
  selected?: number;
}

/** Default names of new shapes, in the operator's language (`n` counts from 1). */
export interface ShapeNames {
  zone(n: number): string;
  line(n: number): string;
}

export type EditorAction =
  | { type: 'edit'; edit: (doc: EditorDoc) => EditorDoc }
  /** Replaces the document and forgets the history (the saved versions were loaded). */
  | { type: 'load'; doc: EditorDoc }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'tool'; tool: Tool }
  | { type: 'select'; index?: number }
  | { type: 'delete-selected' }
  /** A click on the frame at `pt` (frame px) with the current tool; `double` for a double click. */
  | { type: 'click'; pt: DraftPoint; double: boolean; names: ShapeNames }
  | { type: 'close-zone'; names: ShapeNames }
  | { type: 'cancel-draft' };

export const initEditor = (doc: EditorDoc = emptyDoc()): EditorState => ({
  hist: initHistory(doc),
  tool: 'points',
  draft: [],
});

const edited = (s: EditorState, doc: EditorDoc): EditorState => ({
  ...s,
  hist: commit(s.hist, doc),
});

/** Closes the zone being drawn (at least three vertices) and adds it to the document. */
function closeZone(s: EditorState, names: ShapeNames): EditorState {
  if (s.draft.length < 3) return s;
  const doc = s.hist.present;
  return {
    ...edited(s, addZone(doc, s.draft, names.zone(doc.zones.length + 1))),
    draft: [],
  };
}

/** What a click on the frame does with each tool. */
function click(s: EditorState, pt: DraftPoint, double: boolean, names: ShapeNames): EditorState {
  const doc = s.hist.present;
  switch (s.tool) {
    case 'pan':
      return s;
    case 'points':
      return { ...edited(s, addPair(doc, pt)), selected: doc.pairs.length };
    case 'zone':
      return double ? closeZone(s, names) : { ...s, draft: [...s.draft, pt] };
  }
  // Two-point shapes: the first click starts them, the second finishes them.
  if (!s.draft.length) return { ...s, draft: [pt] };
  const [a, b] = [s.draft[0], pt];
  const done = { ...s, draft: [] };
  if (s.tool === 'line') return edited(done, addLine(doc, a, b, names.line(doc.lines.length + 1)));
  if (s.tool === 'stop-line') return edited(done, setStopLine(doc, { a, b }));
  return edited(done, setSignalRegion(doc, a, b));
}

export function editorReducer(s: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case 'edit':
      return edited(s, action.edit(s.hist.present));
    case 'load':
      return { ...s, hist: initHistory(action.doc), selected: undefined };
    case 'undo':
      return { ...s, hist: undo(s.hist) };
    case 'redo':
      return { ...s, hist: redo(s.hist) };
    case 'tool':
      return { ...s, tool: action.tool, draft: [] };
    case 'select':
      return { ...s, selected: action.index };
    case 'delete-selected':
      return s.selected === undefined
        ? s
        : { ...edited(s, removePair(s.hist.present, s.selected)), selected: undefined };
    case 'click':
      return click(s, action.pt, action.double, action.names);
    case 'close-zone':
      return s.tool === 'zone' ? closeZone(s, action.names) : s;
    case 'cancel-draft':
      return s.draft.length ? { ...s, draft: [] } : s;
  }
}
