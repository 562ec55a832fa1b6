import type { Catalog } from './catalog';

// Messages of the ui area. Keys are dotted ("area.thing.detail"); every key exists in es and en.
export const uiMessages: { es: Catalog; en: Catalog } = {
  es: {
    'app.title': 'Watcher · Sala de control',
    'app.connection.connecting': 'Conectando con el servidor…',
    'app.connection.closed': 'Sin conexión con el servidor. Reintentando…',
    'app.language': 'Idioma',
    'wall.title': 'Muro de cámaras',
    'wall.empty': 'No hay cámaras configuradas.',
    'camera.state.connecting': 'Conectando',
    'camera.state.streaming': 'En vivo',
    'camera.state.stalled': 'Sin imagen',
    'camera.state.reconnecting': 'Reconectando',
    'camera.state.error': 'Error',
    'camera.state.stopped': 'Detenida',
    'camera.fps': '{fps} fps',
    'camera.latency': '{ms} ms',
  },
  en: {
    'app.title': 'Watcher · Control room',
    'app.connection.connecting': 'Connecting to the server…',
    'app.connection.closed': 'Connection to the server lost. Retrying…',
    'app.language': 'Language',
    'wall.title': 'Camera wall',
    'wall.empty': 'No cameras configured.',
    'camera.state.connecting': 'Connecting',
    'camera.state.streaming': 'Live',
    'camera.state.stalled': 'No picture',
    'camera.state.reconnecting': 'Reconnecting',
    'camera.state.error': 'Error',
    'camera.state.stopped': 'Stopped',
    'camera.fps': '{fps} fps',
    'camera.latency': '{ms} ms',
  },
};
