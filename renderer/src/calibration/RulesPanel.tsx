import { useT } from '../i18n/i18n';
import {
  clearSignalRegion,
  flipLine,
  LINE_KINDS,
  removeLine,
  removeZone,
  setStopLine,
  updateLine,
  updateZone,
  untypedZones,
  type DirectedLine,
  type EditorDoc,
  type LineKind,
} from './editor-state';
import type { VersionInfo } from './use-saved-versions';
import { VersionNote } from './VersionNote';
import { ZoneEditor } from './ZoneEditor';

/** One directed line in the side panel: its kind, flip (reverse the arrow) and delete. */
function LineRow(props: { line: DirectedLine; edit(f: (doc: EditorDoc) => EditorDoc): void }) {
  const t = useT();
  const { line: l, edit } = props;
  return (
    <li data-testid="line-row">
      <span>{l.name}</span>
      <select
        aria-label={t('calib.lineKindLabel')}
        value={l.kind}
        onChange={(e) => edit((d) => updateLine(d, l.id, { kind: e.target.value as LineKind }))}
      >
        {LINE_KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`calib.lineKind.${k}`)}
          </option>
        ))}
      </select>
      <button type="button" onClick={() => edit((d) => flipLine(d, l.id))}>
        {t('calib.flip')}
      </button>
      <button type="button" onClick={() => edit((d) => removeLine(d, l.id))}>
        {t('calib.delete')}
      </button>
    </li>
  );
}

/** A single shape (stop line, signal region) listed by its tool's name, with delete. */
function SingleShapeRow({ label, onDelete }: { label: string; onDelete(): void }) {
  const t = useT();
  return (
    <li>
      {label}{' '}
      <button type="button" onClick={onDelete}>
        {t('calib.delete')}
      </button>
    </li>
  );
}

/**
 * Side-panel section of the rules: every zone (with its settings), directed line, stop line and
 * signal region of the draft, and the save button.
 */
export function RulesPanel(props: {
  doc: EditorDoc;
  version?: VersionInfo;
  edit(f: (doc: EditorDoc) => EditorDoc): void;
  onSave(): void;
}) {
  const t = useT();
  const { doc, edit } = props;
  const untyped = untypedZones(doc);
  return (
    <section>
      <h2>{t('calib.rules')}</h2>
      <VersionNote version={props.version} testId="rules-version" />
      <ul className="shapes">
        {doc.zones.map((z) => (
          <ZoneEditor
            key={z.id}
            zone={z}
            onChange={(patch) => edit((d) => updateZone(d, z.id, patch))}
            onDelete={() => edit((d) => removeZone(d, z.id))}
          />
        ))}
        {doc.lines.map((l) => (
          <LineRow key={l.id} line={l} edit={edit} />
        ))}
        {doc.stopLine ? (
          <SingleShapeRow
            label={t('calib.tool.stop-line')}
            onDelete={() => edit((d) => setStopLine(d, undefined))}
          />
        ) : null}
        {doc.signalRegion ? (
          <SingleShapeRow label={t('calib.tool.signal')} onDelete={() => edit(clearSignalRegion)} />
        ) : null}
      </ul>
      {untyped.length ? (
        <p className="warn small" id="rules-untyped" data-testid="rules-untyped">
          {t('calib.zoneKind.missing', { names: untyped.map((z) => z.name).join(', ') })}
        </p>
      ) : null}
      <button
        type="button"
        className="primary"
        onClick={props.onSave}
        disabled={untyped.length > 0}
        aria-describedby={untyped.length ? 'rules-untyped' : undefined}
      >
        {t('calib.saveRules')}
      </button>
    </section>
  );
}
