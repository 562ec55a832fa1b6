import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectToHost } from './api/connect';
import { ClientContext } from './api/client-context';
import { useLiveStore } from './state/live-store';
// First in the cascade: design tokens and element defaults, then each view's own styles.
import './theme.css';
import { App } from './app/App';

const { client, kind } = connectToHost((state) => useLiveStore.getState().setConnection(state));
client.onProtocolError = (e) =>
  console.warn('[watcher] dropped malformed message from host:', e.code, e.message);
document.documentElement.dataset.transport = kind;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ClientContext.Provider value={client}>
      <App />
    </ClientContext.Provider>
  </StrictMode>,
);
