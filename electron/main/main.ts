import { app, BrowserWindow, ipcMain, Menu, session, shell, type WebContents } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ControlRoomHost } from '../host/control-room-host';
import { Logger } from '../host/logging/logger';
import { resolveWorkerEntry } from '../host/workers/worker-entry';
import type { ConnectionContext } from '../host/api-types';
import { IPC_MESSAGE_CHANNEL, IPC_REQUEST_CHANNEL } from '../shared/api/bridge';
import { forkWithUtilityProcess } from './utility-process-forker';
import { SafeStorageSecretBox } from './safe-storage-secret-box';
import { openHostServices } from '../host/host-services';
import { buildAppMenu } from './app-menu';
import { pickLocale } from '../shared/i18n';

/**
 * Electron main: windows, menu, IPC wiring. Everything else is the plain-Node host, the same one
 * `watcher serve` runs. Kept thin on purpose: what is here cannot be tested without Electron.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.join(app.getPath('userData'), 'data');
const logger = new Logger({ dir: path.join(app.getPath('logs')) });
let host: ControlRoomHost | undefined;
const connections = new Map<number, ConnectionContext>();

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
    const sender = event.sender;
    let ctx = connections.get(sender.id);
    if (!ctx) {
      ctx = h.newConnection('ipc');
      connections.set(sender.id, ctx);
      sender.once('destroyed', () => connections.delete(sender.id));
    }
    void h.handle(raw, ctx).then((response) => {
      if (response && !sender.isDestroyed()) sender.send(IPC_MESSAGE_CHANNEL, response);
    });
  });
  h.onEvent((e) => {
    for (const win of BrowserWindow.getAllWindows())
      if (!win.webContents.isDestroyed()) win.webContents.send(IPC_MESSAGE_CHANNEL, e);
  });
}

app.whenReady().then(() => {
  // Deny every permission request (camera, microphone, notifications...) by default.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_e, contents) => hardenContents(contents));

  // Secrets are sealed by the OS keychain (DPAPI / Keychain / libsecret) through safeStorage.
  const services = openHostServices({ dataDir, logger, secretBox: new SafeStorageSecretBox() });
  host = new ControlRoomHost({
    dataDir,
    runtime: 'electron',
    forker: forkWithUtilityProcess,
    workerEntry: resolveWorkerEntry(),
    logger,
    services,
  });
  host.start();
  wireIpc(host);
  Menu.setApplicationMenu(
    buildAppMenu(pickLocale(app.getPreferredSystemLanguages()), {
      newWallWindow: () => createWindow(),
    }),
  );
  const win = createWindow();
  win.webContents.once('did-finish-load', () => {
    for (const e of host?.snapshotEvents() ?? []) win.webContents.send(IPC_MESSAGE_CHANNEL, e);
  });
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
  void host.stop().finally(() => app.quit());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
