import type { Messages } from './catalog';

// Messages of Models → Compare on a camera or a video, and of the catalog of downloadable models.
export const modelLabMessages = {
  'modelCompare.video_not_allowed': {
    es: 'Ese archivo no está entre los vídeos ofrecidos para comparar.',
    en: 'That file is not one of the videos offered for comparison.',
  },
  'modelCompare.video_failed': {
    es: 'No se pudo leer el vídeo.',
    en: 'The video could not be read.',
  },
  'modelCompare.no_frames': {
    es: 'No se pudo extraer ningún fotograma del vídeo.',
    en: 'No frame could be read from the video.',
  },
  'modelCompare.camera_no_frames': {
    es: 'La cámara «{id}» aún no ha enviado ninguna imagen.',
    en: 'Camera "{id}" has not sent a picture yet.',
  },
  'modelCatalog.installed': {
    es: 'El modelo «{id}» ya está instalado.',
    en: 'Model "{id}" is already installed.',
  },
  'modelCatalog.busy': {
    es: 'El modelo «{id}» ya se está descargando.',
    en: 'Model "{id}" is already being downloaded.',
  },
  'models.task.mismatch': {
    es: 'Las salidas del modelo son de un detector, no de la tarea elegida.',
    en: 'The model’s outputs are a detector’s, not of the chosen task.',
  },
  'models.lab.import.task': { es: 'Tarea', en: 'Task' },
  'models.lab.import.task.auto': {
    es: 'Detectar por sus salidas',
    en: 'Detect from its outputs',
  },
  'models.lab.import.custom': {
    es: 'Normalización propia (si no, la habitual de su familia)',
    en: 'Own normalisation (otherwise its family’s usual one)',
  },
  'models.lab.import.normalisation': { es: 'Normalización', en: 'Normalisation' },
  'models.lab.import.channels': { es: 'Canales', en: 'Channels' },
  'models.lab.import.scale': { es: 'Escala', en: 'Scale' },
  'models.lab.import.mean': { es: 'Media (3 valores)', en: 'Mean (3 values)' },
  'models.lab.import.std': { es: 'Desviación (3 valores)', en: 'Std (3 values)' },
  'models.lab.import.tensor': { es: 'Disposición del tensor', en: 'Tensor layout' },
  'models.lab.import.letterbox': { es: 'Encaje', en: 'Fit' },
  'models.lab.import.letterbox.stretch': { es: 'Estirar', en: 'Stretch' },
  'models.lab.import.letterbox.centre': { es: 'Centrado con bandas', en: 'Centred, padded' },
  'models.lab.import.letterbox.top-left': {
    es: 'Arriba a la izquierda con bandas',
    en: 'Top-left, padded',
  },
  'models.lab.import.pad': { es: 'Gris del relleno (0–255)', en: 'Padding grey (0–255)' },
  'models.lab.import.bad_triple': {
    es: 'La media y la desviación deben ser tres números.',
    en: 'Mean and std must be three numbers.',
  },
  'models.lab.import.done': {
    es: '«{id}» importado: {task}, entrada {w}×{h}, {n} salidas.',
    en: '"{id}" imported: {task}, input {w}×{h}, {n} outputs.',
  },
  'audit.models.download': {
    es: 'Descargó un modelo del catálogo',
    en: 'Downloaded a catalog model',
  },
  'models.lab.source': { es: 'Origen', en: 'Source' },
  'models.lab.source.images': { es: 'Imágenes', en: 'Images' },
  'models.lab.source.video': { es: 'Vídeo', en: 'Video' },
  'models.lab.source.camera': { es: 'Cámara en directo', en: 'Live camera' },
  'models.lab.video': { es: 'Vídeo', en: 'Video' },
  'models.lab.no_videos': {
    es: 'No hay vídeos disponibles: colóquelos en la carpeta de vídeos de los datos o en WATCHER_VIDEO_DIRS.',
    en: 'No videos available: put them in the data folder’s videos folder or in WATCHER_VIDEO_DIRS.',
  },
  'models.lab.camera': { es: 'Cámara', en: 'Camera' },
  'models.lab.frames': { es: 'Fotogramas', en: 'Frames' },
  'models.lab.every_seconds': { es: 'Cada (s)', en: 'Every (s)' },
  'models.lab.sampling': { es: 'Extrayendo fotogramas…', en: 'Sampling frames…' },
  'models.lab.progress_model': {
    es: '{model}: {done} de {total} fotogramas',
    en: '{model}: {done} of {total} frames',
  },
  'models.lab.accuracy_chart': {
    es: 'Precisión (acuerdo con el modelo de referencia)',
    en: 'Accuracy (agreement with the reference model)',
  },
  'models.lab.scatter': {
    es: 'Precisión frente a latencia (p50)',
    en: 'Accuracy vs latency (p50)',
  },
  'models.lab.latency_axis': { es: 'Latencia p50 (ms)', en: 'Latency p50 (ms)' },
  'models.lab.accuracy_axis': { es: 'Precisión', en: 'Accuracy' },
  'models.lab.shadow_chart': {
    es: 'Modo sombra a lo largo del tiempo (por hora)',
    en: 'Shadow mode over time (per hour)',
  },
  'models.lab.shadow_challenger_p95': { es: 'p95 aspirante', en: 'Challenger p95' },
  'models.lab.shadow_champion_p95': { es: 'p95 campeón', en: 'Champion p95' },
  'models.catalog.title': { es: 'Catálogo de modelos', en: 'Model catalog' },
  'models.catalog.intro': {
    es: 'Modelos descargables: se verifica su tamaño y su SHA-256 antes de instalarlos; una descarga interrumpida se reanuda.',
    en: 'Downloadable models: their size and SHA-256 are checked before they are installed; an interrupted download resumes.',
  },
  'models.catalog.col.model': { es: 'Modelo', en: 'Model' },
  'models.catalog.col.size': { es: 'Tamaño', en: 'Size' },
  'models.catalog.col.sha': { es: 'SHA-256', en: 'SHA-256' },
  'models.catalog.col.licence': { es: 'Licencia', en: 'Licence' },
  'models.catalog.col.state': { es: 'Estado', en: 'State' },
  'models.catalog.installed': { es: 'Instalado', en: 'Installed' },
  'models.catalog.no_url': { es: 'Solo importación local', en: 'Local import only' },
  'models.catalog.download': { es: 'Descargar', en: 'Download' },
  'models.catalog.resume': { es: 'Reanudar', en: 'Resume' },
  'models.catalog.partial': {
    es: '{mb} MB descargados antes',
    en: '{mb} MB downloaded earlier',
  },
  'models.catalog.progress': {
    es: '{id}: {percent} % ({mb} MB)',
    en: '{id}: {percent}% ({mb} MB)',
  },
  'models.catalog.done': {
    es: '«{id}» descargado, verificado e instalado.',
    en: '"{id}" downloaded, verified and installed.',
  },
  'models.catalog.failed': {
    es: 'La descarga de «{id}» falló: {reason}',
    en: 'Downloading "{id}" failed: {reason}',
  },
} as const satisfies Messages;
