import type { Catalog } from './catalog';

// Messages of the cameras area. Keys are dotted ("area.thing.detail"); every key exists in es and en.
export const camerasMessages: { es: Catalog; en: Catalog } = {
  es: {
    'camera.error.spawn': 'No se pudo iniciar el decodificador de vídeo (ffmpeg).',
    'camera.error.source_ended': 'La fuente de vídeo se cortó; reconectando.',
    'camera.error.stalled': 'La cámara no envía imágenes; reconectando.',
    'camera.not_found': 'No existe la cámara «{id}».',
  },
  en: {
    'camera.error.spawn': 'Could not start the video decoder (ffmpeg).',
    'camera.error.source_ended': 'The video source dropped; reconnecting.',
    'camera.error.stalled': 'The camera sends no pictures; reconnecting.',
    'camera.not_found': 'There is no camera "{id}".',
  },
};
