import { isTypingTag } from '../app/typing-target';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from '../api/client-context';
import { callStore, errorCode, isUnavailable } from '../api/optional';
import { useLiveStore } from '../state/live-store';
import { navigate } from '../state/router';
import { formatDateTime, translateError, useI18n, useT } from '../i18n/i18n';
import type {
  InfractionFilter,
  InfractionRecord,
} from '../../../electron/shared/api/methods/infractions';
import {
  infractionTypeSchema,
  reviewStatusSchema,
} from '../../../electron/shared/domain/infraction';
import { InfractionDetail, type DetailHandle } from './InfractionDetail';
import { REVIEW_SHORTCUTS, reviewCommand } from './review-keys';
import { useAccess } from '../app/access';
import {
  NO_PLATE_FILTER,
  PlateFilterFields,
  plateFilterQuery,
  QueuePlate,
  type PlateFilterValue,
} from './PlateReviewFields';
import './review.css';
import './fines.css';
import { LocaleDateInput } from '../app/LocaleDateInput';

const REJECT_REASONS = [
  'review.reason.plateUnreadable',
  'review.reason.falsePositive',
  'review.reason.emergencyVehicle',
  'review.reason.calibration',
  'review.reason.duplicate',
] as const;

type Filters = {
  status: string;
  type: string;
  cameraId: string;
  zoneId: string;
  from: string;
  to: string;
  plate: string;
  code: string;
  plateFilter: PlateFilterValue;
};
const EMPTY: Filters = {
  status: 'pending',
  type: '',
  cameraId: '',
  zoneId: '',
  from: '',
  to: '',
  plate: '',
  code: '',
  plateFilter: NO_PLATE_FILTER,
};

function toQuery(f: Filters): InfractionFilter {
  return {
    ...(f.status ? { status: [f.status as InfractionRecord['status']] } : {}),
    ...(f.type ? { type: [f.type as InfractionRecord['type']] } : {}),
    ...(f.cameraId ? { cameraId: f.cameraId } : {}),
    ...(f.zoneId ? { zoneId: f.zoneId } : {}),
    ...(f.from ? { from: new Date(f.from).getTime() } : {}),
    ...(f.to ? { to: new Date(f.to).getTime() } : {}),
    ...(f.plate ? { plate: f.plate.trim().toUpperCase() } : {}),
    ...(f.code.trim() ? { code: f.code.trim().toUpperCase() } : {}),
    ...plateFilterQuery(f.plateFilter),
  };
}

/**
 * The review queue: filters, the list, and the selected infraction's detail. Keyboard first:
 * J/K or arrows move, V validates, R rejects with a reason, E edits the plate, Space plays the clip.
 */
