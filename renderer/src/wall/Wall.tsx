import { isTypingTarget } from '../app/typing-target';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLiveStore } from '../state/live-store';
import { useT } from '../i18n/i18n';
import { CameraTile } from './CameraTile';
import { EventFeed } from './EventFeed';
import { AlarmPanel } from '../alarms/AlarmPanel';
import {
  fillSlots,
  fitWall,
  layoutSpec,
  LAYOUTS,
  moveTile,
  pinSlot,
  reconcileOrder,
  type Slot,
} from './layout';
import { useWallStore } from './wall-store';
import { WallLayoutEditor } from './WallLayoutEditor';
import './wall.css';

/** Height of a tile's caption bar, kept out of the 16:9 picture when the wall is sized. */
const CAPTION_PX = 30;
const TOUR_CHOICES = [0, 10, 20, 30, 60] as const;

/**
 * The live wall: fixed layouts (1, 2×2, 3×3, 4×4, 1+5, 1+7), all cameras, or the operator's own
 * layout from the editor. A camera can be pinned to a slot; the other slots page through the rest
 * (buttons, Page Up/Down, or a timed tour). Tiles keep the cameras' 16:9 shape, are reordered by
 * dragging, and a double-click (or Enter) focuses one tile, Escape returns. The live event feed
 * and the alarm list sit beside it.
 */
