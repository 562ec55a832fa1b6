import { useEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import {
  DEFAULT_TILE_ATTRIBUTION,
  DEFAULT_TILE_URL_TEMPLATE,
  type MapSettings,
} from '../../../electron/shared/config/map-settings';
import {
  TILE_SIZE,
  centreOf,
  fitZoom,
  headingWedgePath,
  metresPerPixel,
  project,
  scaleBar,
  unproject,
  visibleTiles,
} from '../../../electron/shared/domain/map-projection';
import { useClient } from '../api/client-context';
import { useAccess } from '../app/access';
import { useAlarmStore } from '../alarms/alarm-store';
import { formatNumber, translateError, useI18n, useT } from '../i18n/i18n';
import { useLiveStore } from '../state/live-store';
import { navigate } from '../state/router';
import { useWallStore } from '../wall/wall-store';
import { MapSettingsCard } from './MapSettingsCard';
import { mapCameraState, placeCameras, type MapCameraState } from './map-state';
import { tileKey, useTiles } from './use-tiles';
import './map.css';

const MIN_ZOOM = 2;
const MAX_ZOOM = 19;
const GRID_PX = 64;
const STATES: MapCameraState[] = ['online', 'offline', 'alarm', 'disabled'];

interface View {
  zoom: number;
  centre: { lat: number; lon: number };
}

/**
 * Every camera with a GPS position at its place, coloured by its live state (online, offline, an
 * open alarm), its heading drawn as a wedge; a click opens it on the wall. Tiles come from the
 * configured XYZ layer through the host; without them (no internet, tiles off) the same projected
 * positions are drawn on a schematic grid with a scale bar and a compass, and a line says why.
 */
export function MapView() {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const access = useAccess();
  const cameras = useLiveStore((s) => s.cameras);
  const statuses = useLiveStore((s) => s.statuses);
  const alarms = useAlarmStore((s) => s.byId);
  const [settings, setSettings] = useState<MapSettings>();
  const [generation, setGeneration] = useState(0);
  const boxRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 900, height: 560 });
  const [view, setView] = useState<View>();
  const drag = useRef<{ x: number; y: number; centre: { x: number; y: number } }>(undefined);

  useEffect(() => {
    client
      .call('map.settings.get', {})
      .then(setSettings)
      .catch(() =>
        setSettings({
          tileUrlTemplate: DEFAULT_TILE_URL_TEMPLATE,
          attribution: DEFAULT_TILE_ATTRIBUTION,
          tilesEnabled: true,
        }),
      );
  }, [client, generation]);

  useEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect;
      if (width > 0 && height > 0) setSize({ width, height });
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const { placed, unplaced } = useMemo(() => placeCameras(cameras), [cameras]);
  const fitted = useMemo<View | undefined>(() => {
    if (!placed.length) return undefined;
    const zoom = fitZoom(placed, size, { minZoom: MIN_ZOOM, maxZoom: 18 });
    return { zoom, centre: unproject(centreOf(placed, zoom), zoom) };
  }, [placed, size]);
  const v = view ?? fitted ?? { zoom: MIN_ZOOM, centre: { lat: 0, lon: 0 } };
  const centrePx = project(v.centre.lat, v.centre.lon, v.zoom);
  const tiles = visibleTiles(centrePx, v.zoom, size);
  const tilesOn = !!settings?.tilesEnabled && placed.length > 0;
  const { images, failure } = useTiles(client, tiles, tilesOn, generation);
  const schematic = !!settings && (!settings.tilesEnabled || !!failure);
  const toScreen = (lat: number, lon: number) => {
    const p = project(lat, lon, v.zoom);
    return { x: p.x - centrePx.x + size.width / 2, y: p.y - centrePx.y + size.height / 2 };
  };
  const mpp = metresPerPixel(v.centre.lat, v.zoom);
  const bar = scaleBar(mpp, Math.min(160, size.width / 4));
  const barLabel =
    bar.metres >= 1000
      ? `${formatNumber(locale, bar.metres / 1000, 1)} km`
      : `${formatNumber(locale, bar.metres, 0)} m`;

  const zoomBy = (d: number) =>
    setView({ ...v, zoom: Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, v.zoom + d)) });
  const open = (id: string) => {
    useWallStore.getState().setFocused(id);
    navigate('wall');
  };
  const onPointerDown = (e: PointerEvent<SVGSVGElement>) => {
    if ((e.target as Element).closest('[data-camera]')) return;
    drag.current = { x: e.clientX, y: e.clientY, centre: centrePx };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    if (!d) return;
    const next = { x: d.centre.x - (e.clientX - d.x), y: d.centre.y - (e.clientY - d.y) };
    setView({ zoom: v.zoom, centre: unproject(next, v.zoom) });
  };
  const onPointerUp = () => {
    drag.current = undefined;
  };

  const states = placed.map((p) => ({
    p,
    state: mapCameraState(p.camera, statuses[p.camera.id], Object.values(alarms)),
  }));
  const left = centrePx.x - size.width / 2;
  const top = centrePx.y - size.height / 2;
  const gridX: number[] = [];
  for (let x = Math.ceil(left / GRID_PX) * GRID_PX; x < left + size.width; x += GRID_PX)
    gridX.push(x - left);
  const gridY: number[] = [];
  for (let y = Math.ceil(top / GRID_PX) * GRID_PX; y < top + size.height; y += GRID_PX)
    gridY.push(y - top);

  return (
    <section className="map-view pad" aria-labelledby="map-title" data-testid="map-view">
      <header className="map-view__bar">
        <h2 id="map-title">{t('map.title')}</h2>
        <div className="map-view__tools">
          <button type="button" onClick={() => zoomBy(1)} aria-label={t('map.zoomIn')}>
            +
          </button>
          <button type="button" onClick={() => zoomBy(-1)} aria-label={t('map.zoomOut')}>
            −
          </button>
          <button type="button" onClick={() => setView(undefined)}>
            {t('map.fit')}
          </button>
        </div>
        <ul className="map-view__legend" aria-label={t('map.legend')}>
          {STATES.map((s) => (
            <li key={s}>
              <span className={`map-dot map-dot--${s}`} aria-hidden="true" />
              {t(`map.state.${s}`)} ({states.filter((x) => x.state === s).length})
            </li>
          ))}
        </ul>
      </header>
      {schematic ? (
        <p role="status" className="map-view__notice" data-testid="map-schematic-notice">
          {t('map.schematic', {
            reason: !settings?.tilesEnabled
              ? t('map.schematic.off')
              : t('map.schematic.failed', { error: failure ? translateError(t, failure) : '' }),
          })}
        </p>
      ) : null}
      {!placed.length ? (
        <p className="muted" data-testid="map-empty">
          {t('map.empty')}
        </p>
      ) : null}
      <div className="map-view__canvas" ref={boxRef}>
        <svg
          width={size.width}
          height={size.height}
          role="group"
          aria-label={t('map.label')}
          data-mode={schematic ? 'schematic' : 'tiles'}
          data-testid="map-svg"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerUp}
          onWheel={(e) => zoomBy(e.deltaY < 0 ? 1 : -1)}
        >
          <rect width={size.width} height={size.height} className="map-view__ground" />
          <g className="map-view__grid" aria-hidden="true">
            {gridX.map((x) => (
              <line key={`x${x}`} x1={x} x2={x} y1={0} y2={size.height} />
            ))}
            {gridY.map((y) => (
              <line key={`y${y}`} y1={y} y2={y} x1={0} x2={size.width} />
            ))}
          </g>
          {!schematic
            ? tiles.map((tile) => {
                const href = images.get(tileKey(tile));
                return href ? (
                  <image
                    key={`${tile.z}/${tile.left}/${tile.top}`}
                    href={href}
                    x={tile.left}
                    y={tile.top}
                    width={TILE_SIZE}
                    height={TILE_SIZE}
                    aria-hidden="true"
                  />
                ) : null;
              })
            : null}
          {states.map(({ p, state }) => {
            const s = toScreen(p.lat, p.lon);
            const label = t('map.camera', { name: p.camera.name, state: t(`map.state.${state}`) });
            const maintenance = p.camera.site?.maintenance;
            return (
              <g
                key={p.camera.id}
                data-camera={p.camera.id}
                data-state={state}
                data-testid={`map-camera-${p.camera.id}`}
                className={`map-cam map-cam--${state}${maintenance && maintenance !== 'in-service' ? ' map-cam--maint' : ''}`}
                role="button"
                tabIndex={0}
                aria-label={`${label}. ${t('map.camera.open', { name: p.camera.name })}`}
                onClick={() => open(p.camera.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    open(p.camera.id);
                  }
                }}
              >
                <title>
                  {label}
                  {maintenance && maintenance !== 'in-service'
                    ? ` · ${t('map.maintenance', { state: t(`site.maintenance.${maintenance}`) })}`
                    : ''}
                </title>
                {p.headingDeg !== undefined ? (
                  <path
                    className="map-cam__wedge"
                    d={headingWedgePath(s.x, s.y, p.headingDeg, 34)}
                    data-testid={`map-wedge-${p.camera.id}`}
                  />
                ) : null}
                <circle className="map-cam__dot" cx={s.x} cy={s.y} r={9} />
                <text className="map-cam__label" x={s.x + 13} y={s.y + 4}>
                  {p.camera.name}
                </text>
              </g>
            );
          })}
          <g
            className="map-view__compass"
            transform={`translate(${size.width - 36} 40)`}
            aria-hidden="true"
          >
            <circle r={18} />
            <path d="M 0 -14 L 6 4 L 0 0 L -6 4 Z" />
            <text y={-20} textAnchor="middle">
              {t('map.north')}
            </text>
          </g>
          <g
            className="map-view__scale"
            transform={`translate(16 ${size.height - 20})`}
            data-testid="map-scale"
          >
            <line x1={0} x2={bar.pixels} y1={0} y2={0} />
            <line x1={0} x2={0} y1={-5} y2={5} />
            <line x1={bar.pixels} x2={bar.pixels} y1={-5} y2={5} />
            <text x={bar.pixels / 2} y={-8} textAnchor="middle">
              {barLabel}
            </text>
          </g>
        </svg>
        {!schematic && settings?.attribution ? (
          <small className="map-view__attribution">
            {t('map.attribution', { text: settings.attribution })}
          </small>
        ) : null}
      </div>
      {unplaced.length ? (
        <p className="small muted" data-testid="map-unplaced">
          {t('map.unplaced', { names: unplaced.map((c) => c.name).join(', ') })}
        </p>
      ) : null}
      {access.can('config') && settings ? (
        <MapSettingsCard
          settings={settings}
          onSaved={(s) => {
            setSettings(s);
            setGeneration((g) => g + 1);
          }}
        />
      ) : null}
    </section>
  );
}
