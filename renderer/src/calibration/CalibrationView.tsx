import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { Arrow, Circle, Group, Image as KImage, Layer, Line, Rect, Stage, Text } from 'react-konva';
import type Konva from 'konva';
import { useClient } from '../api/client-context';
import { errorCode } from '../api/optional';
import { latestFrames, useLiveStore } from '../state/live-store';
import { navigate } from '../state/router';
import { commit, initHistory, redo, undo, type History } from '../state/history';
import {
  formatDateTime,
  formatNumber,
  formatSpeed,
  translateError,
  useI18n,
  useT,
} from '../i18n/i18n';
import { solveHomography, type Pt } from './homography';
import {
  docFrom,
  emptyDoc,
  nextId,
  parseWorldCoords,
  ruleSetOf,
  type EditorDoc,
  type Tool,
} from './editor-state';
import { BirdsEye } from './BirdsEye';
import { SceneTestMarkers, SceneTestPanel, type SceneTestState } from './SceneTestPanel';
import { sceneTestRequest, type SceneTestEvent } from './scene-test';

interface Frozen {
  canvas: HTMLCanvasElement;
  pixels: ImageData;
  width: number;
  height: number;
  ts: number;
}

async function freeze(jpeg: Uint8Array, ts: number): Promise<Frozen> {
  const bitmap = await createImageBitmap(new Blob([jpeg as BlobPart], { type: 'image/jpeg' }));
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return {
    canvas,
    pixels: ctx.getImageData(0, 0, canvas.width, canvas.height),
    width: canvas.width,
    height: canvas.height,
    ts,
  };
}

const TOOLS: Tool[] = ['points', 'zone', 'line', 'stop-line', 'signal', 'pan'];
/** The stage fills its box; at least this size so a 1080p screen still shows the side panel. */
function useBoxSize(ref: RefObject<HTMLDivElement | null>): { w: number; h: number } {
  const [size, setSize] = useState({ w: 960, h: 540 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) =>
      setSize({
        w: Math.max(480, Math.floor(e.contentRect.width)),
        h: Math.max(270, Math.floor(e.contentRect.height)),
      }),
    );
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}

/**
 * Calibration and zone tool on a frozen frame: point pairs (image ↔ metres) with live
 * reprojection error and a bird's-eye preview, then zones, directed lines, stop line and signal
 * region. Undo/redo (Ctrl+Z / Ctrl+Y), wheel zoom, pan tool; each save is a new version.
 */
