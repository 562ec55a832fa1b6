import { useT } from '../i18n/i18n';
import { ZONE_KINDS, type ZoneKind } from '../../../electron/shared/api/methods/rules';
import { optionalPositive, parseClasses, type Zone } from './editor-state';

/**
 * One zone's rule settings in the side panel: name, its type (chosen by the operator, never
 * guessed), then the type's own field (speed limit in km/h, or dwell time in s) and the classes
 * it applies to. Fields apply when they lose focus; `onChange` gets the changed fields.
 */
export function ZoneEditor(props: {
  zone: Zone;
  onChange(patch: Partial<Omit<Zone, 'id'>>): void;
  onDelete(): void;
}) {
  const t = useT();
  const { zone: z, onChange } = props;
  return (
    <li data-testid="zone-row" className={z.kind ? undefined : 'shapes__untyped'}>
      <input
        aria-label={t('calib.zoneNameLabel')}
        defaultValue={z.name}
        key={z.name}
        onBlur={(e) => e.target.value && onChange({ name: e.target.value })}
      />
      <label>
        {t('calib.zoneKind')}
        <select
          value={z.kind ?? ''}
          aria-invalid={!z.kind}
          onChange={(e) => {
            const kind = e.target.value as ZoneKind;
            // A type's field only: switching clears the other type's setting.
            onChange({
              kind,
              ...(kind !== 'speed' ? { speedLimitKmh: undefined } : {}),
              ...(kind !== 'intrusion' ? { dwellSec: undefined } : {}),
            });
          }}
        >
          <option value="" disabled>
            {t('calib.zoneKind.choose')}
          </option>
          {ZONE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`calib.zoneKind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      {z.kind === 'speed' ? (
        <label>
          {t('calib.speedLimit')}
          <input
            inputMode="numeric"
            defaultValue={z.speedLimitKmh ?? ''}
            key={`s${z.speedLimitKmh}`}
            onBlur={(e) => onChange({ speedLimitKmh: optionalPositive(e.target.value) })}
          />
        </label>
      ) : null}
      {z.kind === 'intrusion' ? (
        <label>
          {t('calib.dwell')}
          <input
            inputMode="numeric"
            defaultValue={z.dwellSec ?? ''}
            key={`d${z.dwellSec}`}
            onBlur={(e) => onChange({ dwellSec: optionalPositive(e.target.value) })}
          />
        </label>
      ) : null}
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
