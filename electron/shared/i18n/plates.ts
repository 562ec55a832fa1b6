import type { Messages } from './catalog';

// Messages of the plates area. Keys are dotted ("area.thing.detail"); each key holds its es and en
// text side by side.
export const platesMessages = {
  'plates.settings.country': { es: 'País de las placas', en: 'Plate country' },
  'plates.settings.country.any': {
    es: 'Cualquiera (compiten todos los formatos)',
    en: 'Any (every format competes)',
  },
  'plates.settings.country.PE': { es: 'Perú (ABC-123)', en: 'Peru (ABC-123)' },
  'plates.settings.country.ES': { es: 'España (1234 ABC)', en: 'Spain (1234 ABC)' },
  'plates.settings.country.BR': {
    es: 'Brasil (Mercosur ABC1D23)',
    en: 'Brazil (Mercosur ABC1D23)',
  },
  'plates.settings.country.AR': {
    es: 'Argentina (Mercosur AB123CD)',
    en: 'Argentina (Mercosur AB123CD)',
  },
  'plates.settings.country.US': {
    es: 'Estados Unidos (2–8 caracteres)',
    en: 'United States (2–8 characters)',
  },
  'plates.settings.detector': { es: 'Detector de placas', en: 'Plate detector' },
  'plates.settings.detector.text': {
    es: 'Ninguno: el detector de texto OCR ubica la placa',
    en: 'None: the OCR text detector finds the plate',
  },
  'plates.settings.detector.hint': {
    es: 'Un modelo ONNX entrenado para placas (cualquier formato YOLO o RT-DETR) las ubica en el recorte del vehículo antes de leerlas.',
    en: 'An ONNX model trained on plates (any YOLO or RT-DETR layout) finds them in the vehicle crop before they are read.',
  },
  'plates.reason.badImage': {
    es: 'La imagen está dañada o no es una imagen.',
    en: 'The image is damaged or not an image.',
  },
  'plates.reason.badInput': {
    es: 'El recuadro del vehículo no es válido para esta imagen.',
    en: 'The vehicle box is not valid for this image.',
  },
  'plates.reason.tooSmall': {
    es: 'La imagen es demasiado pequeña para leer una placa.',
    en: 'The image is too small to read a plate.',
  },
  'plates.reason.noText': {
    es: 'No se encontró texto en la imagen.',
    en: 'No text was found in the image.',
  },
  'plates.reason.notFound': {
    es: 'No se encontró ninguna placa legible.',
    en: 'No readable plate was found.',
  },
  'plates.reason.upsideDown': {
    es: 'La placa está al revés; gire la imagen.',
    en: 'The plate is upside down; rotate the image.',
  },
  'plates.registry.timeout': {
    es: 'El registro vehicular no respondió a tiempo.',
    en: 'The vehicle registry did not answer in time.',
  },
  'plates.registry.network': {
    es: 'No se pudo conectar con el registro vehicular.',
    en: 'Could not reach the vehicle registry.',
  },
  'plates.registry.http': {
    es: 'El registro vehicular respondió con un error.',
    en: 'The vehicle registry answered with an error.',
  },
  'plates.registry.garbage': {
    es: 'La respuesta del registro vehicular no es válida.',
    en: 'The vehicle registry answer is not valid.',
  },
  'plates.registry.badPlate': {
    es: 'La placa «{plate}» no se puede consultar.',
    en: 'The plate "{plate}" cannot be looked up.',
  },
  'plates.registry.status.found': {
    es: 'Datos del registro vehicular',
    en: 'Vehicle registry data',
  },
  'plates.registry.status.notFound': {
    es: 'La placa no figura en el registro vehicular.',
    en: 'The plate is not in the vehicle registry.',
  },
  'plates.registry.status.disabled': {
    es: 'Sin registro vehicular configurado.',
    en: 'No vehicle registry configured.',
  },
  'plates.registry.status.failed': {
    es: 'Consulta al registro fallida: {reason}',
    en: 'Registry lookup failed: {reason}',
  },
  'plates.read.confidence': {
    es: 'Confianza de lectura: {percent} %',
    en: 'Reading confidence: {percent} %',
  },
  'plates.read.raw': { es: 'Lectura sin normalizar: {raw}', en: 'Raw reading: {raw}' },
  'plates.repeat.title': { es: 'Reincidencia', en: 'Repeat offences' },
  'plates.repeat.level.none': { es: 'Sin antecedentes', en: 'No history' },
  'plates.repeat.level.low': { es: 'Baja', en: 'Low' },
  'plates.repeat.level.medium': { es: 'Media', en: 'Medium' },
  'plates.repeat.level.high': { es: 'Alta', en: 'High' },
  'plates.repeat.factor.count30': {
    es: 'Infracciones en 30 días: {value}',
    en: 'Infractions in 30 days: {value}',
  },
  'plates.repeat.factor.count90': {
    es: 'Infracciones en 90 días: {value}',
    en: 'Infractions in 90 days: {value}',
  },
  'plates.repeat.factor.count365': {
    es: 'Infracciones en 365 días: {value}',
    en: 'Infractions in 365 days: {value}',
  },
  'plates.repeat.factor.severity': {
    es: 'Gravedad media: {value} (1 leve … 3 grave)',
    en: 'Mean severity: {value} (1 minor … 3 serious)',
  },
  'plates.repeat.factor.recency': {
    es: 'Días desde la última: {value}',
    en: 'Days since the latest: {value}',
  },
  'plates.repeat.formula': {
    es: 'Puntuación = mín(100, 5 × (3·n30 + 2·n31–90 + 1·n91–365) × gravedad × recencia)',
    en: 'Score = min(100, 5 × (3·n30 + 2·n31–90 + 1·n91–365) × severity × recency)',
  },
  'plates.eval.progress': {
    es: 'Evaluando placas {done}/{total}',
    en: 'Evaluating plates {done}/{total}',
  },
  'plates.read.again': { es: 'Leer placa de nuevo', en: 'Read plate again' },
  'plates.read.againHint': {
    es: 'Vuelve a leer la placa sobre la evidencia guardada (no la modifica). Aceptar una lectura corrige la placa y queda en el historial.',
    en: 'Reads the plate again on the stored evidence (which is not changed). Accepting a reading corrects the plate and is kept in the history.',
  },
  'plates.read.running': { es: 'Leyendo la placa…', en: 'Reading the plate…' },
  'plates.read.title': { es: 'Nueva lectura', en: 'New reading' },
  'plates.read.source.crop': { es: 'sobre el recorte del vehículo', en: 'on the vehicle crop' },
  'plates.read.source.snapshot': { es: 'sobre la captura', en: 'on the snapshot' },
  'plates.read.elapsed': { es: '{ms} ms', en: '{ms} ms' },
  'plates.read.same': {
    es: 'Coincide con la placa registrada.',
    en: 'Same as the recorded plate.',
  },
  'plates.read.noPlate': { es: 'Sin placa: {reason}', en: 'No plate: {reason}' },
  'plates.read.candidates': { es: 'Candidatas', en: 'Candidates' },
  'plates.read.candidate': {
    es: '{text} (lectura {raw}, puntuación {score})',
    en: '{text} (read {raw}, score {score})',
  },
  'plates.read.accept': { es: 'Aceptar {text}', en: 'Accept {text}' },
  'plates.read.cropAlt': {
    es: 'Placa recortada de la nueva lectura (no se guarda)',
    en: 'Plate cut out by the new reading (not stored)',
  },
  'plates.read.notFound': { es: 'La infracción no existe.', en: 'The infraction does not exist.' },
  'plates.read.noImage': {
    es: 'La infracción no tiene recorte ni captura que leer (no se guardaron, se eliminaron o aún se descargan).',
    en: 'The infraction has no crop or snapshot to read (never stored, deleted, or still downloading).',
  },
  'plates.read.evidenceModified': {
    es: 'La evidencia no coincide con su huella SHA-256: no se lee una evidencia alterada.',
    en: 'The evidence does not match its SHA-256 fingerprint: altered evidence is not read.',
  },
  'plates.read.evidenceMissing': {
    es: 'El archivo de evidencia falta en el disco.',
    en: 'The evidence file is missing on disk.',
  },
  'plates.read.noWorker': {
    es: 'No hay ningún proceso de análisis que pueda leer la placa.',
    en: 'No analysis process is available to read the plate.',
  },
  'plates.read.timeout': {
    es: 'El proceso de análisis no respondió a tiempo.',
    en: 'The analysis process did not answer in time.',
  },
  'plates.read.workerGone': {
    es: 'El proceso de análisis se detuvo antes de responder.',
    en: 'The analysis process stopped before answering.',
  },
  'plates.read.busy': {
    es: 'Hay varias lecturas en curso; inténtelo en unos segundos.',
    en: 'Several readings are in progress; try again in a few seconds.',
  },
  'plates.read.unavailable': {
    es: 'El lector de placas no se pudo cargar.',
    en: 'The plate reader could not be loaded.',
  },
  'plates.read.failed': { es: 'La lectura de la placa falló.', en: 'Reading the plate failed.' },
  'audit.infraction.plateRead': { es: 'Leyó la placa de nuevo', en: 'Read the plate again' },
} as const satisfies Messages;
