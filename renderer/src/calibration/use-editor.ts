import { isTypingTarget } from '../app/typing-target';
import { useCallback, useEffect, useMemo, useReducer } from 'react';
import { useT } from '../i18n/i18n';
import { editorReducer, initEditor, type ShapeNames } from './editor-reducer';
import type { EditorDoc } from './editor-state';
import type { DraftPoint } from '../../../electron/shared/api/methods/calibration';

/**
 * The editor's state (document with undo history, tool, shape being drawn, selected pair) in one
 * reducer over the pure edits of `editor-state`, with its keyboard shortcuts: Ctrl+Z / Ctrl+Y
 * (or Ctrl+Shift+Z) undo and redo, Delete removes the selected pair, Enter closes the zone being
 * drawn, Escape drops the shape being drawn.
 */
export function useEditor() {
  const t = useT();
  const [state, dispatch] = useReducer(editorReducer, undefined, () => initEditor());
  const names = useMemo<ShapeNames>(
    () => ({
      zone: (n) => t('calib.zoneName', { n }),
      line: (n) => t('calib.lineName', { n }),
    }),
    [t],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTypingTarget(e.target)) return;
      const key = e.key.toLowerCase();
      if ((e.ctrlKey || e.metaKey) && (key === 'z' || key === 'y')) {
        e.preventDefault();
        dispatch({ type: key === 'y' || e.shiftKey ? 'redo' : 'undo' });
      } else if (e.key === 'Delete' || e.key === 'Backspace') dispatch({ type: 'delete-selected' });
      else if (e.key === 'Enter') dispatch({ type: 'close-zone', names });
      else if (e.key === 'Escape') dispatch({ type: 'cancel-draft' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [names]);

  const edit = useCallback(
    (f: (doc: EditorDoc) => EditorDoc) => dispatch({ type: 'edit', edit: f }),
    [],
  );
  const load = useCallback((doc: EditorDoc) => dispatch({ type: 'load', doc }), []);
  const click = useCallback(
    (pt: DraftPoint, double: boolean) => dispatch({ type: 'click', pt, double, names }),
    [names],
  );

  return { state, doc: state.hist.present, dispatch, edit, load, click };
}

export type Editor = ReturnType<typeof useEditor>;
