import { formatNumber, useI18n, useT } from '../i18n/i18n';
import type {
  InfractionFilter,
  InfractionRecord,
} from '../../../electron/shared/api/methods/infractions';
import { plateStateSchema, type PlateState } from '../../../electron/shared/domain/infraction';

/** Review's plate filters as the form holds them: a state, and a confidence line 0..100 (0: off). */
export interface PlateFilterValue {
  plateState: '' | PlateState;
  confidencePct: number;
  /** `atLeast`: the sure reads (bulk validation); `below`: the doubtful ones, to check by eye. */
  direction: 'atLeast' | 'below';
}

export const NO_PLATE_FILTER: PlateFilterValue = {
  plateState: '',
  confidencePct: 0,
  direction: 'atLeast',
};

/** The API filter of the form's plate fields (a confidence line of 0 filters nothing). */
export function plateFilterQuery(v: PlateFilterValue): InfractionFilter {
  const line = v.confidencePct / 100;
  return {
    ...(v.plateState ? { plateState: v.plateState } : {}),
    ...(v.confidencePct > 0
      ? v.direction === 'below'
        ? { maxPlateConfidence: line }
        : { minPlateConfidence: line }
      : {}),
  };
}

/** State select and reading-confidence slider of the review filters. */
export function PlateFilterFields({
  value,
  onChange,
}: {
  value: PlateFilterValue;
  onChange: (v: PlateFilterValue) => void;
}) {
  const t = useT();
  return (
    <>
      <label>
        {t('plates.review.filter.state')}
        <select
          data-testid="filter-plate-state"
          value={value.plateState}
          onChange={(e) =>
            onChange({ ...value, plateState: e.target.value as PlateFilterValue['plateState'] })
          }
        >
          <option value="">{t('plates.review.filter.any')}</option>
          {plateStateSchema.options.map((s) => (
            <option key={s} value={s}>
              {t(`plates.state.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {value.confidencePct > 0
          ? t('plates.review.filter.confidence', { pct: value.confidencePct })
          : t('plates.review.filter.confidenceOff')}
        <input
          type="range"
          min={0}
          max={100}
          step={5}
          data-testid="filter-plate-confidence"
          value={value.confidencePct}
          onChange={(e) => onChange({ ...value, confidencePct: Number(e.target.value) })}
        />
      </label>
      <label>
        {t('plates.review.filter.direction')}
        <select
          data-testid="filter-plate-direction"
          value={value.direction}
          onChange={(e) =>
            onChange({ ...value, direction: e.target.value as PlateFilterValue['direction'] })
          }
        >
          <option value="atLeast">{t('plates.review.filter.atLeast')}</option>
          <option value="below">{t('plates.review.filter.below')}</option>
        </select>
      </label>
    </>
  );
}

/** What a case's plate line shows: its stored state, or for older cases whether it has a plate. */
export function plateStateOfRecord(i: InfractionRecord): PlateState {
  return i.plateState ?? (i.plate ? 'read' : 'none');
}

/** A queue item's plate: the text with its reading confidence, or the state when there is none. */
export function QueuePlate({ item }: { item: InfractionRecord }) {
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const state = plateStateOfRecord(item);
  if (item.plate)
    return (
      <>
        <span className="plate">{item.plate.text}</span>
        <span className="queue__plate-confidence" data-testid="queue-plate-confidence">
          {t('plates.review.confidence', {
            pct: formatNumber(locale, item.plate.confidence * 100, 0),
          })}
        </span>
      </>
    );
  return (
    <span
      className={`badge badge--plate-${state}`}
      data-testid="queue-plate-state"
      title={state === 'unreadable' ? t('plates.review.unreadableHint') : undefined}
    >
      {t(`plates.state.${state}`)}
    </span>
  );
}

/** The detail's plate line without a read: "not readable" (with why it matters) or "no plate". */
export function PlateStateNote({ item }: { item: InfractionRecord }) {
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const state = plateStateOfRecord(item);
  if (item.plate)
    return (
      <span className="muted" data-testid="detail-plate-confidence">
        {' '}
        {t('plates.review.confidence', {
          pct: formatNumber(locale, item.plate.confidence * 100, 0),
        })}
      </span>
    );
  return (
    <span data-testid="detail-plate-state" className={`badge badge--plate-${state}`}>
      {t(`plates.state.${state}`)}
      {state === 'unreadable' ? (
        <span className="muted small"> {t('plates.review.unreadableHint')}</span>
      ) : null}
    </span>
  );
}
