import { useState } from 'react';
import { formatNumber, translateError, useI18n, useT } from '../i18n/i18n';
import { BirdsEye } from './BirdsEye';
import {
  parseDecimal,
  parseWorldCoords,
  removePair,
  setAllWorld,
  setPairWorld,
  type EditorDoc,
} from './editor-state';
import type { SolveResult } from './homography';
import type { Say, VersionInfo } from './use-saved-versions';
import { VersionNote } from './VersionNote';

/**
 * Side-panel section of the calibration: the point pairs with their world coordinates (typed or
 * pasted from a spreadsheet) and reprojection errors, the solver's verdict, the bird's-eye
 * preview and the save button.
 */
export function PointPairsPanel(props: {
  doc: EditorDoc;
  selected?: number;
  solved: SolveResult;
  pixels?: ImageData;
  version?: VersionInfo;
  edit(f: (doc: EditorDoc) => EditorDoc): void;
  say: Say;
  onSave(): void;
}) {
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const { doc, solved, edit } = props;
  const [paste, setPaste] = useState('');

  const applyPaste = () => {
    const pts = parseWorldCoords(paste);
    if (!pts || pts.length !== doc.pairs.length)
      return props.say('error', t('calib.pasteMismatch', { n: doc.pairs.length }));
    edit((d) => setAllWorld(d, pts));
    setPaste('');
  };

  const worldInput = (i: number, axis: 'x' | 'y') => (
    <input
      aria-label={t(axis === 'x' ? 'calib.worldXOf' : 'calib.worldYOf', { n: i + 1 })}
      inputMode="decimal"
      defaultValue={doc.pairs[i].world[axis]}
      key={`${axis}${i}-${doc.pairs[i].world[axis]}`}
      onBlur={(e) => edit((d) => setPairWorld(d, i, axis, parseDecimal(e.target.value)))}
    />
  );

  return (
    <section>
      <h2>{t('calib.points')}</h2>
      <VersionNote version={props.version} testId="calib-version" />
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
              className={props.selected === i ? 'selected' : undefined}
              data-testid="pair-row"
            >
              <td>{i + 1}</td>
              <td>
                {formatNumber(locale, p.image.x, 0)}, {formatNumber(locale, p.image.y, 0)}
              </td>
              <td>{worldInput(i, 'x')}</td>
              <td>{worldInput(i, 'y')}</td>
              <td data-testid="pair-error">
                {solved.ok ? `${formatNumber(locale, solved.errorsM[i], 2)} m` : '—'}
              </td>
              <td>
                <button
                  type="button"
                  aria-label={t('calib.deleteOf', { n: i + 1 })}
                  onClick={() => edit((d) => removePair(d, i))}
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
        frame={props.pixels}
        H={solved.ok ? solved.H : undefined}
        pairs={doc.pairs}
        label={t('calib.birdsEye')}
      />
      <button type="button" className="primary" onClick={props.onSave} disabled={!solved.ok}>
        {t('calib.saveCalibration')}
      </button>
    </section>
  );
}
