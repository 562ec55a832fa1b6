import { useEffect } from 'react';
import { useClient } from '../api/client-context';
import { useLiveStore } from '../state/live-store';
import { useI18n, useT } from '../i18n/i18n';
import { LOCALES, type Locale } from '../../../electron/common/i18n';
import { Wall } from '../wall/Wall';

export function App() {
  const client = useClient();
  const t = useT();
  const { locale, setLocale } = useI18n();
  const connection = useLiveStore((s) => s.connection);

  useEffect(() => {
    const store = useLiveStore.getState();
    const offs = [
      client.on('camera.status', (s) => store.setStatus(s)),
      client.on('camera.detections', (d) => store.addDetections(d)),
    ];
    void client.call('cameras.list', {}).then((cams) => store.setCameras(cams));
    return () => offs.forEach((off) => off());
  }, [client]);

  return (
    <div className="app">
      <header className="app__header">
        <h1>{t('app.title')}</h1>
        <label className="app__lang">
          {t('app.language')}
          <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {l === 'es' ? 'Español' : 'English'}
              </option>
            ))}
          </select>
        </label>
      </header>
      {connection !== 'open' ? (
        <div role="status" className="app__banner">
          {t(`app.connection.${connection}`)}
        </div>
      ) : null}
      <main className="app__main">
        <Wall />
      </main>
    </div>
  );
}
