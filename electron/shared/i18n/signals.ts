import type { Messages } from './catalog';

// Error codes of the integrator methods: external signals from a traffic-light controller
// (`signals.set`) and single-frame analysis (`frames.analyze`). Each key holds its es and en text.
export const signalsMessages = {
  'signals.camera_not_found': {
    es: 'No existe la cámara «{cameraId}».',
    en: 'There is no camera "{cameraId}".',
  },
  'signals.camera_not_running': {
    es: 'La cámara «{cameraId}» no está en marcha: el estado del semáforo «{signalId}» no se aplicó.',
    en: 'Camera "{cameraId}" is not running: the state of signal "{signalId}" was not applied.',
  },
  'signals.unknown_signal': {
    es: 'La cámara «{cameraId}» no tiene el semáforo «{signalId}» en sus reglas.',
    en: 'Camera "{cameraId}" has no signal "{signalId}" in its rules.',
  },
  'signals.not_external': {
    es: 'El semáforo «{signalId}» de la cámara «{cameraId}» se lee de la imagen; solo los semáforos de origen externo reciben el estado de un controlador.',
    en: 'Signal "{signalId}" of camera "{cameraId}" is read from the image; only signals whose source is external take a controller\'s state.',
  },
  'signals.bad_time': {
    es: 'La hora del cambio de fase («at») debe ser una fecha en milisegundos desde 1970.',
    en: 'The phase change time ("at") must be a time in milliseconds since 1970.',
  },
  'signals.time_in_future': {
    es: 'La hora del cambio de fase va {seconds} s por delante del reloj de este equipo: revise la hora del controlador.',
    en: "The phase change time is {seconds} s ahead of this machine's clock: check the controller's clock.",
  },
  'frames.busy': {
    es: 'Se están analizando demasiadas imágenes a la vez. Inténtelo de nuevo en un momento.',
    en: 'Too many images are being analysed at once. Try again in a moment.',
  },
  'frames.camera_not_found': {
    es: 'No existe la cámara «{cameraId}».',
    en: 'There is no camera "{cameraId}".',
  },
  'frames.camera_no_model': {
    es: 'La cámara «{cameraId}» usa el detector de movimiento, que necesita vídeo: indique un modelo instalado.',
    en: 'Camera "{cameraId}" uses the motion detector, which needs video: name an installed model.',
  },
  'frames.model_not_installed': {
    es: 'El modelo «{id}» no está instalado.',
    en: 'Model "{id}" is not installed.',
  },
  'frames.image.bad_base64': {
    es: 'La imagen no está codificada en base64 válido.',
    en: 'The image is not valid base64.',
  },
  'frames.image.unsupported': {
    es: 'La imagen debe ser JPEG o PNG.',
    en: 'The image must be a JPEG or a PNG.',
  },
  'frames.image.corrupt': {
    es: 'La imagen está dañada o incompleta y no se puede decodificar.',
    en: 'The image is damaged or incomplete and cannot be decoded.',
  },
  'frames.image.too_large': {
    es: 'La imagen mide {width}×{height} píxeles; el máximo es {maxMegapixels} megapíxeles.',
    en: 'The image is {width}×{height} pixels; the maximum is {maxMegapixels} megapixels.',
  },
} as const satisfies Messages;
