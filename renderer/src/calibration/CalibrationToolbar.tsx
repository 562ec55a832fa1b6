import { formatNumber, useI18n, useT } from '../i18n/i18n';
import { useLiveStore } from '../state/live-store';
import { navigate } from '../state/router';
import { TOOLS } from './editor-state';
import type { EditorAction, EditorState } from './editor-reducer';
import type { StageView } from './use-stage-view';

/** Camera picker, re-freeze, drawing tools, undo/redo and the zoom reset above the stage. */
export function CalibrationToolbar(props: {
  cameraId?: string;
  editor: EditorState;
  dispatch(action: EditorAction): void;
  view: StageView;
  onFreeze(): void;
}) {
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const cameras = useLiveStore((s) => s.cameras);
  const { editor, dispatch, view } = props;
  return (
    <div className="toolbar" role="toolbar" aria-label={t('calib.tools')}>
      <label>
        {t('review.camera')}
        <select
          value={props.cameraId ?? ''}
          onChange={(e) => navigate('calibration', e.target.value)}
        >
          {cameras.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={props.onFreeze}>
        {t('calib.freeze')}
      </button>
      {TOOLS.map((k) => (
        <button
          key={k}
          type="button"
          aria-pressed={editor.tool === k}
          onClick={() => dispatch({ type: 'tool', tool: k })}
        >
          {t(`calib.tool.${k}`)}
        </button>
      ))}
      <button
        type="button"
        onClick={() => dispatch({ type: 'undo' })}
        disabled={!editor.hist.past.length}
        title="Ctrl+Z"
      >
        {t('calib.undo')}
      </button>
      <button
        type="button"
        onClick={() => dispatch({ type: 'redo' })}
        disabled={!editor.hist.future.length}
        title="Ctrl+Y"
      >
        {t('calib.redo')}
      </button>
      <button type="button" onClick={view.reset}>
        {t('calib.resetView')} ({formatNumber(locale, view.zoom * 100, 0)} %)
      </button>
    </div>
  );
}
