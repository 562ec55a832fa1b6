import type { Messages } from './catalog';

// Messages of the plate state (read, unreadable, none), review's reading-confidence filter, the
// unreadable share per camera and dedicated plate-OCR models. Each key holds es and en side by side.
export const plateReviewMessages = {
  'plates.state.read': { es: 'Placa leída', en: 'Plate read' },
  'plates.state.unreadable': { es: 'Placa ilegible', en: 'Plate not readable' },
  'plates.state.none': { es: 'Sin placa', en: 'No plate' },
  'plates.review.filter.state': { es: 'Estado de la placa', en: 'Plate state' },
  'plates.review.filter.any': { es: 'Cualquiera', en: 'Any' },
  'plates.review.filter.confidence': {
    es: 'Confianza de lectura: {pct} %',
    en: 'Reading confidence: {pct} %',
  },
  'plates.review.filter.confidenceOff': {
    es: 'Confianza de lectura: sin filtro',
    en: 'Reading confidence: no filter',
  },
  'plates.review.filter.direction': { es: 'Lecturas', en: 'Reads' },
  'plates.review.filter.atLeast': { es: 'al menos', en: 'at least' },
  'plates.review.filter.below': { es: 'por debajo (dudosas)', en: 'below (doubtful)' },
  'plates.review.confidence': { es: 'confianza {pct} %', en: 'confidence {pct} %' },
  'plates.review.unreadableHint': {
    es: 'Se encontró una placa pero ninguna lectura alcanzó el umbral; se guarda el mejor recorte.',
    en: 'A plate was found but no reading reached the threshold; the best crop is kept.',
  },
  'plates.stats.col.unreadable': { es: 'Placas ilegibles', en: 'Unreadable plates' },
  'plates.recognizer.label': { es: 'Reconocedor de placas', en: 'Plate recogniser' },
  'plates.recognizer.ppocr': { es: 'PP-OCR (predeterminado)', en: 'PP-OCR (default)' },
  'plates.recognizer.model': {
    es: 'Modelo OCR de placas: {name}',
    en: 'Plate-OCR model: {name}',
  },
  'plates.ocr.error.config': {
    es: 'La configuración del modelo OCR de placas no es válida: {detail}',
    en: 'The plate-OCR model configuration is not valid: {detail}',
  },
  'plates.ocr.error.output': {
    es: 'La salida del modelo OCR de placas no coincide con su configuración: {detail}',
    en: "The plate-OCR model's output does not match its configuration: {detail}",
  },
  'plates.ocr.error.notFound': {
    es: 'El modelo OCR de placas «{modelId}» no está instalado',
    en: 'The plate-OCR model "{modelId}" is not installed',
  },
} as const satisfies Messages;
