import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectToHost } from './api/connect';
import { ClientContext } from './api/client-context';
import { useLiveStore } from './state/live-store';
import { App } from './app/App';
import './styles.css';

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
