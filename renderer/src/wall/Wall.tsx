import { useEffect, useMemo, useState } from 'react';
import { useLiveStore } from '../state/live-store';
import { useT } from '../i18n/i18n';
import { CameraTile } from './CameraTile';
import { EventFeed } from './EventFeed';
import { AlarmPanel } from '../alarms/AlarmPanel';
import { gridFor, LAYOUTS, moveTile, reconcileOrder } from './layout';
import { useWallStore } from './wall-store';
import './wall.css';

/**
 * The live wall: layouts 1, 2×2, 3×3, 4×4 or custom (all cameras), tiles reordered by dragging,
 * double-click (or Enter) to focus one tile, Escape to return; the live event feed and the alarm
 * list beside it.
 */
export function Wall() {
  const cameras = useLiveStore((s) => s.cameras);
  const t = useT();
  const { layout, order, focused, setLayout, setOrder, setFocused } = useWallStore();
  const [dragging, setDragging] = useState<string>();
  const ids = useMemo(
    () =>
      reconcileOrder(
        order,
        cameras.map((c) => c.id),
      ),
    [order, cameras],
  );
  const byId = useMemo(() => new Map(cameras.map((c) => [c.id, c])), [cameras]);

  useEffect(() => {
    if (!focused) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setFocused(undefined);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [focused, setFocused]);

  const focusedCam = focused ? byId.get(focused) : undefined;
  const grid = gridFor(focusedCam ? '1' : layout, ids.length);
  const visible = focusedCam ? [focusedCam.id] : ids.slice(0, grid.capacity);

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
          {focusedCam ? (
            <button type="button" onClick={() => setFocused(undefined)}>
              {t('wall.unfocus')}
            </button>
          ) : null}
          {!focusedCam && ids.length > grid.capacity ? (
            <span className="toolbar__hint">
              {t('wall.hidden', { n: ids.length - grid.capacity })}
            </span>
          ) : null}
        </div>
        {!cameras.length ? (
          <p className="wall__empty">{t('wall.empty')}</p>
        ) : (
          <section
            className="wall"
            aria-label={t('wall.title')}
            style={{
              gridTemplateColumns: `repeat(${grid.cols}, minmax(0, 1fr))`,
              gridTemplateRows: `repeat(${Math.min(grid.rows, Math.ceil(visible.length / grid.cols))}, minmax(0, 1fr))`,
            }}
          >
            {visible.map((id) => {
              const camera = byId.get(id)!;
              return (
                <div
                  key={id}
                  className={`wall__slot${dragging === id ? ' wall__slot--dragging' : ''}`}
                  draggable={!focusedCam}
                  tabIndex={0}
                  aria-label={t('wall.tileHint', { name: camera.name })}
                  onKeyDown={(e) => e.key === 'Enter' && setFocused(focusedCam ? undefined : id)}
                  onDragStart={(e) => {
                    e.dataTransfer.setData('text/plain', id);
                    e.dataTransfer.effectAllowed = 'move';
                    setDragging(id);
                  }}
                  onDragEnd={() => setDragging(undefined)}
                  onDragOver={(e) => e.preventDefault()}
                  onDrop={(e) => {
                    e.preventDefault();
                    const from = e.dataTransfer.getData('text/plain');
                    if (from && from !== id) setOrder(moveTile(ids, from, id));
                    setDragging(undefined);
                  }}
                >
                  <CameraTile
                    camera={camera}
                    focused={!!focusedCam}
                    onFocus={() => setFocused(focusedCam ? undefined : id)}
                  />
                </div>
              );
            })}
          </section>
        )}
      </div>
      <EventFeed />
      <AlarmPanel />
    </div>
  );
}
