import { useRef } from 'react';
import { Image as KImage, Layer, Stage } from 'react-konva';
import type Konva from 'konva';
import { formatSpeed, useI18n, useT } from '../i18n/i18n';
import type { EditorState } from './editor-reducer';
import type { EditorDoc } from './editor-state';
import type { DraftPoint } from '../../../electron/shared/api/methods/calibration';
import { SceneTestMarkers } from './SceneTestMarkers';
import type { SceneTestEvent } from './scene-test';
import { StageHandles, StageShapes } from './StageShapes';
import type { Frozen } from './use-frozen-frame';
import type { SceneTest } from './use-scene-test';
import type { StageView } from './use-stage-view';

/**
 * The frozen frame on a Konva stage with the document over it. Clicks on the frame go to the
 * current tool, the wheel zooms about the cursor and the pan tool drags the stage.
 */
export function EditorStage(props: {
  frame: Frozen;
  view: StageView;
  editor: EditorState;
  edit(f: (doc: EditorDoc) => EditorDoc): void;
  onClick(pt: DraftPoint, double: boolean): void;
  onSelect(index: number): void;
  test: SceneTest;
}) {
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const stageRef = useRef<Konva.Stage>(null);
  const { frame, view, editor, edit, test } = props;
  const doc = editor.hist.present;
  const pan = editor.tool === 'pan';

  const onClick = (e: Konva.KonvaEventObject<MouseEvent>) => {
    if (pan || e.evt.button !== 0 || e.target.name() === 'handle') return;
    const p = stageRef.current?.getRelativePointerPosition();
    if (!p || p.x < 0 || p.y < 0 || p.x > frame.width || p.y > frame.height) return;
    props.onClick(
      { x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 },
      e.evt.detail >= 2,
    );
  };

  const onWheel = (e: Konva.KonvaEventObject<WheelEvent>) => {
    e.evt.preventDefault();
    const pointer = stageRef.current?.getPointerPosition();
    if (pointer) view.zoomAt(pointer, e.evt.deltaY < 0);
  };

  const markerLabel = (e: SceneTestEvent): string =>
    [
      e.type === 'count' ? t('calib.test.type.count') : t(`infraction.type.${e.type}`),
      `#${e.trackId}`,
      e.speedKmh !== undefined ? formatSpeed(locale, e.speedKmh) : '',
    ]
      .filter(Boolean)
      .join(' ');

  const shapes = { doc, scale: view.scale, draggable: !pan, edit };
  return (
    <Stage
      ref={stageRef}
      width={view.width}
      height={view.height}
      scaleX={view.scale}
      scaleY={view.scale}
      x={view.pos.x}
      y={view.pos.y}
      draggable={pan}
      onDragEnd={(e) => e.target === stageRef.current && view.pannedTo(e.target.x(), e.target.y())}
      onClick={onClick}
      onWheel={onWheel}
    >
      <Layer>
        <KImage image={frame.canvas} width={frame.width} height={frame.height} />
        <StageShapes {...shapes} />
        {test.result ? (
          <SceneTestMarkers
            outcome={test.result.outcome}
            frame={frame}
            scale={view.scale}
            picked={test.picked}
            label={markerLabel}
          />
        ) : null}
        <StageHandles
          {...shapes}
          draft={editor.draft}
          selected={editor.selected}
          onSelect={props.onSelect}
        />
      </Layer>
    </Stage>
  );
}
