import { memo, useEffect, useRef, useState } from 'react';
import { Arrow, Layer, Line, Rect, Stage, Text } from 'react-konva';
import type { CameraConfig } from '../../../electron/shared/config/camera';
import { useClient } from '../api/client-context';
import { useLiveStore } from '../state/live-store';
import { formatNumber, translateCode, translateOr, useI18n, useT } from '../i18n/i18n';
import { pickOverlay } from './overlay-match';
import { recordPaint } from './tile-metrics';
import { decodeJpeg } from './decode-jpeg';
import { useAlarmStore } from '../alarms/alarm-store';
import { hasUnreadOnCamera } from '../alarms/alarm-state';
import { ProviderBadge } from '../providers/ProviderBadge';
import { PtzMenu } from '../map/PtzMenu';
import { WallTrackSearch } from '../appearance/WallTrackSearch';
import '../appearance/appearance.css';

interface Props {
  camera: CameraConfig;
  focused?: boolean;
  onFocus?(): void;
}

const FLASH_MS = 2500;

/**
 * One live tile: the preview frame painted on a canvas, a Konva layer on top for boxes, zones and
 * lines, and the camera's name, state, fps and inference latency. The overlay uses the
 * detections computed on the frame being shown (never a newer one), and the tile flashes when
 * the camera raises an infraction.
 */
