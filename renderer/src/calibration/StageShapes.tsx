import { Arrow, Circle, Group, Line, Rect, Text } from 'react-konva';
import type Konva from 'konva';
import { useT } from '../i18n/i18n';
import type { DraftPoint } from '../../../electron/shared/api/methods/calibration';
import { movePair, moveZoneVertex, type EditorDoc } from './editor-state';

const ZONE = '#4fc3f7';
const LINE = '#ffd54f';
const SIGNAL = '#ff5c5c';
const PAIR = '#ff5c5c';
const PAIR_SELECTED = '#ff9800';

/** Props of a draggable vertex or point: `onMove` gets where it was dropped (0.1 px steps). */
const dragHandle = (draggable: boolean, onMove: (p: DraftPoint) => void) => ({
  name: 'handle',
  draggable,
  onDragEnd: (e: Konva.KonvaEventObject<DragEvent>) =>
    onMove({ x: Math.round(e.target.x() * 10) / 10, y: Math.round(e.target.y() * 10) / 10 }),
});

interface Props {
  doc: EditorDoc;
  /** Stage scale; sizes are divided by it so they look the same on screen at any zoom. */
  scale: number;
  /** Vertices and points can be dragged (not with the pan tool). */
  draggable: boolean;
  edit(f: (doc: EditorDoc) => EditorDoc): void;
}

/**
 * The rule shapes on the frozen frame (inside the stage's layer, in frame pixels): zones with
 * draggable vertices, directed lines, the stop line and the signal region.
 */
export function StageShapes({ doc, scale, draggable, edit }: Props) {
  const t = useT();
  const r = 6 / scale;

  return (
    <>
      {doc.zones.map((z) => (
        <Group key={z.id}>
          <Line
            points={z.points.flatMap((p) => [p.x, p.y])}
            closed
            stroke={ZONE}
            strokeWidth={2 / scale}
            fill="rgba(79,195,247,0.15)"
          />
          <Text
            x={z.points[0].x}
            y={z.points[0].y - 16 / scale}
            text={z.name}
            fontSize={13 / scale}
            fill={ZONE}
          />
          {z.points.map((p, k) => (
            <Circle
              key={k}
              x={p.x}
              y={p.y}
              radius={r * 0.8}
              fill={ZONE}
              {...dragHandle(draggable, (p) => edit((d) => moveZoneVertex(d, z.id, k, p)))}
            />
          ))}
        </Group>
      ))}
      {doc.lines.map((l) => (
        <Group key={l.id}>
          <Arrow
            points={[l.a.x, l.a.y, l.b.x, l.b.y]}
            stroke={LINE}
            fill={LINE}
            strokeWidth={2 / scale}
            pointerLength={10 / scale}
            pointerWidth={10 / scale}
          />
          <Text
            x={l.a.x}
            y={l.a.y + 4 / scale}
            text={`${l.name} · ${t(`calib.lineKind.${l.kind}`)}`}
            fontSize={12 / scale}
            fill={LINE}
          />
        </Group>
      ))}
      {doc.stopLine ? (
        <Line
          points={[doc.stopLine.a.x, doc.stopLine.a.y, doc.stopLine.b.x, doc.stopLine.b.y]}
          stroke={SIGNAL}
          strokeWidth={4 / scale}
        />
      ) : null}
      {doc.signalRegion ? (
        <Rect
          {...doc.signalRegion}
          stroke={SIGNAL}
          dash={[6 / scale, 4 / scale]}
          strokeWidth={2 / scale}
        />
      ) : null}
    </>
  );
}

/** The shape being drawn and the numbered, draggable point pairs, above everything else. */
export function StageHandles(
  props: Props & { draft: DraftPoint[]; selected?: number; onSelect(index: number): void },
) {
  const { doc, draft, scale, draggable, edit } = props;
  const r = 6 / scale;
  return (
    <>
      {draft.length ? (
        <Line
          points={draft.flatMap((p) => [p.x, p.y])}
          stroke="#fff"
          dash={[6 / scale, 4 / scale]}
          strokeWidth={2 / scale}
        />
      ) : null}
      {draft.map((p, i) => (
        <Circle key={`d${i}`} x={p.x} y={p.y} radius={r * 0.7} fill="#fff" listening={false} />
      ))}
      {doc.pairs.map((p, i) => (
        <Group key={`p${i}`}>
          <Circle
            x={p.image.x}
            y={p.image.y}
            radius={r}
            fill={props.selected === i ? PAIR_SELECTED : PAIR}
            stroke="#fff"
            strokeWidth={1.5 / scale}
            onClick={() => props.onSelect(i)}
            {...dragHandle(draggable, (p) => edit((d) => movePair(d, i, p)))}
          />
          <Text
            x={p.image.x + r * 1.3}
            y={p.image.y - r * 2.2}
            text={String(i + 1)}
            fontSize={14 / scale}
            fill="#fff"
            listening={false}
          />
        </Group>
      ))}
    </>
  );
}
