import type { Messages } from './catalog';

// Messages of Settings → Models (import, try on a frame, remove, model choice per camera) and the
// error codes of the models.* API methods. Each key holds its es and en text side by side.
export const modelsMessages = {
  'models.ui.title': { es: 'Modelos', en: 'Models' },
  'models.ui.intro': {
    es: 'Modelos de detección ONNX instalados en este equipo. Importe un archivo .onnx (YOLOv5, YOLOv8/11, YOLOv10, YOLOX o RT-DETR): Watcher detecta su formato, su tamaño de entrada y sus etiquetas.',
    en: 'ONNX detection models installed on this machine. Import an .onnx file (YOLOv5, YOLOv8/11, YOLOv10, YOLOX or RT-DETR): Watcher detects its layout, input size and labels.',
  },
  'models.ui.loadFailed': {
    es: 'No se pudo cargar la lista de modelos.',
    en: 'The model list could not be loaded.',
  },
  'models.ui.none': {
    es: 'No hay modelos instalados: las cámaras usan el detector de movimiento. Importe un modelo .onnx para detectar vehículos y personas.',
    en: 'No models installed: cameras use the motion detector. Import an .onnx model to detect vehicles and people.',
  },
  'models.ui.tableCaption': { es: 'Modelos instalados', en: 'Installed models' },
  'models.ui.col.id': { es: 'Modelo', en: 'Model' },
  'models.ui.col.layout': { es: 'Formato', en: 'Layout' },
  'models.ui.col.input': { es: 'Entrada', en: 'Input' },
  'models.ui.col.labels': { es: 'Etiquetas', en: 'Labels' },
  'models.ui.col.size': { es: 'Tamaño', en: 'Size' },
  'models.ui.col.usedBy': { es: 'Cámaras', en: 'Cameras' },
  'models.ui.col.actions': { es: 'Acciones', en: 'Actions' },
  'models.ui.sizeMb': { es: '{mb} MB', en: '{mb} MB' },
  'models.ui.inputSize': { es: '{w}×{h}', en: '{w}×{h}' },
  'models.ui.labelsCount': { es: '{n} clases', en: '{n} classes' },
  'models.ui.labelsMore': { es: '… y {n} más', en: '… and {n} more' },
  'models.ui.unknown': { es: 'desconocido', en: 'unknown' },
  'models.ui.notUsed': { es: 'ninguna', en: 'none' },
  'models.ui.providers': {
    es: 'Proveedores de ejecución, en orden de preferencia: {list}',
    en: 'Execution providers, in order of preference: {list}',
  },
  'models.ui.import.title': { es: 'Importar un modelo', en: 'Import a model' },
  'models.ui.import.file': { es: 'Archivo del modelo (.onnx)', en: 'Model file (.onnx)' },
  'models.ui.import.labels': {
    es: 'Archivo de etiquetas (opcional: una clase por línea, JSON o YAML)',
    en: 'Labels file (optional: one class per line, JSON or YAML)',
  },
  'models.ui.import.submit': { es: 'Importar', en: 'Import' },
  'models.ui.import.cancel': { es: 'Cancelar', en: 'Cancel' },
  'models.ui.import.chooseFile': {
    es: 'Elija primero un archivo .onnx.',
    en: 'Choose an .onnx file first.',
  },
  'models.ui.import.tooBig': {
    es: 'El archivo pesa {mb} MB; el máximo es {max} MB.',
    en: 'The file is {mb} MB; the limit is {max} MB.',
  },
  'models.ui.import.progress': { es: 'Progreso de la subida', en: 'Upload progress' },
  'models.ui.import.uploading': {
    es: 'Subiendo {name}: {percent} %',
    en: 'Uploading {name}: {percent} %',
  },
  'models.ui.import.validating': {
    es: 'Validando {name}: formato, salidas y carga en ONNX Runtime…',
    en: 'Validating {name}: layout, outputs and loading in ONNX Runtime…',
  },
  'models.ui.import.done': {
    es: 'Modelo «{id}» importado: formato {layout}, entrada {w}×{h}, {n} clases.',
    en: 'Model "{id}" imported: {layout} layout, input {w}×{h}, {n} classes.',
  },
  'models.ui.import.failed': { es: 'No se pudo importar {name}.', en: 'Could not import {name}.' },
  'models.ui.import.cancelled': { es: 'Importación cancelada.', en: 'Import cancelled.' },
  'models.ui.import.adminOnly': {
    es: 'Solo un administrador puede importar o eliminar modelos.',
    en: 'Only an administrator can import or remove models.',
  },
  'models.ui.try': { es: 'Probar en un fotograma', en: 'Try on a frame' },
  'models.ui.try.source': { es: 'Fotograma de prueba', en: 'Trial frame' },
  'models.ui.try.demo': { es: 'Escena sintética de demostración', en: 'Synthetic demo scene' },
  'models.ui.try.camera': { es: 'Cámara: {name}', en: 'Camera: {name}' },
  'models.ui.try.running': { es: 'Ejecutando el modelo…', en: 'Running the model…' },
  'models.ui.try.title': { es: 'Prueba de {id}', en: 'Trying {id}' },
  'models.ui.try.summary': {
    es: 'Detecciones: {n} · inferencia {ms} ms · total {total} ms · proveedor {provider}',
    en: 'Detections: {n} · inference {ms} ms · total {total} ms · provider {provider}',
  },
  'models.ui.try.providerNote': {
    es: 'Respaldo del proveedor: {note}',
    en: 'Provider fallback: {note}',
  },
  'models.ui.try.fromCamera': { es: 'Fotograma de la cámara {id}', en: 'Frame from camera {id}' },
  'models.ui.try.fromDemo': {
    es: 'Fotograma de la escena sintética de demostración',
    en: 'Frame from the synthetic demo scene',
  },
  'models.ui.try.canvas': {
    es: 'Fotograma con {n} detecciones del modelo {id}',
    en: 'Frame with {n} detections of model {id}',
  },
  'models.ui.try.noDetections': {
    es: 'El modelo no encontró objetos en este fotograma.',
    en: 'The model found no objects in this frame.',
  },
  'models.ui.try.detection': { es: '{label} {score} %', en: '{label} {score} %' },
  'models.ui.try.close': { es: 'Cerrar la prueba', en: 'Close the trial' },
  'models.ui.remove': { es: 'Eliminar', en: 'Remove' },
  'models.ui.remove.confirm': {
    es: '¿Eliminar el modelo «{id}»? El archivo se borra de este equipo y no se puede deshacer.',
    en: 'Remove model "{id}"? The file is deleted from this machine; this cannot be undone.',
  },
  'models.ui.remove.done': { es: 'Modelo «{id}» eliminado.', en: 'Model "{id}" removed.' },
  'models.ui.inUse': {
    es: 'En uso por {cameras}: elija otro detector para esas cámaras antes.',
    en: 'Used by {cameras}: choose another detector for those cameras first.',
  },
  'models.ui.layout.yolov5': { es: 'YOLOv5', en: 'YOLOv5' },
  'models.ui.layout.yolov8': { es: 'YOLOv8/11', en: 'YOLOv8/11' },
  'models.ui.layout.end2end': { es: 'YOLOv10 (extremo a extremo)', en: 'YOLOv10 (end-to-end)' },
  'models.ui.layout.yolox': { es: 'YOLOX', en: 'YOLOX' },
  'models.ui.layout.detr': { es: 'RT-DETR / D-FINE', en: 'RT-DETR / D-FINE' },
  'models.ui.layout.nanodet': { es: 'NanoDet (GFL)', en: 'NanoDet (GFL)' },
  'models.ui.camera.model': { es: 'Detector y modelo', en: 'Detector and model' },
  'models.ui.camera.motion': {
    es: 'Detector de movimiento (sin modelo)',
    en: 'Motion detector (no model)',
  },
  'models.ui.camera.notInstalled': { es: '{id} (no instalado)', en: '{id} (not installed)' },
  'models.ui.camera.hint': {
    es: 'Los modelos se importan en Configuración → Modelos.',
    en: 'Models are imported in Settings → Models.',
  },
  'models.upload.too_many': {
    es: 'Ya hay varias importaciones en curso; espere a que termine una.',
    en: 'Several imports are already running; wait for one to finish.',
  },
  'models.upload.out_of_order': {
    es: 'La subida perdió un fragmento; vuelva a intentarlo.',
    en: 'The upload lost a chunk; try again.',
  },
  'models.upload.empty_chunk': {
    es: 'La subida envió un fragmento vacío.',
    en: 'The upload sent an empty chunk.',
  },
  'models.upload.too_large': {
    es: 'El archivo es más grande de lo anunciado; la subida se canceló.',
    en: 'The file is larger than announced; the upload was cancelled.',
  },
  'models.upload.bad_chunk': {
    es: 'Un fragmento de la subida está dañado.',
    en: 'A chunk of the upload is damaged.',
  },
  'models.upload.busy': {
    es: 'El fragmento anterior aún se está guardando.',
    en: 'The previous chunk is still being stored.',
  },
  'models.upload.unknown': {
    es: 'Esa subida no existe o ya terminó.',
    en: 'That upload does not exist or has already finished.',
  },
  'models.upload.incomplete': {
    es: 'La subida está incompleta ({received} de {size} bytes).',
    en: 'The upload is incomplete ({received} of {size} bytes).',
  },
  'models.upload.checksum': {
    es: 'El archivo llegó dañado (la suma SHA-256 no coincide); se descartó.',
    en: 'The file arrived damaged (its SHA-256 does not match); it was discarded.',
  },
  'models.upload.write_failed': {
    es: 'No se pudo guardar el archivo en el servidor.',
    en: 'The file could not be stored on the server.',
  },
  'models.labels.invalid': {
    es: 'El archivo de etiquetas no es válido: {reason}',
    en: 'The labels file is not valid: {reason}',
  },
  'models.labels.count': {
    es: 'El archivo de etiquetas no tiene tantas clases como el modelo; revise que sea el del mismo modelo.',
    en: 'The labels file does not name as many classes as the model has; check it belongs to this model.',
  },
  'models.not_installed': {
    es: 'El modelo «{id}» no está instalado.',
    en: 'Model "{id}" is not installed.',
  },
  'models.in_use': {
    es: 'El modelo «{id}» lo usan las cámaras {cameras}; cambie su detector antes.',
    en: 'Model "{id}" is used by cameras {cameras}; change their detector first.',
  },
  'models.busy': {
    es: 'Ya se está comprobando otro modelo; vuelva a intentarlo en un momento.',
    en: 'Another model is being checked; try again in a moment.',
  },
  'models.install_failed': {
    es: 'El modelo no se pudo instalar.',
    en: 'The model could not be installed.',
  },
  'models.probe.timeout': {
    es: 'El modelo tardó demasiado en cargar o ejecutarse.',
    en: 'The model took too long to load or run.',
  },
  'models.probe.crashed': {
    es: 'ONNX Runtime no pudo manejar este modelo (el proceso de prueba se cerró).',
    en: 'ONNX Runtime could not handle this model (the trial process stopped).',
  },
  'models.probe.failed': {
    es: 'No se pudo iniciar la prueba del modelo.',
    en: 'The model trial could not start.',
  },
  'models.probe.bad_job': { es: 'Petición de prueba no válida.', en: 'Invalid trial request.' },
  'models.try.no_preview': {
    es: 'La cámara aún no tiene imagen: se usó la escena sintética.',
    en: 'The camera has no picture yet: the synthetic scene was used.',
  },
  'models.try.bad_frame': {
    es: 'No se pudo decodificar el fotograma.',
    en: 'The frame could not be decoded.',
  },
  'models.try.failed': { es: 'No se pudo ejecutar el modelo.', en: 'The model could not be run.' },
  'models.try.no_frame': {
    es: 'No se pudo generar el fotograma de demostración.',
    en: 'The demo frame could not be rendered.',
  },
} as const satisfies Messages;
