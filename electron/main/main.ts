import { app, BrowserWindow, ipcMain, Menu, session, shell, type WebContents } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ControlRoomHost } from '../host/control-room-host';
import { createFleetGate } from '../host/fleet/fleet-mode';
import { workstationFleetArgs } from '../host/fleet/fleet-args';
import { Logger } from '../host/logging/logger';
import { resolveWorkerEntry } from '../host/workers/worker-entry';
import { StallAwareSink, type Connection } from '../host/connections/connection';
import { IPC_MESSAGE_CHANNEL, IPC_REQUEST_CHANNEL } from '../shared/api/bridge';
import { forkWithUtilityProcess } from './utility-process-forker';
import { SafeStorageSecretBox } from './safe-storage-secret-box';
import { openHostServices } from '../host/host-services';
import { prepareDataDir } from '../host/data-dir';
import { buildAppMenu } from './app-menu';
import { pickLocale } from '../shared/i18n';
import { inferenceEnvLayer, type InferenceLayer } from '../host/inference/inference-settings';
import {
  startIntegrationListener,
  type IntegrationListener,
} from '../host/server/integration-listener';

/**
 * Electron main: windows, menu, IPC wiring. Everything else is the plain-Node host, the same one
 * `watcher serve` runs. Kept thin on purpose: what is here cannot be tested without Electron.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.join(app.getPath('userData'), 'data');
const logger = new Logger({ dir: path.join(app.getPath('logs')) });
let host: ControlRoomHost | undefined;
/** REST, /metrics and the browser wall for integrators, when WATCHER_HTTP_PORT asks for them. */
let integrations: IntegrationListener | undefined;
/** Each window's page is one host connection; a new page (reload, navigation) a new one. */
const windows = new Map<number, { sink: StallAwareSink; connection?: Connection }>();

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1600,
    height: 900,
    backgroundColor: '#111418',
    title: 'Watcher',
    webPreferences: {
      preload: path.join(here, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  hardenContents(win.webContents);
  linkContents(win.webContents);
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(path.join(here, '../renderer/index.html'));
  return win;
}

/** No navigation away from the app, no new windows, links open in the system browser. */
function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** Ties a window to the host: its connection follows the page, its stalls feed back-pressure. */
function linkContents(contents: WebContents): { sink: StallAwareSink; connection?: Connection } {
  const existing = windows.get(contents.id);
  if (existing) return existing;
  const link: { sink: StallAwareSink; connection?: Connection } = {
    sink: new StallAwareSink({
      send: (message) => contents.send(IPC_MESSAGE_CHANNEL, message),
      isOpen: () => !contents.isDestroyed(),
    }),
  };
  windows.set(contents.id, link);
  contents.on('unresponsive', () => link.sink.stall());
  contents.on('responsive', () => {
    link.sink.resume();
    // Closed for falling behind while hung: connect again, so the wall gets a fresh snapshot.
    if (link.connection?.closed && host) connectionFor(host, contents);
  });
  contents.on('did-start-navigation', (details) => {
    if (!details.isMainFrame || details.isSameDocument) return;
    link.connection?.close();
    link.connection = undefined;
  });
  contents.on('did-finish-load', () => {
    if (host) connectionFor(host, contents);
  });
  contents.once('destroyed', () => {
    link.connection?.close();
    windows.delete(contents.id);
  });
  return link;
}

/** The page's connection, opened (with the snapshot) by its first request or its load. */
function connectionFor(h: ControlRoomHost, contents: WebContents): Connection {
  const link = linkContents(contents);
  if (!link.connection || link.connection.closed) link.connection = h.connect('ipc', link.sink);
  return link.connection;
}

function wireIpc(h: ControlRoomHost): void {
  ipcMain.on(IPC_REQUEST_CHANNEL, (event, raw: unknown) => {
    // Only our own top-level page may talk to the host.
    const frameUrl = event.senderFrame?.url ?? '';
    if (
      !frameUrl.startsWith('file://') &&
      !(process.env.ELECTRON_RENDERER_URL && frameUrl.startsWith(process.env.ELECTRON_RENDERER_URL))
    ) {
      logger.warn('IPC from unexpected origin rejected', { url: frameUrl });
      return;
    }
    void connectionFor(h, event.sender).receive(raw);
  });
}

/** WATCHER_PROVIDER & co. over Settings → System; a bad value is logged and ignored, not fatal. */
function desktopInferenceEnv(): InferenceLayer | undefined {
  try {
    return inferenceEnvLayer(process.env);
  } catch (err) {
    logger.warn('ignoring the inference environment', { error: String(err) });
    return undefined;
  }
}

app.whenReady().then(() => {
  // Deny every permission request (camera, microphone, geolocation...) except desktop
  // notifications, which the alarm panel asks for from a button (the operator still chooses).
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) =>
    callback(permission === 'notifications'),
  );
  session.defaultSession.setPermissionCheckHandler(
    (_wc, permission) => permission === 'notifications',
  );
  app.on('web-contents-created', (_e, contents) => hardenContents(contents));

  // Owner-only data folder, then secrets sealed by the OS keychain (DPAPI / Keychain / libsecret).
  prepareDataDir(dataDir);
  const services = openHostServices({ dataDir, logger, secretBox: new SafeStorageSecretBox() });
  // With a shared PostgreSQL server this workstation analyses only the cameras it leases.
  const fleet = createFleetGate({
    store: services.store,
    ...workstationFleetArgs(process.env),
    logger,
    address: () => undefined,
    cameras: () => host?.cameras.list() ?? [],
    isRunning: (id) => host?.isAnalysing(id) ?? false,
  });
  host = new ControlRoomHost({
    fleet,
    dataDir,
    runtime: 'electron',
    forker: forkWithUtilityProcess,
    workerEntry: resolveWorkerEntry(),
    logger,
    services,
    inferenceEnv: desktopInferenceEnv(),
  });
  host.start();
  wireIpc(host);
  void startIntegrationListener({ env: process.env, controlRoom: host, logger })
    .then((l) => (integrations = l))
    .catch((e: unknown) =>
      logger.error('integration listener failed to start', { error: String(e) }),
    );
  Menu.setApplicationMenu(
    buildAppMenu(pickLocale(app.getPreferredSystemLanguages()), {
      newWallWindow: () => createWindow(),
    }),
  );
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !host) return;
  // Stop workers (and their ffmpeg) before Electron exits, so nothing is orphaned.
  event.preventDefault();
  quitting = true;
  void Promise.all([integrations?.close(), host.stop()]).finally(() => app.quit());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
