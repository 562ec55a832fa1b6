import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_MESSAGE_CHANNEL, IPC_REQUEST_CHANNEL, type WatcherBridge } from '../shared/api/bridge';

// Sandboxed preload: exposes one narrow object, never ipcRenderer itself. The main process
// validates every request against the API contract, so the page gains nothing by lying here.
const bridge: WatcherBridge = {
  send(request) {
    ipcRenderer.send(IPC_REQUEST_CHANNEL, request);
  },
  onMessage(listener) {
    const wrapped = (_event: IpcRendererEvent, message: unknown): void => listener(message);
    ipcRenderer.on(IPC_MESSAGE_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(IPC_MESSAGE_CHANNEL, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('watcherBridge', bridge);
