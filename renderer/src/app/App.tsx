import { useEffect } from 'react';
import { useClient } from '../api/client-context';
import { callStore, isUnavailable } from '../api/optional';
import { useLiveStore } from '../state/live-store';
import { trackPreviews } from '../state/preview-frames';
import { useSession } from '../state/session-store';
import { navigate, useRoute, VIEWS } from '../state/router';
import { useT } from '../i18n/i18n';
import { LanguageSelect } from '../i18n/LanguageSelect';
import './app.css';
import { Wall } from '../wall/Wall';
import { useWallStore } from '../wall/wall-store';
import { ReviewView } from '../review/ReviewView';
import { CalibrationView } from '../calibration/CalibrationView';
import { ReportsPage } from '../reports/ReportsPage';
import { SystemView } from '../reports/SystemView';
import { AnalyticsView } from '../analytics/AnalyticsView';
import { SettingsView } from '../settings/SettingsView';
import { SafetyView } from '../safety/SafetyView';
import { FirstRun, Login } from '../settings/FirstRun';
import { AlarmNavBadge } from '../alarms/AlarmPanel';
import { useAlarmFeed } from '../alarms/use-alarm-feed';
import { AuditView } from '../audit/AuditView';
import { MapView } from '../map/MapView';
import { useAccess } from './access';

export function App() {
  const client = useClient();
  const t = useT();
  const connection = useLiveStore((s) => s.connection);
  const { auth, needsFirstAdmin, user, setAuth, setUser } = useSession();
  const route = useRoute();
  const access = useAccess();

  useEffect(() => {
    const store = useLiveStore.getState();
    const offs = [
      client.on('camera.status', (s) => store.setStatus(s)),
      client.on('camera.detections', (d) => store.addDetections(d)),
      client.on('infraction.created', (e) => store.addInfraction(e)),
      trackPreviews(client),
    ];
    return () => offs.forEach((off) => off());
  }, [client]);

  useEffect(() => {
    callStore(client, 'auth.needsFirstAdmin', {})
      .then(async (r) => {
        // A reload keeps the tab's session token: resume it instead of asking to log in again.
        if (!r.needed && client.hasSession) {
          const me = await callStore(client, 'auth.me', {}).catch(() => undefined);
          if (me) setUser(me.user);
        }
        setAuth('required', r.needed);
      })
      .catch((e: unknown) => setAuth(isUnavailable(e) ? 'none' : 'required'));
  }, [client, setAuth, setUser]);

  const signedIn = auth === 'none' || !!user;
  // Before the first administrator exists the host keeps the live wall open: first run shows it.
  const live = signedIn || (auth === 'required' && needsFirstAdmin);
  useAlarmFeed(client, signedIn);
  useEffect(() => {
    if (!live) return;
    useWallStore.getState().loadForUser();
    const store = useLiveStore.getState();
    void client.call('cameras.list', {}).then(async (cams) => {
      store.setCameras(cams);
      for (const c of cams) {
        const r = await client
          .call('rules.get', { cameraId: c.id })
          .catch(() => ({ ruleSet: null }));
        store.setRuleSet(c.id, r.ruleSet?.data);
      }
    });
    void client.call('cameras.statuses', {}).then((ss) => ss.forEach((s) => store.setStatus(s)));
    // The feed starts with the newest pending infractions when the host has a store.
    callStore(client, 'infractions.list', { status: ['pending'], limit: 20 })
      .then((r) => [...r.items].reverse().forEach((i) => store.addInfraction(i, { flash: false })))
      .catch(() => undefined);
  }, [client, live]);

  const header = (
    <header className="app__header">
      <h1>{t('app.title')}</h1>
      {signedIn ? (
        <nav className="app__nav" aria-label={t('nav.label')}>
          {VIEWS.filter((v) => access.sees(v)).map((v) => (
            <a key={v} href={`#/${v}`} aria-current={route.view === v ? 'page' : undefined}>
              {t(`nav.${v}`)}
              {v === 'wall' ? <AlarmNavBadge /> : null}
            </a>
          ))}
        </nav>
      ) : null}
      <div className="app__right">
        {user ? (
          <span className="app__user">
            {user.displayName} · {t(`role.${user.role}`)}{' '}
            <button
              type="button"
              onClick={() => {
                void callStore(client, 'auth.logout', {}).finally(() => setUser(undefined));
              }}
            >
              {t('auth.logout')}
            </button>
          </span>
        ) : null}
        <LanguageSelect className="app__lang" />
      </div>
    </header>
  );

  let body;
  if (auth === 'checking') body = <p className="muted pad">{t('app.loading')}</p>;
  else if (!signedIn)
    body = needsFirstAdmin ? (
      <div className="first-run">
        <FirstRun />
        <Wall />
      </div>
    ) : (
      <Login />
    );
  else if (!access.sees(route.view))
    body = (
      <p role="alert" className="muted pad" data-testid="view-denied">
        {t('access.viewDenied', { role: access.roleName })}
      </p>
    );
  else if (route.view === 'audit') body = <AuditView />;
  else if (route.view === 'review') body = <ReviewView selectedId={route.arg} />;
  else if (route.view === 'calibration')
    body = <CalibrationView key={route.arg ?? ''} cameraId={route.arg} />;
  else if (route.view === 'reports') body = <ReportsPage tab={route.arg} />;
  else if (route.view === 'system') body = <SystemView />;
  else if (route.view === 'settings') body = <SettingsView />;
  else if (route.view === 'analytics') body = <AnalyticsView />;
  else if (route.view === 'safety') body = <SafetyView />;
  else if (route.view === 'map') body = <MapView />;
  else body = <Wall />;

  return (
    <div className="app">
      {header}
      {connection !== 'open' ? (
        <div role="status" className="app__banner">
          {t(`app.connection.${connection}`)}
        </div>
      ) : null}
      <main className="app__main">{body}</main>
    </div>
  );
}

export { navigate };