export const CameraTile = memo(function CameraTile({ camera, focused, onFocus }: Props) {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState<{ frameId: number; width: number; height: number } | null>(
    null,
  );
  const [size, setSize] = useState({ w: 320, h: 180 });
  const status = useLiveStore((s) => s.statuses[camera.id]);
  const detections = useLiveStore((s) => s.detections[camera.id]);
  const ruleSet = useLiveStore((s) => s.ruleSets[camera.id]);
  const lastInfractionAt = useLiveStore((s) => s.lastInfractionAt[camera.id]);
  const [flashing, setFlashing] = useState(false);
  /** The tracked object clicked on (its menu: where else did it go). */
  const [picked, setPicked] = useState<{ trackId: number; label: string; at: number }>();
  const alarmed = useAlarmStore((s) => hasUnreadOnCamera(s.byId, camera.id));

  useEffect(() => {
    if (!lastInfractionAt) return;
    setFlashing(true);
    const timer = setTimeout(
      () => setFlashing(false),
      Math.max(0, lastInfractionAt + FLASH_MS - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [lastInfractionAt]);

  useEffect(() => {
    let decoding = false;
    return client.on('camera.preview', (frame) => {
      if (frame.cameraId !== camera.id) return;
      if (decoding) return; // drop frames while one decodes: never queue
      decoding = true;
      decodeJpeg(frame.jpeg)
        .then((image) => {
          const canvas = canvasRef.current;
          if (canvas) {
            if (canvas.width !== image.width) canvas.width = image.width;
            if (canvas.height !== image.height) canvas.height = image.height;
            canvas.getContext('2d')?.drawImage(image.source, 0, 0);
            const dets = useLiveStore.getState().detections[camera.id];
            recordPaint(camera.id, frame.frameId, frame.ts, !!pickOverlay(dets, frame.frameId));
            setShown({ frameId: frame.frameId, width: image.width, height: image.height });
          }
          image.close();
        })
        .catch(() => undefined)
        .finally(() => {
          decoding = false;
        });
    });
  }, [client, camera.id]);

  useEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) =>
      setSize({ w: entry.contentRect.width, h: entry.contentRect.height }),
    );
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const overlay = shown ? pickOverlay(detections, shown.frameId) : undefined;
  const scale = shown ? Math.min(size.w / shown.width, size.h / shown.height) : 1;
  const offX = shown ? (size.w - shown.width * scale) / 2 : 0;
  const offY = shown ? (size.h - shown.height * scale) / 2 : 0;
  const sx = overlay && shown ? (shown.width / overlay.width) * scale : scale;
  const sy = overlay && shown ? (shown.height / overlay.height) * scale : scale;
  // Zones were drawn on a frozen frame of ruleSet.imageWidth; map them onto the frame on screen.
  const rx = ruleSet && shown ? (shown.width / ruleSet.imageWidth) * scale : 0;
  const ry = ruleSet && shown ? (shown.height / ruleSet.imageHeight) * scale : 0;
  const mapPts = (pts: Array<{ x: number; y: number }>) =>
    pts.flatMap((p) => [offX + p.x * rx, offY + p.y * ry]);
  const state = status?.state ?? 'connecting';
  // Type and lines grow with the tile so a 4K wall stays legible from across the room.
  const fontSize = Math.max(11, Math.min(40, size.w / 40));
  const line = Math.max(2, size.w / 500);

  /** A click on a tracked box (the smallest one under the pointer) opens its menu. */
  const pick = (e: React.MouseEvent<HTMLDivElement>): void => {
    if (!overlay || !boxRef.current) return;
    const r = boxRef.current.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    const hit = overlay.detections
      .filter(
        (d) =>
          d.trackId !== undefined &&
          x >= offX + d.x1 * sx &&
          x <= offX + d.x2 * sx &&
          y >= offY + d.y1 * sy &&
          y <= offY + d.y2 * sy,
      )
      .sort((a, b) => (a.x2 - a.x1) * (a.y2 - a.y1) - (b.x2 - b.x1) * (b.y2 - b.y1))[0];
    if (hit) setPicked({ trackId: hit.trackId!, label: hit.label, at: Date.now() });
  };

  return (
    <figure
      className={`tile tile--${state}${flashing ? ' tile--flash' : ''}${focused ? ' tile--focused' : ''}${alarmed ? ' tile--alarm' : ''}`}
      data-camera-id={camera.id}
      data-alarm={alarmed || undefined}
      aria-label={alarmed ? t('alarm.tile.label', { name: camera.name }) : camera.name}
      onDoubleClick={onFocus}
    >
      <div
        className="tile__media"
        ref={boxRef}
        onClick={pick}
        data-testid={`tile-media-${camera.id}`}
      >
        <canvas ref={canvasRef} className="tile__frame" data-testid={`tile-canvas-${camera.id}`} />
        <Stage className="tile__overlay" width={size.w} height={size.h} listening={false}>
          <Layer>
            {ruleSet && shown
              ? ruleSet.zones.map((z) => (
                  <Line
                    key={`z-${z.id}`}
                    points={mapPts(z.points)}
                    closed
                    stroke="#4fc3f7"
                    strokeWidth={line * 0.75}
                    fill="rgba(79,195,247,0.12)"
                    perfectDrawEnabled={false}
                  />
                ))
              : null}
            {ruleSet && shown
              ? ruleSet.lines.map((l) => (
                  <Arrow
                    key={`l-${l.id}`}
                    points={mapPts([l.a, l.b])}
                    stroke="#ffd54f"
                    fill="#ffd54f"
                    strokeWidth={line}
                    pointerLength={line * 4}
                    pointerWidth={line * 4}
                  />
                ))
              : null}
            {ruleSet?.stopLine && shown ? (
              <Line
                points={mapPts([ruleSet.stopLine.a, ruleSet.stopLine.b])}
                stroke="#ff5c5c"
                strokeWidth={line * 1.5}
              />
            ) : null}
            {overlay?.detections.map((d, i) => (
              <Rect
                key={`${d.trackId ?? 'd'}-${i}`}
                x={offX + d.x1 * sx}
                y={offY + d.y1 * sy}
                width={(d.x2 - d.x1) * sx}
                height={(d.y2 - d.y1) * sy}
                stroke="#39e75f"
                strokeWidth={line}
                perfectDrawEnabled={false}
              />
            ))}
            {overlay?.detections.map((d, i) => (
              <Text
                key={`t-${d.trackId ?? 'd'}-${i}`}
                x={offX + d.x1 * sx}
                y={Math.max(0, offY + d.y1 * sy - fontSize - 3)}
                text={`${translateOr(t, `class.${d.label}`, d.label)}${d.trackId !== undefined ? ` #${d.trackId}` : ''}${d.speedKmh !== undefined ? ` ${formatNumber(locale, d.speedKmh, 0)} km/h` : ''}`}
                fontSize={fontSize}
                fill="#39e75f"
                // A dark outline instead of a shadow: canvas shadow blur is costly at 16 tiles × 10 fps.
                stroke="rgba(0,0,0,0.6)"
                strokeWidth={0.6}
                fillAfterStrokeEnabled
                perfectDrawEnabled={false}
              />
            ))}
          </Layer>
        </Stage>
        {picked ? (
          <WallTrackSearch
            key={`${picked.trackId}-${picked.at}`}
            cameraId={camera.id}
            trackId={picked.trackId}
            label={picked.label}
            at={picked.at}
            onClose={() => setPicked(undefined)}
          />
        ) : null}
        {flashing ? (
          <div className="tile__alert" role="alert">
            {t('wall.infraction')}
          </div>
        ) : null}
      </div>
      <figcaption className="tile__caption">
        <span className="tile__name">{camera.name}</span>
        {status?.reasonCode === 'fleet.camera.elsewhere' ? (
          // Fleet: another node analyses this camera; its frames reach this wall through the relay.
          <span className="tile__state tile__state--remote" data-testid="tile-owner">
            {status.ownerNode
              ? t('fleet.tile.owner', { node: status.ownerNode })
              : t('fleet.camera.elsewhere')}
          </span>
        ) : (
          <span
            className={`tile__state tile__state--${state}`}
            title={status?.reasonCode ? translateCode(t, status.reasonCode) : status?.reason}
          >
            {t(`camera.state.${state}`)}
            {(state === 'error' || state === 'reconnecting') &&
            (status?.reasonCode || status?.reason)
              ? `: ${status.reasonCode ? translateCode(t, status.reasonCode) : status.reason}`
              : ''}
          </span>
        )}
        {status?.fps ? (
          <span className="tile__fps">
            {t('camera.fps', { fps: formatNumber(locale, status.fps) })}
          </span>
        ) : null}
        {status?.inferenceMs !== undefined ? (
          <span className="tile__fps" title={t('camera.latencyTitle')}>
            {t('camera.latency', { ms: formatNumber(locale, status.inferenceMs, 0) })}
          </span>
        ) : null}
        <ProviderBadge status={status} />
        {camera.onvif?.ptz ? <PtzMenu camera={camera} /> : null}
        {status?.decoderNoteCode ? (
          <span
            className="tile__fps tile__provider"
            title={status.decoderNote}
            data-testid="tile-decoder-note"
          >
            {translateCode(t, status.decoderNoteCode, { reason: status.decoderNote ?? '' })}
          </span>
        ) : null}
      </figcaption>
    </figure>
  );
});