export function CalibrationView({ cameraId }: { cameraId?: string }) {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const cameras = useLiveStore((s) => s.cameras);
  const camera = cameras.find((c) => c.id === cameraId);
  const [frame, setFrame] = useState<Frozen>();
  const [hist, setHist] = useState<History<EditorDoc>>(initHistory(emptyDoc()));
  const [tool, setTool] = useState<Tool>('points');
  const [draft, setDraft] = useState<Pt[]>([]);
  const [selected, setSelected] = useState<number>();
  /** Zoom and pan offset from the centred, fitted position (so resizing keeps the frame centred). */
  const [view, setView] = useState({ zoom: 1, dx: 0, dy: 0 });
  const [versions, setVersions] = useState<{
    calibration?: { version: number; createdAt: number; createdBy: string };
    rules?: { version: number; createdAt: number; createdBy: string };
  }>({});
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const [paste, setPaste] = useState('');
  /** Test mode: replay of the camera's last seconds with the draft; `picked` is the event shown. */
  const [testSeconds, setTestSeconds] = useState(60);
  const [testing, setTesting] = useState(false);
  const [testState, setTest] = useState<SceneTestState>();
  const [picked, setPicked] = useState<number>();
  // Results of another camera mean nothing here.
  const test = testState?.cameraId === cameraId ? testState : undefined;
  const stageRef = useRef<Konva.Stage>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const { w: STAGE_W, h: STAGE_H } = useBoxSize(boxRef);
  const doc = hist.present;
  const edit = useCallback(
    (f: (d: EditorDoc) => EditorDoc) => setHist((h) => commit(h, f(h.present))),
    [],
  );

  useEffect(() => {
    if (!cameraId && cameras.length) navigate('calibration', cameras[0].id);
  }, [cameraId, cameras]);

  /** Freezes the next frame the camera sends (or, after 3 s, the last one seen). Returns a canceller. */
  const grab = useCallback(() => {
    if (!cameraId) return () => {};
    const have = latestFrames.get(cameraId);
    const off = client.on('camera.preview', (p) => {
      if (p.cameraId !== cameraId) return;
      off();
      clearTimeout(timer);
      void freeze(p.jpeg, p.ts).then(setFrame);
    });
    const timer = setTimeout(() => {
      off();
      if (have) void freeze(have.jpeg, have.ts).then(setFrame);
      else setMessage({ kind: 'error', text: t('calib.noFrame') });
    }, 3000);
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [client, cameraId, t]);

  useEffect(() => grab(), [grab]);

  // Load the latest saved versions once, when the first frame (and so its size) is known; a
  // later re-freeze keeps the edits in progress.
  const loaded = useRef(false);
  useEffect(() => {
    if (!cameraId || !frame || loaded.current) return;
    loaded.current = true;
    Promise.all([
      client.call('ui.calibration.get', { cameraId }),
      client.call('ui.rules.get', { cameraId }),
    ])
      .then(([c, r]) => {
        setHist(
          initHistory(docFrom(c.calibration?.data, r.ruleSet?.data, frame.width, frame.height)),
        );
        setVersions({ calibration: c.calibration ?? undefined, rules: r.ruleSet ?? undefined });
      })
      .catch((e: unknown) => setMessage({ kind: 'error', text: translateError(t, errorCode(e)) }));
  }, [client, cameraId, frame, t]);

  const solved = useMemo(() => solveHomography(doc.pairs), [doc.pairs]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const tag = (e.target as HTMLElement | null)?.tagName ?? '';
      if (['INPUT', 'TEXTAREA', 'SELECT'].includes(tag)) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && (e.key.toLowerCase() === 'z' || e.key.toLowerCase() === 'y')) {
        e.preventDefault();
        setHist(e.key.toLowerCase() === 'y' || e.shiftKey ? redo : undo);
      } else if ((e.key === 'Delete' || e.key === 'Backspace') && selected !== undefined) {
        edit((d) => ({ ...d, pairs: d.pairs.filter((_, i) => i !== selected) }));
        setSelected(undefined);
      } else if (e.key === 'Enter' && tool === 'zone') closeZone();
      else if (e.key === 'Escape') setDraft([]);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const fit = frame ? Math.min(STAGE_W / frame.width, STAGE_H / frame.height) : 1;
  const scale = fit * view.zoom;
  const centred = (zoom: number) => ({
    x: frame ? (STAGE_W - frame.width * fit * zoom) / 2 : 0,
    y: frame ? (STAGE_H - frame.height * fit * zoom) / 2 : 0,
  });
  const pos = { x: centred(view.zoom).x + view.dx, y: centred(view.zoom).y + view.dy };

  function closeZone() {
    if (draft.length < 3) return;
    edit((d) => ({
      ...d,
      zones: [
        ...d.zones,
        {
          id: nextId('zone', d.zones),
          name: t('calib.zoneName', { n: d.zones.length + 1 }),
          points: draft,
          classes: [],
        },
      ],
    }));
    setDraft([]);
  }

  const onStageClick = (e: Konva.KonvaEventObject<MouseEvent>) => {
    if (!frame || tool === 'pan' || e.evt.button !== 0) return;
    if (e.target.name() === 'handle') return;
    const p = stageRef.current?.getRelativePointerPosition();
    if (!p || p.x < 0 || p.y < 0 || p.x > frame.width || p.y > frame.height) return;
    const pt = { x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 };
    if (tool === 'points') {
      edit((d) => ({ ...d, pairs: [...d.pairs, { image: pt, world: { x: 0, y: 0 } }] }));
      setSelected(doc.pairs.length);
      return;
    }
    if (tool === 'zone') {
      if (e.evt.detail >= 2) return closeZone();
      setDraft((d) => [...d, pt]);
      return;
    }
    const next = [...draft, pt];
    if (next.length < 2) return setDraft(next);
    const [a, b] = next;
    setDraft([]);
    if (tool === 'line')
      edit((d) => ({
        ...d,
        lines: [
          ...d.lines,
          {
            id: nextId('line', d.lines),
            name: t('calib.lineName', { n: d.lines.length + 1 }),
            kind: 'count',
            a,
            b,
          },
        ],
      }));
    else if (tool === 'stop-line') edit((d) => ({ ...d, stopLine: { a, b } }));
    else if (tool === 'signal') {
      const width = Math.abs(b.x - a.x);
      const height = Math.abs(b.y - a.y);
      if (width > 0 && height > 0)
        edit((d) => ({
          ...d,
          signalRegion: { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width, height },
        }));
    }
  };

  const onWheel = (e: Konva.KonvaEventObject<WheelEvent>) => {
    e.evt.preventDefault();
    const stage = stageRef.current;
    const pointer = stage?.getPointerPosition();
    if (!pointer) return;
    const zoom = Math.max(0.5, Math.min(12, view.zoom * (e.evt.deltaY < 0 ? 1.15 : 1 / 1.15)));
    const k = zoom / view.zoom;
    // Keep the image point under the cursor where it is.
    const nx = pointer.x - (pointer.x - pos.x) * k;
    const ny = pointer.y - (pointer.y - pos.y) * k;
    setView({ zoom, dx: nx - centred(zoom).x, dy: ny - centred(zoom).y });
  };

  const save = async (what: 'calibration' | 'rules') => {
    if (!cameraId || !frame) return;
    try {
      if (what === 'calibration') {
        if (!solved.ok) return setMessage({ kind: 'error', text: translateError(t, solved) });
        const v = await client.call('ui.calibration.save', {
          cameraId,
          data: {
            imageWidth: frame.width,
            imageHeight: frame.height,
            pairs: doc.pairs,
            homography: solved.H,
            rmsErrorM: solved.rmsM,
          },
        });
        setVersions((s) => ({ ...s, calibration: v }));
        setMessage({ kind: 'ok', text: t('calib.savedCalibration', { version: v.version }) });
      } else {
        const data = ruleSetOf(doc, frame.width, frame.height);
        const v = await client.call('ui.rules.save', { cameraId, data });
        useLiveStore.getState().setRuleSet(cameraId, data);
        setVersions((s) => ({ ...s, rules: v }));
        setMessage({ kind: 'ok', text: t('calib.savedRules', { version: v.version }) });
      }
    } catch (e) {
      setMessage({ kind: 'error', text: translateError(t, errorCode(e)) });
    }
  };

  /** Runs the draft as it is on screen (unsaved) over the camera's last seconds. */
  const runTest = async () => {
    if (!cameraId || !frame || testing) return;
    const tested = doc;
    setTesting(true);
    setPicked(undefined);
    setMessage(undefined);
    try {
      const outcome = await client.call(
        'ui.rules.test',
        sceneTestRequest(cameraId, tested, frame, testSeconds),
      );
      setTest({ cameraId, outcome, doc: tested });
    } catch (e) {
      setTest(undefined);
      setMessage({ kind: 'error', text: translateError(t, errorCode(e)) });
    } finally {
      setTesting(false);
    }
  };

  const markerLabel = (e: SceneTestEvent): string =>
    [
      e.type === 'count' ? t('calib.test.type.count') : t(`infraction.type.${e.type}`),
      `#${e.trackId}`,
      e.speedKmh !== undefined ? formatSpeed(locale, e.speedKmh) : '',
    ]
      .filter(Boolean)
      .join(' ');

  const setWorld = (i: number, axis: 'x' | 'y', value: string) => {
    const n = Number(value.replace(',', '.'));
    if (!Number.isFinite(n)) return;
    edit((d) => ({
      ...d,
      pairs: d.pairs.map((p, j) => (j === i ? { ...p, world: { ...p.world, [axis]: n } } : p)),
    }));
  };

  const applyPaste = () => {
    const pts = parseWorldCoords(paste);
    if (!pts || pts.length !== doc.pairs.length)
      return setMessage({ kind: 'error', text: t('calib.pasteMismatch', { n: doc.pairs.length }) });
    edit((d) => ({ ...d, pairs: d.pairs.map((p, i) => ({ ...p, world: pts[i] })) }));
    setPaste('');
  };

  const r = 6 / scale;
  const handleProps = (onMove: (p: Pt) => void) => ({
    name: 'handle',
    draggable: tool !== 'pan',
    onDragEnd: (e: Konva.KonvaEventObject<DragEvent>) =>
      onMove({ x: Math.round(e.target.x() * 10) / 10, y: Math.round(e.target.y() * 10) / 10 }),
  });

  return (
    <div className="calib">
      <div className="calib__main">
        <div className="toolbar" role="toolbar" aria-label={t('calib.tools')}>
          <label>
            {t('review.camera')}
            <select
              value={cameraId ?? ''}
              onChange={(e) => navigate('calibration', e.target.value)}
            >
              {cameras.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => grab()}>
            {t('calib.freeze')}
          </button>
          {TOOLS.map((k) => (
            <button
              key={k}
              type="button"
              aria-pressed={tool === k}
              onClick={() => (setTool(k), setDraft([]))}
            >
              {t(`calib.tool.${k}`)}
            </button>
          ))}
          <button
            type="button"
            onClick={() => setHist(undo)}
            disabled={!hist.past.length}
            title="Ctrl+Z"
          >
            {t('calib.undo')}
          </button>
          <button
            type="button"
            onClick={() => setHist(redo)}
            disabled={!hist.future.length}
            title="Ctrl+Y"
          >
            {t('calib.redo')}
          </button>
          <button type="button" onClick={() => setView({ zoom: 1, dx: 0, dy: 0 })}>
            {t('calib.resetView')} ({formatNumber(locale, view.zoom * 100, 0)} %)
          </button>
        </div>
        <p className="muted small">{t(`calib.hint.${tool}`)}</p>
        <div className="calib__stage" data-testid="calib-stage" ref={boxRef}>
          {frame ? (
            <Stage
              ref={stageRef}
              width={STAGE_W}
              height={STAGE_H}
              scaleX={scale}
              scaleY={scale}
              x={pos.x}
              y={pos.y}
              draggable={tool === 'pan'}
              onDragEnd={(e) =>
                e.target === stageRef.current &&
                setView((v) => ({
                  ...v,
                  dx: e.target.x() - centred(v.zoom).x,
                  dy: e.target.y() - centred(v.zoom).y,
                }))
              }
              onClick={onStageClick}
              onWheel={onWheel}
            >
              <Layer>
                <KImage image={frame.canvas} width={frame.width} height={frame.height} />
                {doc.zones.map((z, zi) => (
                  <Group key={z.id}>
                    <Line
                      points={z.points.flatMap((p) => [p.x, p.y])}
                      closed
                      stroke="#4fc3f7"
                      strokeWidth={2 / scale}
                      fill="rgba(79,195,247,0.15)"
                    />
                    <Text
                      x={z.points[0].x}
                      y={z.points[0].y - 16 / scale}
                      text={z.name}
                      fontSize={13 / scale}
                      fill="#4fc3f7"
                    />
                    {z.points.map((p, pi) => (
                      <Circle
                        key={pi}
                        x={p.x}
                        y={p.y}
                        radius={r * 0.8}
                        fill="#4fc3f7"
                        {...handleProps((np) =>
                          edit((d) => ({
                            ...d,
                            zones: d.zones.map((zz, j) =>
                              j === zi
                                ? { ...zz, points: zz.points.map((q, k) => (k === pi ? np : q)) }
                                : zz,
                            ),
                          })),
                        )}
                      />
                    ))}
                  </Group>
                ))}
                {doc.lines.map((l) => (
                  <Group key={l.id}>
                    <Arrow
                      points={[l.a.x, l.a.y, l.b.x, l.b.y]}
                      stroke="#ffd54f"
                      fill="#ffd54f"
                      strokeWidth={2 / scale}
                      pointerLength={10 / scale}
                      pointerWidth={10 / scale}
                    />
                    <Text
                      x={l.a.x}
                      y={l.a.y + 4 / scale}
                      text={`${l.name} · ${t(`calib.lineKind.${l.kind}`)}`}
                      fontSize={12 / scale}
                      fill="#ffd54f"
                    />
                  </Group>
                ))}
                {doc.stopLine ? (
                  <Line
                    points={[
                      doc.stopLine.a.x,
                      doc.stopLine.a.y,
                      doc.stopLine.b.x,
                      doc.stopLine.b.y,
                    ]}
                    stroke="#ff5c5c"
                    strokeWidth={4 / scale}
                  />
                ) : null}
                {doc.signalRegion ? (
                  <Rect
                    {...doc.signalRegion}
                    stroke="#ff5c5c"
                    dash={[6 / scale, 4 / scale]}
                    strokeWidth={2 / scale}
                  />
                ) : null}
                {test ? (
                  <SceneTestMarkers
                    outcome={test.outcome}
                    frame={frame}
                    scale={scale}
                    picked={picked}
                    label={markerLabel}
                  />
                ) : null}
                {draft.length ? (
                  <Line
                    points={draft.flatMap((p) => [p.x, p.y])}
                    stroke="#fff"
                    dash={[6 / scale, 4 / scale]}
                    strokeWidth={2 / scale}
                  />
                ) : null}
                {draft.map((p, i) => (
                  <Circle
                    key={`d${i}`}
                    x={p.x}
                    y={p.y}
                    radius={r * 0.7}
                    fill="#fff"
                    listening={false}
                  />
                ))}
                {doc.pairs.map((p, i) => (
                  <Group key={`p${i}`}>
                    <Circle
                      x={p.image.x}
                      y={p.image.y}
                      radius={r}
                      fill={selected === i ? '#ff9800' : '#ff5c5c'}
                      stroke="#fff"
                      strokeWidth={1.5 / scale}
                      onClick={() => setSelected(i)}
                      {...handleProps((np) =>
                        edit((d) => ({
                          ...d,
                          pairs: d.pairs.map((q, j) => (j === i ? { ...q, image: np } : q)),
                        })),
                      )}
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
              </Layer>
            </Stage>
          ) : (
            <p className="muted pad">{camera ? t('calib.waiting') : t('wall.empty')}</p>
          )}
        </div>
        {message ? (
          <p
            role={message.kind === 'error' ? 'alert' : 'status'}
            className={message.kind === 'error' ? 'error' : 'ok'}
            data-testid="calib-message"
          >
            {message.text}
          </p>
        ) : null}
      </div>
      <aside className="calib__side">
        <section>
          <h2>{t('calib.points')}</h2>
          <p className="muted small" data-testid="calib-version">
            {versions.calibration
              ? t('calib.version', {
                  version: versions.calibration.version,
                  by: versions.calibration.createdBy,
                  at: formatDateTime(locale, versions.calibration.createdAt),
                })
              : t('calib.noVersion')}
          </p>
          <table className="pairs">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('calib.imagePx')}</th>
                <th>{t('calib.worldX')}</th>
                <th>{t('calib.worldY')}</th>
                <th>{t('calib.error')}</th>
                <th>
                  <span className="sr-only">{t('calib.delete')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {doc.pairs.map((p, i) => (
                <tr
                  key={i}
                  className={selected === i ? 'selected' : undefined}
                  data-testid="pair-row"
                >
                  <td>{i + 1}</td>
                  <td>
                    {formatNumber(locale, p.image.x, 0)}, {formatNumber(locale, p.image.y, 0)}
                  </td>
                  <td>
                    <input
                      aria-label={t('calib.worldXOf', { n: i + 1 })}
                      inputMode="decimal"
                      defaultValue={p.world.x}
                      key={`x${i}-${p.world.x}`}
                      onBlur={(e) => setWorld(i, 'x', e.target.value)}
                    />
                  </td>
                  <td>
                    <input
                      aria-label={t('calib.worldYOf', { n: i + 1 })}
                      inputMode="decimal"
                      defaultValue={p.world.y}
                      key={`y${i}-${p.world.y}`}
                      onBlur={(e) => setWorld(i, 'y', e.target.value)}
                    />
                  </td>
                  <td data-testid="pair-error">
                    {solved.ok ? `${formatNumber(locale, solved.errorsM[i], 2)} m` : '—'}
                  </td>
                  <td>
                    <button
                      type="button"
                      aria-label={t('calib.deleteOf', { n: i + 1 })}
                      onClick={() =>
                        edit((d) => ({ ...d, pairs: d.pairs.filter((_, j) => j !== i) }))
                      }
                    >
                      ✕
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <label className="paste">
            {t('calib.paste')}
            <textarea
              rows={3}
              value={paste}
              onChange={(e) => setPaste(e.target.value)}
              placeholder={'0, 0\n3.5, 0\n3.5, 20\n0, 20'}
            />
          </label>
          <button type="button" onClick={applyPaste} disabled={!paste.trim()}>
            {t('calib.applyPaste')}
          </button>
          <p className={solved.ok ? 'ok' : 'error'} role="status" data-testid="calib-solve">
            {solved.ok
              ? t('calib.rms', { rms: formatNumber(locale, solved.rmsM, 2) })
              : translateError(t, solved)}
          </p>
          <BirdsEye
            frame={frame?.pixels}
            H={solved.ok ? solved.H : undefined}
            pairs={doc.pairs}
            label={t('calib.birdsEye')}
          />
          <button
            type="button"
            className="primary"
            onClick={() => void save('calibration')}
            disabled={!solved.ok}
          >
            {t('calib.saveCalibration')}
          </button>
        </section>
        <section>
          <h2>{t('calib.rules')}</h2>
          <p className="muted small" data-testid="rules-version">
            {versions.rules
              ? t('calib.version', {
                  version: versions.rules.version,
                  by: versions.rules.createdBy,
                  at: formatDateTime(locale, versions.rules.createdAt),
                })
              : t('calib.noVersion')}
          </p>
          <ul className="shapes">
            {doc.zones.map((z, i) => (
              <li key={z.id} data-testid="zone-row">
                <input
                  aria-label={t('calib.zoneNameLabel')}
                  defaultValue={z.name}
                  key={z.name}
                  onBlur={(e) =>
                    e.target.value &&
                    edit((d) => ({
                      ...d,
                      zones: d.zones.map((q, j) => (j === i ? { ...q, name: e.target.value } : q)),
                    }))
                  }
                />
                <label>
                  {t('calib.speedLimit')}
                  <input
                    inputMode="numeric"
                    defaultValue={z.speedLimitKmh ?? ''}
                    key={`s${z.speedLimitKmh}`}
                    onBlur={(e) => {
                      const v = Number(e.target.value);
                      edit((d) => ({
                        ...d,
                        zones: d.zones.map((q, j) =>
                          j === i
                            ? { ...q, speedLimitKmh: e.target.value && v > 0 ? v : undefined }
                            : q,
                        ),
                      }));
                    }}
                  />
                </label>
                <label>
                  {t('calib.dwell')}
                  <input
                    inputMode="numeric"
                    defaultValue={z.dwellSec ?? ''}
                    key={`d${z.dwellSec}`}
                    onBlur={(e) => {
                      const v = Number(e.target.value);
                      edit((d) => ({
                        ...d,
                        zones: d.zones.map((q, j) =>
                          j === i ? { ...q, dwellSec: e.target.value && v > 0 ? v : undefined } : q,
                        ),
                      }));
                    }}
                  />
                </label>
                <label>
                  {t('calib.classes')}
                  <input
                    defaultValue={z.classes.join(', ')}
                    key={`c${z.classes.join()}`}
                    onBlur={(e) =>
                      edit((d) => ({
                        ...d,
                        zones: d.zones.map((q, j) =>
                          j === i
                            ? {
                                ...q,
                                classes: e.target.value
                                  .split(',')
                                  .map((s) => s.trim())
                                  .filter(Boolean),
                              }
                            : q,
                        ),
                      }))
                    }
                  />
                </label>
                <button
                  type="button"
                  onClick={() => edit((d) => ({ ...d, zones: d.zones.filter((_, j) => j !== i) }))}
                >
                  {t('calib.delete')}
                </button>
              </li>
            ))}
            {doc.lines.map((l, i) => (
              <li key={l.id} data-testid="line-row">
                <span>{l.name}</span>
                <select
                  aria-label={t('calib.lineKindLabel')}
                  value={l.kind}
                  onChange={(e) =>
                    edit((d) => ({
                      ...d,
                      lines: d.lines.map((q, j) =>
                        j === i ? { ...q, kind: e.target.value as typeof q.kind } : q,
                      ),
                    }))
                  }
                >
                  {(['count', 'wrong-way', 'lane-invasion'] as const).map((k) => (
                    <option key={k} value={k}>
                      {t(`calib.lineKind.${k}`)}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  onClick={() =>
                    edit((d) => ({
                      ...d,
                      lines: d.lines.map((q, j) => (j === i ? { ...q, a: q.b, b: q.a } : q)),
                    }))
                  }
                >
                  {t('calib.flip')}
                </button>
                <button
                  type="button"
                  onClick={() => edit((d) => ({ ...d, lines: d.lines.filter((_, j) => j !== i) }))}
                >
                  {t('calib.delete')}
                </button>
              </li>
            ))}
            {doc.stopLine ? (
              <li>
                {t('calib.tool.stop-line')}{' '}
                <button type="button" onClick={() => edit((d) => ({ ...d, stopLine: undefined }))}>
                  {t('calib.delete')}
                </button>
              </li>
            ) : null}
            {doc.signalRegion ? (
              <li>
                {t('calib.tool.signal')}{' '}
                <button
                  type="button"
                  onClick={() => edit((d) => ({ ...d, signalRegion: undefined }))}
                >
                  {t('calib.delete')}
                </button>
              </li>
            ) : null}
          </ul>
          <button type="button" className="primary" onClick={() => void save('rules')}>
            {t('calib.saveRules')}
          </button>
        </section>
        <SceneTestPanel
          doc={doc}
          disabled={!frame || !cameraId}
          busy={testing}
          seconds={testSeconds}
          onSeconds={setTestSeconds}
          onRun={() => void runTest()}
          onClear={() => (setTest(undefined), setPicked(undefined))}
          result={test}
          picked={picked}
          onPick={setPicked}
        />
      </aside>
    </div>
  );
}
