import { useEffect } from 'react';
import type { ApiClient } from '../../../electron/shared/api/client';
import type { Alarm } from '../../../electron/shared/domain/alarm';
import { translateOr, translator } from '../../../electron/shared/i18n';
import { CodedError } from '../../../electron/shared/coded-error';
import { isUnavailable } from '../api/optional';
import { useI18n } from '../i18n/i18n';
import { useLiveStore } from '../state/live-store';
import { alarmSound } from './alarm-sound';
import { showAlarmNotification } from './alarm-notify';
import { alarmRow, isFreshRaise, priorityLevel, topUnreadPriority } from './alarm-state';
import { useAlarmStore } from './alarm-store';
import { focusCamera } from './alarm-navigation';
import { isMuted, repeatDue } from './mute';

let lastToneAt: number | undefined;

function sound(priority: Alarm['priority']): void {
  if (isMuted(useAlarmStore.getState().muteUntil, Date.now())) return;
  lastToneAt = Date.now();
  alarmSound.play(priorityLevel(priority));
}

/** A new alarm: its tone and, when allowed, a desktop notification that focuses the camera. */
function announce(a: Alarm): void {
  sound(a.priority);
  const t = translator(useI18n.getState().locale);
  const cameras = useLiveStore.getState().cameras;
  const row = alarmRow(a, (id) => cameras.find((c) => c.id === id)?.name);
  const what = translateOr(t, row.whatKey, row.whatFallback);
  showAlarmNotification(
    a.id,
    t('alarm.notify.title', { priority: t(`alarm.priority.${row.priority}`), what }),
    row.cameraName ?? '',
    () => {
      useAlarmStore.getState().select(a.id);
      if (a.cameraId) focusCamera(a.cameraId);
    },
  );
}

/** Loads the open alarms and the latest ones of any state; merging keeps newer pushed copies. */
export async function refetch(client: ApiClient): Promise<void> {
  const store = useAlarmStore.getState();
  try {
    const [open, recent] = await Promise.all([
      client.call('alarms.list', { state: ['new', 'in-progress', 'on-hold'], limit: 500 }),
      client.call('alarms.list', { limit: 100 }),
    ]);
    store.upsert([...open.items, ...recent.items]);
    store.setStatus('ready');
  } catch (e) {
    // Without alarm methods (an older host, or before the first admin) the panel says so.
    if (isUnavailable(e) || e instanceof CodedError) store.setStatus('unavailable');
  }
  client
    .call('alarms.settings', {})
    .then((s) => useAlarmStore.getState().setSettings(s))
    .catch(() => undefined);
}

/**
 * Keeps the alarm store in step with the host while the user is signed in: the list at start and
 * after every reconnect (events missed while down are in it), the pushed `alarm.raised` /
 * `alarm.updated` events, the tones (priority 1 repeating until acknowledged) and notifications.
 */
export function useAlarmFeed(client: ApiClient, live: boolean): void {
  const connection = useLiveStore((s) => s.connection);

  useEffect(() => {
    if (!live) return;
    const onAlarm = (a: Alarm) => {
      const before = useAlarmStore.getState().byId;
      useAlarmStore.getState().upsert([a]);
      if (isFreshRaise(before, a)) announce(a);
    };
    const offs = [client.on('alarm.raised', onAlarm), client.on('alarm.updated', onAlarm)];
    return () => offs.forEach((off) => off());
  }, [client, live]);

  useEffect(() => {
    if (live && connection === 'open') void refetch(client);
  }, [client, live, connection]);

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      const s = useAlarmStore.getState();
      const now = Date.now();
      if (
        repeatDue(now, { topUnread: topUnreadPriority(s.byId), muteUntil: s.muteUntil, lastToneAt })
      )
        sound(1);
    }, 1000);
    return () => clearInterval(timer);
  }, [live]);

  useEffect(() => {
    // Browsers allow audio only after a user gesture: resume the context on the first one.
    const unlock = () => alarmSound.unlock();
    window.addEventListener('pointerdown', unlock, true);
    window.addEventListener('keydown', unlock, true);
    return () => {
      window.removeEventListener('pointerdown', unlock, true);
      window.removeEventListener('keydown', unlock, true);
    };
  }, []);

  useEffect(() => {
    if (!live) useAlarmStore.getState().reset();
  }, [live]);
}
