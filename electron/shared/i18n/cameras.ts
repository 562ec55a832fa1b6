import type { Catalog } from './catalog';

// Messages of the cameras area. Keys are dotted ("area.thing.detail"); every key exists in es and en.
export const camerasMessages: { es: Catalog; en: Catalog } = {
  es: {
    'camera.error.spawn': 'No se pudo iniciar el decodificador de vídeo (ffmpeg).',
    'camera.error.source_ended': 'La fuente de vídeo se cortó; reconectando.',
    'camera.error.stalled': 'La cámara no envía imágenes; reconectando.',
    'camera.error.unreachable':
      'No se puede conectar con la cámara (dirección, puerto o red); reintentando.',
    'camera.error.auth': 'La cámara rechazó el usuario o la contraseña.',
    'camera.error.not_video': 'La fuente no es un vídeo reproducible.',
    'camera.error.truncated': 'El archivo de vídeo está incompleto o dañado.',
    'camera.error.not_found': 'No se encuentra el archivo de vídeo.',
    'camera.not_found': 'No existe la cámara «{id}».',
  },
  en: {
    'camera.error.spawn': 'Could not start the video decoder (ffmpeg).',
    'camera.error.source_ended': 'The video source dropped; reconnecting.',
    'camera.error.stalled': 'The camera sends no pictures; reconnecting.',
    'camera.error.unreachable': 'Cannot reach the camera (address, port or network); retrying.',
    'camera.error.auth': 'The camera refused the user name or password.',
    'camera.error.not_video': 'The source is not a playable video.',
    'camera.error.truncated': 'The video file is incomplete or damaged.',
    'camera.error.not_found': 'The video file cannot be found.',
    'camera.not_found': 'There is no camera "{id}".',
  },
};
