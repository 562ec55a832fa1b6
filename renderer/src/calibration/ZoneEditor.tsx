import { useT } from '../i18n/i18n';
import { optionalPositive, parseClasses, type Zone } from './editor-state';

/**
 * One zone's rule settings in the side panel: name, speed limit (km/h), dwell time (s) and the
 * classes it applies to. Fields apply when they lose focus; `onChange` gets the changed fields.
 */
export function ZoneEditor(props: {
  zone: Zone;
  onChange(patch: Partial<Omit<Zone, 'id'>>): void;
  onDelete(): void;
}) {
  const t = useT();
  const { zone: z, onChange } = props;
  return (
    <li data-testid="zone-row">
      <input
        aria-label={t('calib.zoneNameLabel')}
        defaultValue={z.name}
        key={z.name}
        onBlur={(e) => e.target.value && onChange({ name: e.target.value })}
      />
      <label>
        {t('calib.speedLimit')}
        <input
          inputMode="numeric"
          defaultValue={z.speedLimitKmh ?? ''}
          key={`s${z.speedLimitKmh}`}
          onBlur={(e) => onChange({ speedLimitKmh: optionalPositive(e.target.value) })}
        />
      </label>
      <label>
        {t('calib.dwell')}
        <input
          inputMode="numeric"
          defaultValue={z.dwellSec ?? ''}
          key={`d${z.dwellSec}`}
          onBlur={(e) => onChange({ dwellSec: optionalPositive(e.target.value) })}
        />
      </label>
      <label>
        {t('calib.classes')}
        <input
          defaultValue={z.classes.join(', ')}
          key={`c${z.classes.join()}`}
          onBlur={(e) => onChange({ classes: parseClasses(e.target.value) })}
        />
      </label>
      <button type="button" onClick={props.onDelete}>
        {t('calib.delete')}
      </button>
    </li>
  );
}
