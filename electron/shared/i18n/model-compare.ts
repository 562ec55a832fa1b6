import type { Messages } from './catalog';

// Messages of Models → Compare and upload analysis: every chosen model on the same images.
export const modelCompareMessages = {
  'models.compare.model_count': {
    es: 'Elige entre 2 y {max} modelos para comparar (elegidos: {count}).',
    en: 'Choose 2 to {max} models to compare ({count} chosen).',
  },
  'models.compare.duplicate_model': {
    es: 'Cada modelo solo puede elegirse una vez.',
    en: 'Each model may be chosen only once.',
  },
  'models.compare.no_images': {
    es: 'Añade al menos una imagen.',
    en: 'Add at least one image.',
  },
  'models.compare.too_many_images': {
    es: 'Como mucho {max} imágenes por comparación (hay {count}).',
    en: 'At most {max} images per comparison ({count} given).',
  },
  'models.compare.too_much_data': {
    es: 'Las imágenes ocupan demasiado: como mucho {maxKb} KiB en total.',
    en: 'The images are too large: at most {maxKb} KiB in all.',
  },
  'models.compare.bad_image': {
    es: 'La imagen {index} ({name}) no es un JPEG o PNG legible.',
    en: 'Image {index} ({name}) is not a readable JPEG or PNG.',
  },
  'models.compare.failed': {
    es: 'La comparación falló: {message}',
    en: 'The comparison failed: {message}',
  },
  'models.compare.tab': { es: 'Comparar', en: 'Compare' },
  'models.compare.title': { es: 'Comparar modelos', en: 'Compare models' },
  'models.compare.intro': {
    es: 'Elige de 2 a 4 modelos instalados y suelta una o varias imágenes: cada modelo las analiza y verás sus detecciones lado a lado, su latencia y cuánto coinciden.',
    en: 'Choose 2 to 4 installed models and drop one or more images: each model analyses them and you see their detections side by side, their latency and how much they agree.',
  },
  'models.compare.models': { es: 'Modelos', en: 'Models' },
  'models.compare.images': { es: 'Imágenes', en: 'Images' },
  'models.compare.drop': {
    es: 'Suelta imágenes aquí o pulsa para elegirlas (JPEG o PNG, hasta {max})',
    en: 'Drop images here or click to choose them (JPEG or PNG, up to {max})',
  },
  'models.compare.clear': { es: 'Quitar imágenes', en: 'Remove images' },
  'models.compare.run': { es: 'Comparar', en: 'Compare' },
  'models.compare.running': {
    es: 'Comparando {models} modelos en {images} imágenes…',
    en: 'Comparing {models} models on {images} images…',
  },
  'models.compare.pick_hint': {
    es: 'Elige al menos 2 modelos y una imagen.',
    en: 'Choose at least 2 models and one image.',
  },
  'models.compare.reference': { es: 'referencia', en: 'reference' },
  'models.compare.latency_chart': {
    es: 'Latencia por modelo (ms)',
    en: 'Latency per model (ms)',
  },
  'models.compare.matrix': {
    es: 'Coincidencia entre modelos (F1 a IoU 0,5 o top-1)',
    en: 'Agreement between models (F1 at IoU 0.5 or top-1)',
  },
  'models.compare.matrix.row': {
    es: 'Referencia ↓ / comparado →',
    en: 'Reference ↓ / compared →',
  },
  'models.compare.table': { es: 'Resultados', en: 'Results' },
  'models.compare.col.model': { es: 'Modelo', en: 'Model' },
  'models.compare.col.provider': { es: 'Proveedor', en: 'Provider' },
  'models.compare.col.p50': { es: 'p50 (ms)', en: 'p50 (ms)' },
  'models.compare.col.p95': { es: 'p95 (ms)', en: 'p95 (ms)' },
  'models.compare.col.p99': { es: 'p99 (ms)', en: 'p99 (ms)' },
  'models.compare.col.fps': { es: 'Imágenes/s', en: 'Frames/s' },
  'models.compare.col.agreement': {
    es: 'Coincidencia con el primero',
    en: 'Agreement with the first',
  },
  'models.compare.col.consensus': { es: 'Consenso hallado', en: 'Consensus found' },
  'models.compare.export': { es: 'Exportar CSV', en: 'Export CSV' },
  'models.compare.per_image': { es: 'Por imagen', en: 'Per image' },
  'models.compare.consensus': {
    es: 'Consenso: {count} objetos',
    en: 'Consensus: {count} objects',
  },
  'models.compare.consensus_label': {
    es: 'Consenso: {label} ({votes} votos)',
    en: 'Consensus: {label} ({votes} votes)',
  },
  'models.compare.detections': {
    es: '{count} detecciones · {ms} ms',
    en: '{count} detections · {ms} ms',
  },
  'models.compare.done': {
    es: 'Comparación hecha en {s} s.',
    en: 'Comparison done in {s} s.',
  },
} as const satisfies Messages;