export function Wall() {
  const cameras = useLiveStore((s) => s.cameras);
  const t = useT();
  const {
    layout,
    order,
    pins,
    custom,
    tourSec,
    page,
    focused,
    setLayout,
    setOrder,
    setPins,
    setCustom,
    setTour,
    setPage,
    setFocused,
  } = useWallStore();
  const [dragging, setDragging] = useState<string>();
  const [editing, setEditing] = useState(false);
  const boxRef = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState({ w: 0, h: 0 });
  const ids = useMemo(
    () =>
      reconcileOrder(
        order,
        cameras.map((c) => c.id),
      ),
    [order, cameras],
  );
  const byId = useMemo(() => new Map(cameras.map((c) => [c.id, c])), [cameras]);

  const focusedCam = focused ? byId.get(focused) : undefined;
  const spec = layoutSpec(focusedCam ? '1' : layout, ids.length, custom);
  const layoutPins = focusedCam ? [focusedCam.id] : (pins[layout] ?? []);
  const filled = fillSlots(spec, ids, layoutPins, focusedCam ? 0 : page);
  const size = fitWall(spec, box, CAPTION_PX);

  useEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) =>
      setBox({ w: entry.contentRect.width, h: entry.contentRect.height }),
    );
    ro.observe(el);
    return () => ro.disconnect();
  }, [cameras.length]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && focused) setFocused(undefined);
      if (isTypingTarget(e.target) || focused) return;
      if (e.key === 'PageDown') setPage((filled.page + 1) % filled.pages);
      if (e.key === 'PageUp') setPage((filled.page - 1 + filled.pages) % filled.pages);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [focused, setFocused, setPage, filled.page, filled.pages]);

  useEffect(() => {
    if (!tourSec || focused || filled.pages < 2) return;
    const timer = setInterval(() => {
      const { page: p } = useWallStore.getState();
      setPage((p + 1) % filled.pages);
    }, tourSec * 1000);
    return () => clearInterval(timer);
  }, [tourSec, focused, filled.pages, setPage]);

  const pinTo = (index: number, cameraId: string | undefined) =>
    setPins(layout, pinSlot(layoutPins, spec.cells.length, index, cameraId));

  const onDrop = (slot: Slot, index: number, from: string) => {
    if (!from || from === slot.cameraId) return;
    const fromPinned = filled.slots.some((s) => s.pinned && s.cameraId === from);
    // A pinned slot (or a pinned camera) keeps the operator's choice: the camera is pinned where
    // it was dropped. Otherwise the drop reorders the automatic cameras.
    if (slot.pinned || fromPinned || !slot.cameraId) pinTo(index, from);
    else setOrder(moveTile(ids, from, slot.cameraId));
  };

  return (
    <div className="wall-view">
      <div className="wall-view__main">
        <div className="toolbar" role="toolbar" aria-label={t('wall.layout')}>
          <span className="toolbar__label">{t('wall.layout')}</span>
          {LAYOUTS.map((l) => (
            <button
              key={l}
              type="button"
              aria-pressed={layout === l && !focusedCam}
              onClick={() => (setFocused(undefined), setLayout(l))}
            >
              {t(`wall.layout.${l}`)}
            </button>
          ))}
          <button type="button" onClick={() => setEditing(true)}>
            {t('wall.editor.open')}
          </button>
          {focusedCam ? (
            <button type="button" onClick={() => setFocused(undefined)}>
              {t('wall.unfocus')}
            </button>
          ) : null}
          {!focusedCam && filled.pages > 1 ? (
            <span className="wall__pager" data-testid="wall-pager">
              <button
                type="button"
                aria-label={t('wall.page.previous')}
                title={t('wall.page.previous')}
                onClick={() => setPage((filled.page - 1 + filled.pages) % filled.pages)}
              >
                ‹
              </button>
              <span aria-live="polite">
                {t('wall.page', { page: filled.page + 1, pages: filled.pages })}
              </span>
              <button
                type="button"
                aria-label={t('wall.page.next')}
                title={t('wall.page.next')}
                onClick={() => setPage((filled.page + 1) % filled.pages)}
              >
                ›
              </button>
              <label className="wall__tour">
                <span>{t('wall.tour')}</span>
                <select value={tourSec} onChange={(e) => setTour(Number(e.target.value))}>
                  {TOUR_CHOICES.map((s) => (
                    <option key={s} value={s}>
                      {s ? t('wall.tour.every', { s }) : t('wall.tour.off')}
                    </option>
                  ))}
                </select>
              </label>
            </span>
          ) : null}
        </div>
        {!cameras.length ? (
          <p className="wall__empty">{t('wall.empty')}</p>
        ) : (
          <div className="wall__box" ref={boxRef}>
            <section
              className="wall"
              aria-label={t('wall.title')}
              data-layout={focusedCam ? 'focused' : layout}
              style={{
                width: size.w || undefined,
                height: size.h || undefined,
                gridTemplateColumns: `repeat(${spec.cols}, minmax(0, 1fr))`,
                gridTemplateRows: `repeat(${spec.rows}, minmax(0, 1fr))`,
              }}
            >
              {filled.slots.map((slot, index) => {
                const camera = slot.cameraId ? byId.get(slot.cameraId) : undefined;
                const place = {
                  gridColumn: `${slot.cell.x + 1} / span ${slot.cell.w}`,
                  gridRow: `${slot.cell.y + 1} / span ${slot.cell.h}`,
                };
                return (
                  <div
                    key={`${index}-${slot.cameraId ?? ''}`}
                    className={`wall__slot${dragging && dragging === slot.cameraId ? ' wall__slot--dragging' : ''}${camera ? '' : ' wall__slot--free'}`}
                    style={place}
                    draggable={!!camera && !focusedCam}
                    tabIndex={camera ? 0 : -1}
                    data-slot={index}
                    data-pinned={slot.pinned || undefined}
                    aria-label={camera ? t('wall.tileHint', { name: camera.name }) : undefined}
                    onKeyDown={(e) =>
                      camera &&
                      e.key === 'Enter' &&
                      e.target === e.currentTarget &&
                      setFocused(focusedCam ? undefined : camera.id)
                    }
                    onDragStart={(e) => {
                      if (!camera) return;
                      e.dataTransfer.setData('text/plain', camera.id);
                      e.dataTransfer.effectAllowed = 'move';
                      setDragging(camera.id);
                    }}
                    onDragEnd={() => setDragging(undefined)}
                    onDragOver={(e) => e.preventDefault()}
                    onDrop={(e) => {
                      e.preventDefault();
                      onDrop(slot, index, e.dataTransfer.getData('text/plain'));
                      setDragging(undefined);
                    }}
                  >
                    {camera ? (
                      <CameraTile
                        camera={camera}
                        focused={!!focusedCam}
                        onFocus={() => setFocused(focusedCam ? undefined : camera.id)}
                      />
                    ) : (
                      <div className="wall__placeholder">{t('wall.slot.empty')}</div>
                    )}
                    {focusedCam ? null : (
                      <select
                        className="wall__slot-pick"
                        aria-label={t('wall.slot.pick', { n: index + 1 })}
                        title={slot.pinned ? t('wall.slot.pinned') : undefined}
                        value={slot.pinned ? slot.cameraId : ''}
                        onChange={(e) => pinTo(index, e.target.value || undefined)}
                      >
                        <option value="">{t('wall.slot.auto')}</option>
                        {cameras.map((c) => (
                          <option key={c.id} value={c.id}>
                            {c.name}
                          </option>
                        ))}
                      </select>
                    )}
                  </div>
                );
              })}
            </section>
          </div>
        )}
      </div>
      <EventFeed />
      <AlarmPanel />
      {editing ? (
        <WallLayoutEditor
          initial={custom}
          onCancel={() => setEditing(false)}
          onSave={(spec) => {
            setCustom(spec);
            setLayout('custom');
            setFocused(undefined);
            setEditing(false);
          }}
        />
      ) : null}
    </div>
  );
}
