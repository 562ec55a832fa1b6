/**
 * Desktop notifications through the Notification API (the browser wall and Electron's renderer
 * both have it). Permission is asked only from a button, never on load.
 */

export type NotifyPermission = 'unsupported' | NotificationPermission;

export function notifyPermission(): NotifyPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export async function requestNotifyPermission(): Promise<NotifyPermission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

/** Shows a notification when allowed; clicking it brings the window forward and runs `onClick`. */
export function showAlarmNotification(
  tag: string,
  title: string,
  body: string,
  onClick: () => void,
): void {
  if (notifyPermission() !== 'granted') return;
  try {
    const n = new Notification(title, { body, tag });
    n.onclick = () => {
      window.focus();
      onClick();
      n.close();
    };
  } catch {
    // Some platforms only allow notifications from a service worker: the panel still shows it.
  }
}
