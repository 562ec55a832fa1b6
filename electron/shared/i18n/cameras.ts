import type { Messages } from './catalog';

// Messages of the cameras area. Keys are dotted ("area.thing.detail"); each key holds its es and en
// text side by side.
export const camerasMessages = {
  'camera.error.spawn': {
    es: 'No se pudo iniciar el decodificador de vídeo (ffmpeg).',
    en: 'Could not start the video decoder (ffmpeg).',
  },
  'camera.error.source_ended': {
    es: 'La fuente de vídeo se cortó; reconectando.',
    en: 'The video source dropped; reconnecting.',
  },
  'camera.error.stalled': {
    es: 'La cámara no envía imágenes; reconectando.',
    en: 'The camera sends no pictures; reconnecting.',
  },
  'camera.error.workerHung': {
    es: 'El proceso de análisis de esta cámara no responde; reiniciándolo.',
    en: 'The analysis process of this camera is not responding; restarting it.',
  },
  'camera.error.unreachable': {
    es: 'No se puede conectar con la cámara (dirección, puerto o red); reintentando.',
    en: 'Cannot reach the camera (address, port or network); retrying.',
  },
  'camera.error.auth': {
    es: 'La cámara rechazó el usuario o la contraseña.',
    en: 'The camera refused the user name or password.',
  },
  'camera.error.not_allowed': {
    es: 'La fuente intentó abrir algo que este tipo de cámara no puede usar (otro protocolo, una lista de reproducción o un archivo que no es vídeo).',
    en: 'The source tried to open something this kind of camera may not use (another protocol, a playlist or a file that is not video).',
  },
  'camera.error.not_video': {
    es: 'La fuente no es un vídeo reproducible.',
    en: 'The source is not a playable video.',
  },
  'camera.error.truncated': {
    es: 'El archivo de vídeo está incompleto o dañado.',
    en: 'The video file is incomplete or damaged.',
  },
  'camera.error.not_found': {
    es: 'No se encuentra el archivo de vídeo.',
    en: 'The video file cannot be found.',
  },
  'cameras.test.busy': {
    es: 'Ya hay demasiadas pruebas de conexión en curso. Espere a que terminen y vuelva a intentarlo.',
    en: 'Too many connection tests are running. Wait for them to finish and try again.',
  },
  'camera.not_found': { es: 'No existe la cámara «{id}».', en: 'There is no camera "{id}".' },
} as const satisfies Messages;
