import { Group, Label, Rect, Tag, Text } from 'react-konva';
import {
  boxOnFrame,
  eventColor,
  placeMarkerLabels,
  type SceneTestEvent,
  type SceneTestOutcome,
} from './scene-test';

/**
 * The test's events as boxes on the frozen frame (Konva, inside the editor's layer): numbered
 * like the list; the picked one is drawn thicker with its label. They ignore the mouse, so
 * drawing keeps working over them.
 */
export function SceneTestMarkers(props: {
  outcome: SceneTestOutcome;
  frame: { width: number; height: number };
  scale: number;
  picked?: number;
  label(e: SceneTestEvent): string;
}) {
  const { outcome, frame, scale, picked } = props;
  const items = outcome.events
    .map((e, i) => ({ e, i, box: boxOnFrame(e, frame) }))
    .filter((x): x is typeof x & { box: NonNullable<typeof x.box> } => !!x.box);
  // The picked marker is drawn last so it stays on top.
  items.sort((a, b) => Number(a.i === picked) - Number(b.i === picked));
  // Numbers on a dark tag, laid out so that they do not print over each other.
  const labelH = 17 / scale;
  const labelW = (8 + 8 * String(outcome.events.length).length) / scale;
  const spots = placeMarkerLabels(
    items.map((x) => x.box),
    labelW,
    labelH,
  );
  return (
    <Group listening={false}>
      {items.map(({ e, i, box }, k) => {
        const color = eventColor(e);
        const on = i === picked;
        const dim = picked !== undefined && !on;
        return (
          <Group key={i} opacity={dim ? 0.35 : 1}>
            <Rect
              {...box}
              stroke={color}
              strokeWidth={(on ? 4 : 2) / scale}
              dash={e.type === 'count' ? [5 / scale, 3 / scale] : undefined}
              fill={on ? 'rgba(255,64,129,0.18)' : undefined}
            />
            {on ? (
              <Label x={box.x} y={box.y - 22 / scale}>
                <Tag fill="rgba(0,0,0,0.8)" cornerRadius={3 / scale} />
                <Text
                  text={`${i + 1} · ${props.label(e)}`}
                  padding={3 / scale}
                  fontSize={14 / scale}
                  fontStyle="bold"
                  fill={color}
                />
              </Label>
            ) : (
              <Label x={spots[k].x} y={spots[k].y}>
                <Tag fill="rgba(0,0,0,0.75)" cornerRadius={2 / scale} />
                <Text
                  text={String(i + 1)}
                  padding={2 / scale}
                  fontSize={12 / scale}
                  fontStyle="bold"
                  fill={color}
                />
              </Label>
            )}
          </Group>
        );
      })}
    </Group>
  );
}
