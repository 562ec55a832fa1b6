import { useSyncExternalStore } from 'react';

/** Views addressed by the URL hash (#/review/<id>), so a reload or a link opens the same place. */
export const VIEWS = [
  'wall',
  'review',
  'calibration',
  'reports',
  'system',
  'settings',
  'analytics',
  'safety',
  'audit',
  'map',
] as const;
export type View = (typeof VIEWS)[number];

export interface Route {
  view: View;
  /** Second path segment: infraction id in review, camera id in calibration. */
  arg?: string;
}

export function parseRoute(hash: string): Route {
  const [view, arg] = hash.replace(/^#\/?/, '').split('/');
  const v = (VIEWS as readonly string[]).includes(view) ? (view as View) : 'wall';
  return arg ? { view: v, arg: decodeURIComponent(arg) } : { view: v };
}

export function navigate(view: View, arg?: string): void {
  location.hash = `#/${view}${arg ? `/${encodeURIComponent(arg)}` : ''}`;
}

const subscribe = (cb: () => void) => {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
};

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => location.hash);
  return parseRoute(hash);
}
