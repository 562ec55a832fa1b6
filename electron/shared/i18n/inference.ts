import type { Messages } from './catalog';

// Messages of the inference area. Keys are dotted ("area.thing.detail"); each key holds its es and en
// text side by side.
export const inferenceMessages = {
  'inference.model.not_onnx': {
    es: 'El archivo del modelo no es un modelo ONNX.',
    en: 'The model file is not an ONNX model.',
  },
  'inference.model.unreadable': {
    es: 'No se puede leer el archivo del modelo.',
    en: 'The model file cannot be read.',
  },
  'inference.model.not_found': {
    es: 'El modelo no está instalado.',
    en: 'The model is not installed.',
  },
  'inference.model.layout': {
    es: 'El modelo no tiene un formato de salida de detector conocido.',
    en: 'The model does not have a known detector output layout.',
  },
  'inference.model.task': {
    es: 'El modelo no es un detector de objetos.',
    en: 'The model is not an object detector.',
  },
  'inference.model.bad_input': {
    es: 'La entrada del modelo no es una imagen [N,3,alto,ancho].',
    en: 'The model input is not an image [N,3,height,width].',
  },
  'inference.model.no_input': { es: 'El modelo no tiene entrada.', en: 'The model has no input.' },
  'inference.model.failed': {
    es: 'No se pudo cargar el modelo.',
    en: 'The model could not be loaded.',
  },
  'inference.session.failed': {
    es: 'ONNX Runtime no pudo cargar el modelo.',
    en: 'ONNX Runtime could not load the model.',
  },
  'inference.session.run_failed': {
    es: 'Falló la inferencia del modelo.',
    en: 'Model inference failed.',
  },
  'inference.provider.fallback': {
    es: 'Acelerador no disponible; se usa {provider}.',
    en: 'Accelerator unavailable; using {provider}.',
  },
  'inference.provider.motion': {
    es: 'Detector de movimiento (sin modelo)',
    en: 'Motion detector (no model)',
  },
  'models.catalog.unreadable': {
    es: 'No se puede leer el catálogo de modelos.',
    en: 'The model catalog cannot be read.',
  },
  'models.catalog.invalid': {
    es: 'El catálogo de modelos no es válido.',
    en: 'The model catalog is invalid.',
  },
  'models.unknown': {
    es: 'El modelo «{id}» no está en el catálogo.',
    en: 'Model "{id}" is not in the catalog.',
  },
  'models.bad_id': { es: 'Identificador de modelo no válido.', en: 'Invalid model id.' },
  'models.usage': { es: 'Faltan argumentos.', en: 'Missing arguments.' },
  'models.fetch.no_url': {
    es: 'Este modelo no se puede descargar; impórtelo desde un archivo local.',
    en: 'This model cannot be downloaded; import it from a local file.',
  },
  'models.fetch.offline': {
    es: 'Sin conexión: descargue el modelo en otro equipo e impórtelo.',
    en: 'Offline: download the model on another machine and import it.',
  },
  'models.fetch.http': {
    es: 'El servidor rechazó la descarga del modelo.',
    en: 'The server refused the model download.',
  },
  'models.fetch.interrupted': {
    es: 'La descarga del modelo se interrumpió.',
    en: 'The model download was interrupted.',
  },
  'models.fetch.checksum': {
    es: 'La suma de verificación del modelo descargado no coincide; se descartó.',
    en: 'The downloaded model does not match its checksum; it was discarded.',
  },
} as const satisfies Messages;
