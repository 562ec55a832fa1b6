import { useEffect, useMemo, useRef, useState } from 'react';
import {
  alarmCategorySchema,
  alarmStateSchema,
  type Alarm,
} from '../../../electron/shared/domain/alarm';
import { useClient } from '../api/client-context';
import { errorCode } from '../api/optional';
import { translateError, translateOr, useT } from '../i18n/i18n';
import { useLiveStore } from '../state/live-store';
import { AlarmDetail } from './AlarmDetail';
import { useCanActOnAlarms } from './use-can-act';
import { alarmCommand } from './alarm-keys';
import { focusCamera, openEvidence } from './alarm-navigation';
import { alarmSound } from './alarm-sound';
import { notifyPermission, requestNotifyPermission, type NotifyPermission } from './alarm-notify';
import {
  acknowledgeTargets,
  ageParts,
  alarmRow,
  moveSelection,
  visibleAlarms,
  type AlarmFilters,
} from './alarm-state';
import { useAlarmStore } from './alarm-store';
import { refetch } from './use-alarm-feed';
import { formatRemaining, isMuted, MUTE_MINUTES, muteRemainingMs, muteUntil } from './mute';
import './alarms.css';

/** Re-renders every `ms` so ages and the mute countdown move. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/**
 * The alarm list beside the wall: newest first, filters, flood groups as one row "×N", priority
 * colour, camera, age, state and owner; keyboard: ↑/↓ J/K move, A acknowledges, Shift+A
 * acknowledges all visible, Enter shows the camera, O opens the evidence.
 */
