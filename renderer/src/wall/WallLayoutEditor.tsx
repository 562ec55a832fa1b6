import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/i18n';
import { type LayoutSpec, fillGaps, MAX_GRID, mergeCells, resizeGrid } from './layout';

interface Props {
  initial: LayoutSpec;
  onSave(spec: LayoutSpec): void;
  onCancel(): void;
}

type Square = { x: number; y: number };

/**
 * The custom layout editor: choose the grid, then drag from one square to another to merge the
 * rectangle between them into one large slot. What is drawn is what the wall will show.
 */
export function WallLayoutEditor({ initial, onSave, onCancel }: Props) {
  const t = useT();
  const [spec, setSpec] = useState(initial);
  const [from, setFrom] = useState<Square>();
  const [over, setOver] = useState<Square>();
  const dialogRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    dialogRef.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onCancel();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);

  const squares: Square[] = [];
  for (let y = 0; y < spec.rows; y++) for (let x = 0; x < spec.cols; x++) squares.push({ x, y });
  const inDrag = (s: Square) =>
    !!from &&
    !!over &&
    s.x >= Math.min(from.x, over.x) &&
    s.x <= Math.max(from.x, over.x) &&
    s.y >= Math.min(from.y, over.y) &&
    s.y <= Math.max(from.y, over.y);
  const finish = (to: Square | undefined) => {
    if (from && to && (from.x !== to.x || from.y !== to.y)) setSpec(mergeCells(spec, from, to));
    setFrom(undefined);
    setOver(undefined);
  };
  const grid = {
    gridTemplateColumns: `repeat(${spec.cols}, 1fr)`,
    gridTemplateRows: `repeat(${spec.rows}, 1fr)`,
    aspectRatio: `${spec.cols * 16} / ${spec.rows * 9}`,
  };
  const sizeInput = (key: 'cols' | 'rows', label: string) => (
    <label>
      <span>{label}</span>
      <input
        type="number"
        min={1}
        max={MAX_GRID}
        value={spec[key]}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isInteger(v) && v >= 1 && v <= MAX_GRID)
            setSpec(
              resizeGrid(spec, key === 'cols' ? v : spec.cols, key === 'rows' ? v : spec.rows),
            );
        }}
      />
    </label>
  );

  return (
    <div className="modal-backdrop">
      <div
        className="wall-editor"
        role="dialog"
        aria-modal="true"
        aria-labelledby="wall-editor-title"
        tabIndex={-1}
        ref={dialogRef}
        data-testid="wall-editor"
      >
        <h2 id="wall-editor-title">{t('wall.editor.title')}</h2>
        <p className="wall-editor__hint">{t('wall.editor.hint')}</p>
        <div className="wall-editor__size">
          {sizeInput('cols', t('wall.editor.cols'))}
          {sizeInput('rows', t('wall.editor.rows'))}
          <span className="wall-editor__count">
            {t('wall.editor.slots', { n: spec.cells.length })}
          </span>
        </div>
        <div className="wall-editor__stack">
          <div className="wall-editor__grid" style={grid} aria-hidden="true">
            {spec.cells.map((c, i) => (
              <div
                key={`c-${i}`}
                className="wall-editor__cell"
                style={{
                  gridColumn: `${c.x + 1} / span ${c.w}`,
                  gridRow: `${c.y + 1} / span ${c.h}`,
                }}
              >
                {i + 1}
              </div>
            ))}
          </div>
          <div
            className="wall-editor__grid wall-editor__squares"
            style={grid}
            onPointerLeave={() => finish(undefined)}
          >
            {squares.map((s) => (
              <div
                key={`s-${s.x}-${s.y}`}
                className={`wall-editor__square${inDrag(s) ? ' wall-editor__square--drag' : ''}`}
                data-square={`${s.x},${s.y}`}
                onPointerDown={(e) => {
                  e.preventDefault();
                  setFrom(s);
                  setOver(s);
                }}
                onPointerEnter={() => from && setOver(s)}
                onPointerUp={() => finish(s)}
              />
            ))}
          </div>
        </div>
        <div className="wall-editor__actions">
          <button
            type="button"
            onClick={() => setSpec(fillGaps({ cols: spec.cols, rows: spec.rows, cells: [] }))}
          >
            {t('wall.editor.split')}
          </button>
          <span className="spacer" />
          <button type="button" onClick={onCancel}>
            {t('wall.editor.cancel')}
          </button>
          <button type="button" className="primary" onClick={() => onSave(spec)}>
            {t('wall.editor.save')}
          </button>
        </div>
      </div>
    </div>
  );
}
