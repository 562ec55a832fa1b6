import { useEffect, useState } from 'react';
import type { Alarm, AlarmAction, AlarmHistoryEntry } from '../../../electron/shared/domain/alarm';
import { useClient } from '../api/client-context';
import { errorCode } from '../api/optional';
import {
  formatDateTime,
  isMessageKey,
  translateError,
  translateOr,
  useI18n,
  useT,
} from '../i18n/i18n';
import { useSession } from '../state/session-store';
import { useCanActOnAlarms } from './use-can-act';
import { focusCamera, openEvidence } from './alarm-navigation';
import { allowedActions } from './alarm-state';
import { useAlarmStore } from './alarm-store';

interface Props {
  alarm: Alarm;
  onMessage(m: { kind: 'ok' | 'error'; text: string }): void;
}

/**
 * Whether a history entry's text is shown: comments and reasons always, host texts when they are
 * message keys; the infraction id the host notes on raised/grouped entries is not for reading.
 */
function historyText(h: AlarmHistoryEntry): boolean {
  if (!h.text) return false;
  return (h.action !== 'raised' && h.action !== 'grouped') || isMessageKey(h.text);
}

const STATE_ACTIONS: AlarmAction[] = ['start', 'hold', 'close', 'reopen', 'assign'];

/**
 * The selected alarm: its history (when, who, what), a comment box and the actions its state
 * allows. Controls the user's role cannot use are disabled, with the reason shown.
 */
export function AlarmDetail({ alarm, onMessage }: Props) {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const user = useSession((s) => s.user);
  const { canAct, role } = useCanActOnAlarms();
  const closeRequiresReason = useAlarmStore((s) => s.settings?.closeRequiresReason ?? true);
  const [history, setHistory] = useState<AlarmHistoryEntry[]>();
  const [comment, setComment] = useState('');
  const [closing, setClosing] = useState<string>();

  useEffect(() => {
    let live = true;
    client
      .call('alarms.get', { id: alarm.id })
      .then((r) => live && setHistory(r.history))
      .catch(() => live && setHistory([]));
    return () => {
      live = false;
    };
  }, [client, alarm.id, alarm.version]);

  const fail = (e: unknown) => onMessage({ kind: 'error', text: translateError(t, errorCode(e)) });
  const done = (a: Alarm) => useAlarmStore.getState().upsert([a]);
  const who = (by: string) =>
    by === 'system'
      ? t('alarm.history.system')
      : user && (by === user.username || by === user.id)
        ? user.displayName
        : by;

  const act = (action: AlarmAction, reason?: string) =>
    client
      .call('alarms.act', {
        id: alarm.id,
        action,
        version: alarm.version,
        ...(reason ? { reason } : {}),
      })
      .then((r) => {
        done(r.alarm);
        setClosing(undefined);
      })
      .catch(fail);

  const allowed = allowedActions(alarm);
  const denied = canAct
    ? undefined
    : t('alarm.denied.role', { role: t(`role.${role as 'operator'}`) });

  return (
    <section
      className="alarm-detail"
      aria-label={t('alarm.detail.title')}
      data-testid="alarm-detail"
    >
      <h3>{t('alarm.detail.title')}</h3>
      {alarm.source.kind === 'system' ? (
        <p>
          {translateOr(t, alarm.source.messageKey, alarm.source.messageKey, alarm.source.params)}
        </p>
      ) : null}
      <dl>
        <dt>{t('alarm.detail.first')}</dt>
        <dd>{formatDateTime(locale, alarm.firstAt)}</dd>
        <dt>{t('alarm.detail.last')}</dt>
        <dd>{formatDateTime(locale, alarm.lastAt)}</dd>
        <dt>{t('alarm.owner')}</dt>
        <dd>{alarm.owner ? who(alarm.owner) : t('alarm.owner.none')}</dd>
      </dl>
      <div className="alarm-detail__actions">
        {alarm.cameraId ? (
          <button type="button" onClick={() => focusCamera(alarm.cameraId!)}>
            {t('alarm.action.focus')}
          </button>
        ) : null}
        {alarm.source.kind === 'event' ? (
          <button
            type="button"
            onClick={() => alarm.source.kind === 'event' && openEvidence(alarm.source.infractionId)}
          >
            {t('alarm.action.evidence')}
          </button>
        ) : null}
        {allowed.has('acknowledge') ? (
          <button
            type="button"
            disabled={!canAct}
            title={denied}
            onClick={() => void act('acknowledge')}
          >
            {t('alarm.action.acknowledge')}
          </button>
        ) : null}
        {STATE_ACTIONS.filter((a) => allowed.has(a)).map((a) => (
          <button
            key={a}
            type="button"
            disabled={
              !canAct ||
              (a === 'assign' &&
                !!user &&
                (alarm.owner === user.username || alarm.owner === user.id))
            }
            title={denied}
            onClick={() => {
              if (a === 'close' && closeRequiresReason) setClosing('');
              else void act(a);
            }}
          >
            {t(`alarm.action.${a}`)}
          </button>
        ))}
      </div>
      {denied ? (
        <p className="muted" data-testid="alarm-denied">
          {denied}
        </p>
      ) : null}
      {closing !== undefined ? (
        <form
          className="alarm-detail__close"
          onSubmit={(e) => {
            e.preventDefault();
            if (closing.trim()) void act('close', closing.trim());
          }}
        >
          <label>
            {t('alarm.close.reason')}
            <textarea
              value={closing}
              maxLength={2000}
              autoFocus
              onChange={(e) => setClosing(e.target.value)}
            />
          </label>
          {!closing.trim() ? (
            <span className="muted">{t('alarm.close.reasonRequired')}</span>
          ) : null}
          <button type="submit" disabled={!closing.trim()}>
            {t('alarm.close.confirm')}
          </button>
          <button type="button" onClick={() => setClosing(undefined)}>
            {t('alarm.close.cancel')}
          </button>
        </form>
      ) : null}
      {canAct ? (
        <form
          className="alarm-detail__comment"
          onSubmit={(e) => {
            e.preventDefault();
            const text = comment.trim();
            if (!text) return;
            client
              .call('alarms.comment', { id: alarm.id, text })
              .then((r) => {
                done(r.alarm);
                setComment('');
              })
              .catch(fail);
          }}
        >
          <label>
            {t('alarm.comment')}
            <textarea
              value={comment}
              maxLength={2000}
              onChange={(e) => setComment(e.target.value)}
            />
          </label>
          <button type="submit" disabled={!comment.trim()}>
            {t('alarm.comment.send')}
          </button>
        </form>
      ) : null}
      <h4>{t('alarm.detail.history')}</h4>
      {history === undefined ? <p className="muted">{t('alarm.detail.loading')}</p> : null}
      <ol className="alarm-detail__history">
        {history?.map((h, i) => (
          <li key={`${h.at}-${i}`}>
            <time>{formatDateTime(locale, h.at)}</time> {t(`alarm.history.${h.action}`)}
            {h.to ? ` → ${t(`alarm.state.${h.to}`)}` : ''}{' '}
            {t('alarm.history.by', { who: who(h.by) })}
            {historyText(h) ? <q>{translateOr(t, h.text!, h.text!)}</q> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
