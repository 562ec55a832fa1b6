import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLiveStore } from '../state/live-store';
import { navigate } from '../state/router';
import { useT } from '../i18n/i18n';
import { solveHomography } from './homography';
import { CalibrationToolbar } from './CalibrationToolbar';
import { EditorStage } from './EditorStage';
import { PointPairsPanel } from './PointPairsPanel';
import { RulesPanel } from './RulesPanel';
import { SceneTestPanel } from './SceneTestPanel';
import { useEditor } from './use-editor';
import { useFrozenFrame } from './use-frozen-frame';
import { useSavedVersions } from './use-saved-versions';
import { useSceneTest } from './use-scene-test';
import { useStageView } from './use-stage-view';
import './calibration.css';

/**
 * Calibration and zone tool on a frozen frame: point pairs (image ↔ metres) with live
 * reprojection error and a bird's-eye preview, then zones, directed lines, stop line and signal
 * region. Undo/redo (Ctrl+Z / Ctrl+Y), wheel zoom, pan tool; each save is a new version.
 */
export function CalibrationView({ cameraId }: { cameraId?: string }) {
  const t = useT();
  const cameras = useLiveStore((s) => s.cameras);
  const camera = cameras.find((c) => c.id === cameraId);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const say = useCallback((kind: 'ok' | 'error', text: string) => setMessage({ kind, text }), []);
  const noFrame = useCallback(() => say('error', t('calib.noFrame')), [say, t]);

  const { frame, grab } = useFrozenFrame(cameraId, noFrame);
  const { state, doc, dispatch, edit, load, click } = useEditor();
  const saved = useSavedVersions({ cameraId, frame, onLoad: load, say });
  const test = useSceneTest(cameraId, say, () => setMessage(undefined));
  const boxRef = useRef<HTMLDivElement>(null);
  const view = useStageView(boxRef, frame);
  const solved = useMemo(() => solveHomography(doc.pairs), [doc.pairs]);

  useEffect(() => {
    if (!cameraId && cameras.length) navigate('calibration', cameras[0].id);
  }, [cameraId, cameras]);

  return (
    <div className="calib">
      <div className="calib__main">
        <CalibrationToolbar
          cameraId={cameraId}
          editor={state}
          dispatch={dispatch}
          view={view}
          onFreeze={() => grab()}
        />
        <p className="muted small calib__hint" title={t(`calib.hint.${state.tool}`)}>
          {t(`calib.hint.${state.tool}`)}
        </p>
        <div className="calib__stage" data-testid="calib-stage" ref={boxRef}>
          {frame ? (
            <EditorStage
              frame={frame}
              view={view}
              editor={state}
              edit={edit}
              onClick={click}
              onSelect={(index) => dispatch({ type: 'select', index })}
              test={test}
            />
          ) : (
            <p className="muted pad">{camera ? t('calib.waiting') : t('wall.empty')}</p>
          )}
          {/* Over the stage, not below it: a message never resizes or moves the canvas. */}
          {message ? (
            <p
              role={message.kind === 'error' ? 'alert' : 'status'}
              className={`calib__toast ${message.kind === 'error' ? 'error' : 'ok'}`}
              data-testid="calib-message"
            >
              {message.text}
            </p>
          ) : null}
        </div>
      </div>
      <aside className="calib__side">
        <PointPairsPanel
          doc={doc}
          selected={state.selected}
          solved={solved}
          pixels={frame?.pixels}
          version={saved.versions.calibration}
          edit={edit}
          say={say}
          onSave={() => void saved.saveCalibration(doc, solved)}
        />
        <RulesPanel
          doc={doc}
          version={saved.versions.rules}
          edit={edit}
          onSave={() => void saved.saveRules(doc)}
        />
        <SceneTestPanel
          doc={doc}
          disabled={!frame || !cameraId}
          busy={test.busy}
          seconds={test.seconds}
          onSeconds={test.setSeconds}
          onRun={() => void test.run(doc, frame)}
          onClear={test.clear}
          result={test.result}
          picked={test.picked}
          onPick={test.setPicked}
        />
      </aside>
    </div>
  );
}
