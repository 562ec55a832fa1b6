import type { Messages } from './catalog';

// Messages of the System view's history charts and the error codes of the metrics.* API methods.
export const metricsMessages = {
  'metrics.history.title': { es: 'Historial por cámara', en: 'History per camera' },
  'metrics.history.range': { es: 'Periodo', en: 'Range' },
  'metrics.history.range.1h': { es: 'Última hora', en: 'Last hour' },
  'metrics.history.range.6h': { es: 'Últimas 6 horas', en: 'Last 6 hours' },
  'metrics.history.range.24h': { es: 'Últimas 24 horas', en: 'Last 24 hours' },
  'metrics.history.range.7d': { es: 'Últimos 7 días', en: 'Last 7 days' },
  'metrics.history.empty': {
    es: 'Todavía no hay datos de esta cámara en el periodo.',
    en: 'No data from this camera in this range yet.',
  },
  'metrics.history.loadFailed': {
    es: 'No se pudo cargar el historial.',
    en: 'The history could not be loaded.',
  },
  'metrics.history.noStore': {
    es: 'El historial necesita el almacén local, que este equipo no tiene.',
    en: 'The history needs the local store, which this host does not have.',
  },
  'metrics.history.fps': { es: 'Imágenes por segundo', en: 'Frames per second' },
  'metrics.history.fpsAvg': { es: 'fps media', en: 'fps average' },
  'metrics.history.fpsMin': { es: 'fps mínima', en: 'fps minimum' },
  'metrics.history.inference': { es: 'Inferencia (ms)', en: 'Inference (ms)' },
  'metrics.history.inferenceAvg': { es: 'inferencia media (ms)', en: 'inference average (ms)' },
  'metrics.history.inferenceMax': { es: 'inferencia máxima (ms)', en: 'inference worst (ms)' },
  'metrics.history.events': { es: 'Pérdidas y reconexiones', en: 'Drops and reconnects' },
  'metrics.history.dropped': {
    es: 'imágenes descartadas o perdidas',
    en: 'frames dropped or lost',
  },
  'metrics.history.reconnects': { es: 'reconexiones', en: 'reconnects' },
  'metrics.history.time': { es: 'Hora', en: 'Time' },
  'metrics.history.perBucket': { es: 'cantidad', en: 'count' },
} as const satisfies Messages;