export function AlarmPanel() {
  const client = useClient();
  const t = useT();
  const {
    status,
    byId,
    unread,
    filters,
    selectedId,
    collapsed,
    muteUntil: mutedUntil,
  } = useAlarmStore();
  const { setFilters, select, setCollapsed, setMuteUntil } = useAlarmStore.getState();
  const cameras = useLiveStore((s) => s.cameras);
  const { canAct } = useCanActOnAlarms();
  const now = useNow(1000);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const [blocked, setBlocked] = useState(alarmSound.blocked);
  const [permission, setPermission] = useState<NotifyPermission>(notifyPermission());
  const listRef = useRef<HTMLOListElement>(null);
  const visible = useMemo(() => visibleAlarms(byId, filters), [byId, filters]);
  const cameraName = (id: string) => cameras.find((c) => c.id === id)?.name;

  useEffect(() => alarmSound.onBlockedChange(setBlocked), []);
  useEffect(() => {
    listRef.current
      ?.querySelector<HTMLElement>('[aria-selected="true"]')
      ?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  const fail = (e: unknown) => setMessage({ kind: 'error', text: translateError(t, errorCode(e)) });

  const acknowledge = (a: Alarm | undefined) => {
    if (!a || !canAct || a.acknowledgedAt !== undefined || a.state === 'closed') return;
    client
      .call('alarms.act', { id: a.id, action: 'acknowledge', version: a.version })
      .then((r) => {
        useAlarmStore.getState().upsert([r.alarm]);
        setMessage({ kind: 'ok', text: t('alarm.done.acknowledged', { n: 1 }) });
      })
      .catch(fail);
  };

  const acknowledgeVisible = (list: Alarm[]) => {
    const ids = acknowledgeTargets(list).slice(0, 500);
    if (!ids.length || !canAct) return;
    client
      .call('alarms.acknowledgeMany', { ids })
      .then(async (r) => {
        setMessage({ kind: 'ok', text: t('alarm.done.acknowledged', { n: r.acknowledged }) });
        await refetch(client);
      })
      .catch(fail);
  };

  // The latest handlers for the window listener, without re-adding it on every render.
  const handlers = useRef({ acknowledge, acknowledgeVisible });
  useEffect(() => {
    handlers.current = { acknowledge, acknowledgeVisible };
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target instanceof HTMLElement ? e.target : undefined;
      const cmd = alarmCommand({
        key: e.key,
        shiftKey: e.shiftKey,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        targetTag: target?.tagName,
        targetEditable: target?.isContentEditable,
        targetHandlesEnter: !!target?.closest('.wall__slot'),
      });
      if (!cmd) return;
      const s = useAlarmStore.getState();
      if (s.collapsed) return;
      const list = visibleAlarms(s.byId, s.filters);
      const selected = list.find((a) => a.id === s.selectedId);
      const ids = list.map((a) => a.id);
      if (cmd === 'next' || cmd === 'previous') {
        if (!ids.length) return;
        s.select(moveSelection(ids, s.selectedId, cmd === 'next' ? 1 : -1));
      } else if (cmd === 'acknowledge') {
        if (!selected) return;
        handlers.current.acknowledge(selected);
      } else if (cmd === 'acknowledgeAll') {
        handlers.current.acknowledgeVisible(list);
      } else if (cmd === 'focusCamera') {
        if (!selected?.cameraId) return;
        focusCamera(selected.cameraId);
      } else if (cmd === 'openEvidence') {
        if (selected?.source.kind !== 'event') return;
        openEvidence(selected.source.infractionId);
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const muted = isMuted(mutedUntil, now);
  const badge =
    unread > 0 ? (
      <span className="alarm-badge" aria-label={t('alarm.badge', { n: unread })}>
        {unread}
      </span>
    ) : null;

  if (collapsed)
    return (
      <aside className="alarms alarms--collapsed" aria-label={t('alarm.panel.title')}>
        <button
          type="button"
          aria-expanded={false}
          title={t('alarm.panel.expand')}
          onClick={() => setCollapsed(false)}
        >
          {t('alarm.panel.title')} {badge}
        </button>
      </aside>
    );

  const filterSelect = <K extends keyof AlarmFilters>(
    key: K,
    label: string,
    options: Array<[AlarmFilters[K], string]>,
  ) => (
    <label>
      {label}
      <select
        value={filters[key]}
        onChange={(e) => setFilters({ [key]: e.target.value } as Partial<AlarmFilters>)}
      >
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );

  const selected = visible.find((a) => a.id === selectedId);

  return (
    <aside className="alarms" aria-label={t('alarm.panel.title')} data-testid="alarm-panel">
      <div className="alarms__head">
        <h2>
          {t('alarm.panel.title')} {badge}
        </h2>
        <span className="muted" data-testid="alarm-unread">
          {t('alarm.unread', { n: unread })}
        </span>
        <button
          type="button"
          className="alarms__collapse"
          aria-expanded
          title={t('alarm.panel.collapse')}
          aria-label={t('alarm.panel.collapse')}
          onClick={() => setCollapsed(true)}
        >
          ⟩
        </button>
      </div>
      <div className="alarms__sound">
        {muted ? (
          <>
            <span role="status" data-testid="alarm-muted">
              {t('alarm.sound.muted', {
                time: formatRemaining(muteRemainingMs(mutedUntil, now)),
              })}
            </span>
            <button type="button" onClick={() => setMuteUntil(undefined)}>
              {t('alarm.sound.unmute')}
            </button>
          </>
        ) : (
          MUTE_MINUTES.map((m) => (
            <button key={m} type="button" onClick={() => setMuteUntil(muteUntil(Date.now(), m))}>
              {t('alarm.sound.muteFor', { n: m })}
            </button>
          ))
        )}
        {permission === 'default' ? (
          <button type="button" onClick={() => void requestNotifyPermission().then(setPermission)}>
            {t('alarm.notify.enable')}
          </button>
        ) : permission === 'denied' ? (
          <span className="muted">{t('alarm.notify.denied')}</span>
        ) : null}
      </div>
      {blocked && !muted ? (
        <p className="alarms__hint" role="note" data-testid="alarm-sound-blocked">
          {t('alarm.sound.blocked')}
        </p>
      ) : null}
      <div className="alarms__filters" role="group" aria-label={t('alarm.filter.label')}>
        {filterSelect('priority', t('alarm.priority'), [
          ['', t('alarm.filter.any')],
          ...([1, 2, 3, 4] as const).map(
            (p) => [`${p}`, t(`alarm.priority.${p}`)] as ['1' | '2' | '3' | '4', string],
          ),
        ])}
        {filterSelect('category', t('alarm.category'), [
          ['', t('alarm.filter.any')],
          ...alarmCategorySchema.options.map(
            (c) => [c, t(`alarm.category.${c}`)] as [typeof c, string],
          ),
        ])}
        {filterSelect('cameraId', t('alarm.filter.camera'), [
          ['', t('alarm.filter.any')],
          ...cameras.map((c) => [c.id, c.name] as [string, string]),
        ])}
        {filterSelect('state', t('alarm.state'), [
          ['', t('alarm.filter.any')],
          ['open', t('alarm.state.open')],
          ...alarmStateSchema.options.map((s) => [s, t(`alarm.state.${s}`)] as [typeof s, string]),
        ])}
      </div>
      {canAct && acknowledgeTargets(visible).length ? (
        <button type="button" onClick={() => acknowledgeVisible(visible)}>
          {t('alarm.action.acknowledgeAll')}
        </button>
      ) : null}
      {message ? (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind}>
          {message.text}
        </p>
      ) : null}
      {status === 'unavailable' ? (
        <p className="muted">{t('alarm.panel.unavailable')}</p>
      ) : !visible.length ? (
        <p className="muted">{t('alarm.panel.empty')}</p>
      ) : null}
      <ol className="alarms__list" role="listbox" aria-label={t('alarm.panel.list')} ref={listRef}>
        {visible.map((a) => {
          const row = alarmRow(a, cameraName);
          const age = ageParts(now, row.lastAt);
          return (
            <li
              key={a.id}
              role="option"
              aria-selected={a.id === selectedId}
              data-alarm-id={a.id}
              className={`alarm-row alarm-row--p${row.priority}${row.unread ? ' alarm-row--unread' : ''}`}
              onClick={() => select(a.id)}
            >
              <span className={`alarm-prio alarm-prio--${row.priority}`}>
                {t(`alarm.priority.${row.priority}`)}
              </span>
              <span className="alarm-row__what">
                {translateOr(t, row.whatKey, row.whatFallback)}
              </span>
              {row.count ? (
                <span
                  className="alarm-row__count"
                  data-testid="alarm-count"
                  title={t('alarm.countTitle', { n: row.count })}
                >
                  {t('alarm.count', { n: row.count })}
                </span>
              ) : null}
              <span className="alarm-row__cam">{row.cameraName ?? t('alarm.camera.none')}</span>
              <span className="alarm-row__age">{t(age.key, { n: age.n })}</span>
              <span className={`alarm-row__state alarm-row__state--${row.state}`}>
                {t(`alarm.state.${row.state}`)}
              </span>
              <span className="alarm-row__ack" data-testid="alarm-ack">
                {row.unread ? t('alarm.unacknowledged') : t('alarm.acknowledged')}
              </span>
              <span className="alarm-row__owner">
                {t('alarm.owner')}: {row.owner ?? t('alarm.owner.none')}
              </span>
            </li>
          );
        })}
      </ol>
      <p className="alarms__keys muted">{t('alarm.shortcuts')}</p>
      {selected ? <AlarmDetail key={selected.id} alarm={selected} onMessage={setMessage} /> : null}
    </aside>
  );
}

/** The unread count beside "Wall" in the app navigation. */
export function AlarmNavBadge() {
  const t = useT();
  const unread = useAlarmStore((s) => s.unread);
  if (!unread) return null;
  return (
    <span
      className="alarm-badge"
      data-testid="alarm-nav-badge"
      aria-label={t('alarm.badge', { n: unread })}
    >
      {unread}
    </span>
  );
}