export function ReviewView({ selectedId }: { selectedId?: string }) {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const cameras = useLiveStore((s) => s.cameras);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [items, setItems] = useState<InfractionRecord[]>([]);
  const [state, setState] = useState<'loading' | 'ready' | 'unavailable' | 'error'>('loading');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const [prompt, setPrompt] = useState<{
    kind: 'reject' | 'plate' | 'bulkReject';
    value: string;
  }>();
  const detailRef = useRef<DetailHandle>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const canDecide = useAccess().can('review.decide');

  // New cases never reload the queue under the operator (the selected case would move): they are
  // counted in a banner that loads them on request.
  const [arrived, setArrived] = useState(0);
  useEffect(() => client.on('infraction.created', () => setArrived((n) => n + 1)), [client]);
  const [sheet, setSheet] = useState(false);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const load = useCallback(() => {
    callStore(client, 'infractions.list', { ...toQuery(filters), limit: 200 })
      .then((r) => {
        setArrived(0);
        setItems(r.items);
        setState('ready');
      })
      .catch((e: unknown) => {
        setState(isUnavailable(e) ? 'unavailable' : 'error');
        setMessage({ kind: 'error', text: translateError(t, errorCode(e)) });
      });
  }, [client, filters, t]);

  useEffect(load, [load]);

  const index = items.findIndex((i) => i.id === selectedId);
  const selected = index >= 0 ? items[index] : undefined;
  useEffect(() => {
    if (!selectedId && items.length) navigate('review', items[0].id);
  }, [selectedId, items]);
  useEffect(() => {
    listRef.current
      ?.querySelector<HTMLElement>('[aria-selected="true"]')
      ?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  // A case that no longer matches the status filter (validated under "Pending") leaves the list.
  const replace = (rec: InfractionRecord) =>
    setItems((xs) =>
      filters.status && rec.status !== filters.status
        ? xs.filter((x) => x.id !== rec.id)
        : xs.map((x) => (x.id === rec.id ? rec : x)),
    );
  const moveOn = () => {
    if (index + 1 < items.length) navigate('review', items[index + 1].id);
    else if (index > 0) navigate('review', items[index - 1].id);
  };
  const fail = (e: unknown) => {
    const err = errorCode(e);
    if (err.params && typeof err.params.at === 'number')
      err.params = { ...err.params, at: formatDateTime(locale, err.params.at) };
    setMessage({ kind: 'error', text: translateError(t, err) });
  };

  const decide = (action: 'validate' | 'reject', reason?: string) => {
    if (!selected) return;
    callStore(client, 'infractions.decide', {
      id: selected.id,
      action,
      reason,
      expectedVersion: selected.version,
    })
      .then((r) => {
        replace(r.infraction);
        setMessage({ kind: 'ok', text: t(`review.done.${action}`) });
        detailRef.current?.reload();
        moveOn();
      })
      .catch(fail);
  };

  /** Validates or rejects every picked case, one call each; says how many went through. */
  const decideMany = async (action: 'validate' | 'reject', reason?: string) => {
    const chosen = items.filter((i) => picked.has(i.id));
    let done = 0;
    let lastError: unknown;
    for (const i of chosen) {
      try {
        const r = await callStore(client, 'infractions.decide', {
          id: i.id,
          action,
          reason,
          expectedVersion: i.version,
        });
        replace(r.infraction);
        done++;
      } catch (e) {
        lastError = e;
      }
    }
    setPicked(new Set());
    if (lastError) fail(lastError);
    else setMessage({ kind: 'ok', text: t('review.bulk.done', { n: done }) });
    detailRef.current?.reload();
  };

  const editPlate = (text: string) => {
    if (!selected) return;
    callStore(client, 'infractions.editPlate', {
      id: selected.id,
      text,
      expectedVersion: selected.version,
    })
      .then((r) => {
        replace(r.infraction);
        setMessage({ kind: 'ok', text: t('review.done.plate') });
        detailRef.current?.reload();
      })
      .catch(fail);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (prompt) return;
      const tag = (e.target as HTMLElement | null)?.tagName ?? '';
      if (e.key === '?' && !isTypingTag(tag)) {
        e.preventDefault();
        setSheet((v) => !v);
        return;
      }
      if (e.key === 'Escape' && sheet) return setSheet(false);
      const cmd = reviewCommand({
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        targetTag: (e.target as HTMLElement | null)?.tagName,
      });
      if (!cmd || cmd === 'reload') return;
      e.preventDefault();
      if (cmd === 'next' && index + 1 < items.length) navigate('review', items[index + 1].id);
      else if (cmd === 'previous' && index > 0) navigate('review', items[index - 1].id);
      else if (cmd === 'validate' || cmd === 'reject' || cmd === 'editPlate') {
        // A role that cannot decide sees the buttons disabled with the reason; keys do nothing.
        if (!canDecide) return;
        if (cmd === 'validate') decide('validate');
        else if (selected && cmd === 'reject') setPrompt({ kind: 'reject', value: '' });
        else if (selected) setPrompt({ kind: 'plate', value: selected.plate?.text ?? '' });
      } else detailRef.current?.command(cmd);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (state === 'unavailable') {
    return (
      <section className="card">
        <h2>{t('review.title')}</h2>
        <p className="muted">{t('review.unavailable')}</p>
      </section>
    );
  }

  const f = (k: Exclude<keyof Filters, 'plateFilter'>) => ({
    value: filters[k],
    onChange: (e: { target: { value: string } }) => setFilters({ ...filters, [k]: e.target.value }),
  });

  return (
    <div className="review">
      <section className="review__queue" aria-label={t('review.queue')}>
        <form
          className="filters"
          onSubmit={(e) => e.preventDefault()}
          aria-label={t('review.filters')}
        >
          <label>
            {t('review.filter.status')}
            <select {...f('status')}>
              <option value="">{t('review.filter.any')}</option>
              {reviewStatusSchema.options.map((s) => (
                <option key={s} value={s}>
                  {t(`review.status.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('review.filter.type')}
            <select {...f('type')}>
              <option value="">{t('review.filter.any')}</option>
              {infractionTypeSchema.options.map((s) => (
                <option key={s} value={s}>
                  {t(`infraction.type.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('review.filter.camera')}
            <select {...f('cameraId')}>
              <option value="">{t('review.filter.any')}</option>
              {cameras.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('review.filter.zone')}
            <input {...f('zoneId')} />
          </label>
          <label>
            {t('review.filter.from')}
            <LocaleDateInput
              kind="datetime"
              value={filters.from}
              onChange={(v) => setFilters({ ...filters, from: v })}
            />
          </label>
          <label>
            {t('review.filter.to')}
            <LocaleDateInput
              kind="datetime"
              value={filters.to}
              onChange={(v) => setFilters({ ...filters, to: v })}
            />
          </label>
          <label>
            {t('review.filter.plate')}
            <input {...f('plate')} placeholder="ABC-123 / AB*" />
          </label>
          <label>
            {t('fines.searchCode')}
            <input {...f('code')} placeholder="INF-2026*" />
          </label>
          <PlateFilterFields
            value={filters.plateFilter}
            onChange={(plateFilter) => setFilters({ ...filters, plateFilter })}
          />
        </form>
        {arrived > 0 ? (
          <button
            type="button"
            className="review__arrived"
            data-testid="review-arrived"
            onClick={load}
          >
            {t('review.arrived', { n: arrived })}
          </button>
        ) : null}
        <p className="muted small">{t('review.count', { n: items.length })}</p>
        {picked.size > 0 ? (
          <div className="review__bulk" role="group" aria-label={t('review.bulk.label')}>
            <span>{t('review.bulk.picked', { n: picked.size })}</span>
            <button type="button" disabled={!canDecide} onClick={() => void decideMany('validate')}>
              {t('review.bulk.validate')}
            </button>
            <button
              type="button"
              disabled={!canDecide}
              onClick={() => setPrompt({ kind: 'bulkReject', value: '' })}
            >
              {t('review.bulk.reject')}
            </button>
            <button type="button" onClick={() => setPicked(new Set())}>
              {t('common.cancel')}
            </button>
          </div>
        ) : null}
        <ol className="queue" ref={listRef} role="listbox" aria-label={t('review.queue')}>
          {items.map((i) => (
            <li
              key={i.id}
              role="option"
              aria-selected={i.id === selectedId}
              className={`queue__item queue__item--${i.status}`}
              onClick={() => navigate('review', i.id)}
            >
              <input
                type="checkbox"
                className="queue__pick"
                aria-label={t('review.bulk.pick', { code: i.code ?? i.id })}
                checked={picked.has(i.id)}
                onClick={(e) => e.stopPropagation()}
                onChange={(e) => {
                  const next = new Set(picked);
                  if (e.target.checked) next.add(i.id);
                  else next.delete(i.id);
                  setPicked(next);
                }}
              />
              <span className="queue__type">{t(`infraction.type.${i.type}`)}</span>
              <span className={`badge badge--${i.status}`} data-testid="queue-status">
                {t(`review.status.${i.status}`)}
              </span>
              <span className="queue__meta">
                {cameras.find((c) => c.id === i.cameraId)?.name ?? i.cameraId} ·{' '}
                {formatDateTime(locale, i.occurredAt)}
              </span>
              <QueuePlate item={i} />
              {i.code ? <span className="queue__code">{i.code}</span> : null}
            </li>
          ))}
        </ol>
        <dl className="shortcuts">
          {REVIEW_SHORTCUTS.map(([k, c]) => (
            <div key={c}>
              <dt>
                <kbd>{k === 'space' ? t('review.key.space') : k}</kbd>
              </dt>
              <dd>{t(`review.cmd.${c}`)}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="review__detail" aria-live="polite">
        {message ? (
          <p
            role={message.kind === 'error' ? 'alert' : 'status'}
            className={message.kind === 'error' ? 'error' : 'ok'}
          >
            {message.text}
          </p>
        ) : null}
        {prompt ? (
          <form
            className="prompt"
            onSubmit={(e) => {
              e.preventDefault();
              const value = prompt.value.trim();
              if (!value) return;
              setPrompt(undefined);
              if (prompt.kind === 'reject') decide('reject', value);
              else if (prompt.kind === 'bulkReject') void decideMany('reject', value);
              else editPlate(value);
            }}
            onKeyDown={(e) => e.key === 'Escape' && setPrompt(undefined)}
          >
            <label>
              {t(prompt.kind === 'plate' ? 'review.plateText' : 'review.rejectReason')}
              <input
                autoFocus
                value={prompt.value}
                list={prompt.kind === 'plate' ? undefined : 'reject-reasons'}
                onChange={(e) => setPrompt({ ...prompt, value: e.target.value })}
              />
            </label>
            {prompt.kind !== 'plate' ? (
              <div className="review__reasons" role="group" aria-label={t('review.presetReasons')}>
                <datalist id="reject-reasons">
                  {REJECT_REASONS.map((k) => (
                    <option key={k} value={t(k)} />
                  ))}
                </datalist>
                {REJECT_REASONS.map((k) => (
                  <button
                    key={k}
                    type="button"
                    onClick={() => setPrompt({ ...prompt, value: t(k) })}
                  >
                    {t(k)}
                  </button>
                ))}
              </div>
            ) : null}
            <button type="submit" className="primary">
              {t('common.confirm')}
            </button>
            <button type="button" onClick={() => setPrompt(undefined)}>
              {t('common.cancel')}
            </button>
          </form>
        ) : null}
        {sheet ? (
          <div
            role="dialog"
            aria-modal="false"
            aria-labelledby="shortcuts-title"
            className="review__sheet card"
            data-testid="shortcuts-sheet"
          >
            <h2 id="shortcuts-title">{t('review.shortcutsSheet')}</h2>
            <dl>
              {REVIEW_SHORTCUTS.map(([k, c]) => (
                <div key={c}>
                  <dt>
                    <kbd>{k === 'space' ? t('review.key.space') : k}</kbd>
                  </dt>
                  <dd>{t(`review.cmd.${c}`)}</dd>
                </div>
              ))}
              <div>
                <dt>
                  <kbd>?</kbd>
                </dt>
                <dd>{t('review.shortcutsSheet')}</dd>
              </div>
            </dl>
            <button type="button" onClick={() => setSheet(false)}>
              {t('common.close')}
            </button>
          </div>
        ) : null}
        {selected ? (
          <InfractionDetail
            ref={detailRef}
            id={selected.id}
            onDecide={decide}
            onAskReject={() => setPrompt({ kind: 'reject', value: '' })}
            onEditPlate={editPlate}
            // A lifecycle step keeps the case in view (and in the list) so its new state shows.
            onChanged={(rec) => setItems((xs) => xs.map((x) => (x.id === rec.id ? rec : x)))}
          />
        ) : (
          <p className="muted">{state === 'loading' ? t('app.loading') : t('review.empty')}</p>
        )}
      </section>
    </div>
  );
}
