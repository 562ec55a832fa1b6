import { useEffect, useRef, useState } from 'react';
import { Layer, Rect, Stage, Text } from 'react-konva';
import type { CameraConfig } from '../../../electron/common/config/camera';
import { useClient } from '../api/client-context';
import { useLiveStore } from '../state/live-store';
import { formatNumber, useI18n, useT } from '../i18n/i18n';

interface Props {
  camera: CameraConfig;
}

/**
 * One live tile: the preview frame painted on a canvas, a Konva layer on top for boxes, and the
 * camera's name and state. The overlay uses the detections computed on the frame being shown.
 */
export function CameraTile({ camera }: Props) {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState<{ frameId: number; width: number; height: number } | null>(null);
  const [size, setSize] = useState({ w: 320, h: 180 });
  const status = useLiveStore((s) => s.statuses[camera.id]);
  const detections = useLiveStore((s) => s.detections[camera.id]);

  useEffect(() => {
    let decoding = false;
    return client.on('camera.preview', (frame) => {
      if (frame.cameraId !== camera.id || decoding) return; // drop frames while one decodes: never queue
      decoding = true;
      createImageBitmap(new Blob([frame.jpeg as BlobPart], { type: 'image/jpeg' }))
        .then((bitmap) => {
          const canvas = canvasRef.current;
          if (canvas) {
            if (canvas.width !== bitmap.width) canvas.width = bitmap.width;
            if (canvas.height !== bitmap.height) canvas.height = bitmap.height;
            canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
            setShown({ frameId: frame.frameId, width: bitmap.width, height: bitmap.height });
          }
          bitmap.close();
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
    const ro = new ResizeObserver(([entry]) => setSize({ w: entry.contentRect.width, h: entry.contentRect.height }));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Newest detections computed on or before the frame on screen: never boxes from a future frame.
  const overlay = shown && detections ? [...detections].reverse().find((d) => d.frameId <= shown.frameId) : undefined;
  const scale = shown ? Math.min(size.w / shown.width, size.h / shown.height) : 1;
  const offX = shown ? (size.w - shown.width * scale) / 2 : 0;
  const offY = shown ? (size.h - shown.height * scale) / 2 : 0;
  const sx = overlay && shown ? (shown.width / overlay.width) * scale : scale;
  const sy = overlay && shown ? (shown.height / overlay.height) * scale : scale;
  const state = status?.state ?? 'connecting';

  return (
    <figure className={`tile tile--${state}`} data-camera-id={camera.id} aria-label={camera.name}>
      <div className="tile__media" ref={boxRef}>
        <canvas ref={canvasRef} className="tile__frame" data-testid={`tile-canvas-${camera.id}`} />
        <Stage className="tile__overlay" width={size.w} height={size.h} listening={false}>
          <Layer>
            {overlay?.detections.map((d, i) => (
              <Rect key={`${d.trackId ?? 'd'}-${i}`} x={offX + d.x1 * sx} y={offY + d.y1 * sy} width={(d.x2 - d.x1) * sx} height={(d.y2 - d.y1) * sy} stroke="#39e75f" strokeWidth={2} />
            ))}
            {overlay?.detections.map((d, i) => (
              <Text
                key={`t-${d.trackId ?? 'd'}-${i}`}
                x={offX + d.x1 * sx}
                y={Math.max(0, offY + d.y1 * sy - 16)}
                text={`${d.label}${d.trackId !== undefined ? ` #${d.trackId}` : ''}${d.speedKmh !== undefined ? ` ${formatNumber(locale, d.speedKmh, 0)} km/h` : ''}`}
                fontSize={13}
                fill="#39e75f"
              />
            ))}
          </Layer>
        </Stage>
      </div>
      <figcaption className="tile__caption">
        <span className="tile__name">{camera.name}</span>
        <span className={`tile__state tile__state--${state}`} title={status?.reasonCode ? t(status.reasonCode) : status?.reason}>
          {t(`camera.state.${state}`)}
        </span>
        {status?.fps ? <span className="tile__fps">{t('camera.fps', { fps: formatNumber(locale, status.fps) })}</span> : null}
      </figcaption>
    </figure>
  );
}
