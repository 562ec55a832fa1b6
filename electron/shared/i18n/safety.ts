import type { Messages } from './catalog';

// Site safety: PPE requirements per zone, the PPE label mapping, anomaly alarms and baselines.
// Each key holds its es and en text side by side.
export const safetyMessages = {
  'nav.safety': { es: 'Seguridad', en: 'Safety' },
  'safety.title': { es: 'Seguridad del sitio', en: 'Site safety' },
  'safety.camera': { es: 'Cámara', en: 'Camera' },
  'safety.noCameras': { es: 'No hay cámaras configuradas.', en: 'No cameras are configured.' },
  'safety.noZones': {
    es: 'Esta cámara aún no tiene zonas. Dibújelas en «Calibración y zonas».',
    en: 'This camera has no zones yet. Draw them in "Calibration & zones".',
  },
  'safety.ppe.title': {
    es: 'Equipo de protección personal (EPP)',
    en: 'Personal protective equipment (PPE)',
  },
  'safety.ppe.help': {
    es: 'Elija qué equipo se exige en cada zona. Una persona sin él durante el tiempo mínimo genera una alarma de seguridad con evidencia (no una multa).',
    en: 'Choose what equipment each zone requires. A person without it for the minimum time raises a safety alarm with evidence (not a fine).',
  },
  'safety.ppe.zone': { es: 'Zona', en: 'Zone' },
  'safety.ppe.required': { es: 'Exigir EPP', en: 'Require PPE' },
  'safety.ppe.items': { es: 'Equipo exigido', en: 'Required equipment' },
  'safety.ppe.minDuration': {
    es: 'Tiempo mínimo sin el equipo (s)',
    en: 'Minimum time without it (s)',
  },
  'safety.ppe.severity': { es: 'Gravedad', en: 'Severity' },
  'safety.ppe.personClasses': { es: 'Clases de persona', en: 'Person classes' },
  'safety.ppe.labels.title': { es: 'Etiquetas del modelo de EPP', en: 'PPE model labels' },
  'safety.ppe.labels.help': {
    es: 'Nombres de clase que usa el modelo de EPP importado para cada equipo, separados por comas. Vacío: los nombres habituales.',
    en: 'Class names the imported PPE model uses for each item, comma-separated. Empty: the usual names.',
  },
  'safety.ppe.labels.present': { es: 'Lo lleva puesto', en: 'Worn' },
  'safety.ppe.labels.absent': {
    es: 'No lo lleva (si el modelo lo detecta)',
    en: 'Not worn (if the model detects it)',
  },
  'safety.ppe.save': { es: 'Guardar EPP', en: 'Save PPE' },
  'safety.ppe.saved': { es: 'Guardado como versión {version}.', en: 'Saved as version {version}.' },
  'safety.ppe.item.hard-hat': { es: 'Casco', en: 'Hard hat' },
  'safety.ppe.item.vest': { es: 'Chaleco reflectante', en: 'High-visibility vest' },
  'safety.ppe.item.gloves': { es: 'Guantes', en: 'Gloves' },
  'safety.ppe.item.goggles': { es: 'Gafas de protección', en: 'Safety goggles' },
  'safety.ppe.item.mask': { es: 'Mascarilla', en: 'Mask' },
  'safety.ppe.item.boots': { es: 'Calzado de seguridad', en: 'Safety boots' },
  'safety.ppe.item.harness': { es: 'Arnés', en: 'Harness' },
  'safety.severity.critical': { es: 'Crítica', en: 'Critical' },
  'safety.severity.high': { es: 'Alta', en: 'High' },
  'safety.severity.medium': { es: 'Media', en: 'Medium' },
  'safety.severity.low': { es: 'Baja', en: 'Low' },
  'safety.error.noZones': {
    es: 'La cámara {cameraId} aún no tiene zonas.',
    en: 'Camera {cameraId} has no zones yet.',
  },
  'safety.error.unknownZone': {
    es: 'No existe la zona «{zoneId}».',
    en: 'There is no zone "{zoneId}".',
  },
  'safety.error.versionConflict': {
    es: 'Las reglas de la cámara cambiaron (ahora versión {version}). Vuelva a cargarlas.',
    en: "The camera's rules changed (now version {version}). Reload them.",
  },
  'safety.anomaly.title': { es: 'Referencias de anomalías', en: 'Anomaly baselines' },
  'safety.anomaly.help': {
    es: 'Cada conteo aprende su semana habitual (por hora de la semana). Hasta reunir las semanas necesarias no marca anomalías.',
    en: 'Each count learns its usual week (per hour of the week). Until it has the weeks it needs, it flags nothing.',
  },
  'safety.anomaly.none': {
    es: 'Aún no hay conteos de líneas o zonas.',
    en: 'There are no line or zone counts yet.',
  },
  'safety.anomaly.target': { es: 'Línea o zona', en: 'Line or zone' },
  'safety.anomaly.class': { es: 'Clase', en: 'Class' },
  'safety.anomaly.status': { es: 'Estado', en: 'Status' },
  'safety.anomaly.learning': {
    es: 'Aprendiendo: {seen} de {needed} semanas',
    en: 'Learning: {seen} of {needed} weeks',
  },
  'safety.anomaly.ready': { es: 'Lista ({seen} semanas)', en: 'Ready ({seen} weeks)' },
  'safety.anomaly.all': { es: 'Todo', en: 'All' },
  'anomaly.alarm.volume.high': {
    es: 'Volumen inusual en {cameraId} ({target}, {classLabel}): {observed} por hora, lo esperado era {low}–{high} (habitual {expected}).',
    en: 'Unusual volume on {cameraId} ({target}, {classLabel}): {observed} per hour, expected {low}–{high} (usually {expected}).',
  },
  'anomaly.alarm.volume.low': {
    es: 'Volumen inusualmente bajo en {cameraId} ({target}, {classLabel}): {observed} por hora, lo esperado era {low}–{high} (habitual {expected}).',
    en: 'Unusually low volume on {cameraId} ({target}, {classLabel}): {observed} per hour, expected {low}–{high} (usually {expected}).',
  },
  'anomaly.alarm.volume.absence': {
    es: 'La cámara {cameraId} no ve nada ({target}, {classLabel}) a una hora en que suele ver {expected} (esperado {low}–{high}).',
    en: 'Camera {cameraId} sees nothing ({target}, {classLabel}) at an hour it usually sees {expected} (expected {low}–{high}).',
  },
  'anomaly.alarm.dwell.high': {
    es: 'Permanencia inusual en {cameraId} ({target}, {classLabel}): {observed} s, lo esperado era {low}–{high} s.',
    en: 'Unusual dwell on {cameraId} ({target}, {classLabel}): {observed} s, expected {low}–{high} s.',
  },
  'anomaly.alarm.dwell.low': {
    es: 'Permanencia inusualmente corta en {cameraId} ({target}, {classLabel}): {observed} s, lo esperado era {low}–{high} s.',
    en: 'Unusually short dwell on {cameraId} ({target}, {classLabel}): {observed} s, expected {low}–{high} s.',
  },
  'anomaly.alarm.dwell.absence': {
    es: 'Nadie permaneció en {cameraId} ({target}, {classLabel}); lo esperado era {low}–{high} s.',
    en: 'Nobody stayed on {cameraId} ({target}, {classLabel}); expected {low}–{high} s.',
  },
  'measure.frames': { es: 'Fotogramas evaluados', en: 'Frames judged' },
  'audit.safety.ppe.save': { es: 'Guardó los requisitos de EPP', en: 'Saved the PPE requirements' },
} as const satisfies Messages;
