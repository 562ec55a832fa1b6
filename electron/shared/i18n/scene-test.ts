import type { Messages } from './catalog';

// Messages of the calibration tool's test mode (replay the last minute with the draft settings).
// Keys are dotted ("area.thing.detail"); each key holds its es and en text side by side.
export const sceneTestMessages = {
  'calib.test.title': { es: 'Probar el borrador', en: 'Test the draft' },
  'calib.test.help': {
    es: 'Repite los últimos segundos de la cámara con la calibración, zonas y líneas de la pantalla (sin guardar) y muestra lo que se habría disparado. No se guarda nada ni se generan evidencias.',
    en: "Replays the camera's last seconds with the calibration, zones and lines on screen (unsaved) and shows what would have fired. Nothing is saved and no evidence is written.",
  },
  'calib.test.seconds': { es: 'Segundos a repetir', en: 'Seconds to replay' },
  'calib.test.run': { es: 'Probar', en: 'Test' },
  'calib.test.running': { es: 'Repitiendo la escena…', en: 'Replaying the scene…' },
  'calib.test.summary': {
    es: '{frames} cuadros de {from} a {to}: {events} eventos.',
    en: '{frames} frames from {from} to {to}: {events} events.',
  },
  'calib.test.none': {
    es: 'Con este borrador no se habría disparado nada.',
    en: 'Nothing would have fired with this draft.',
  },
  'calib.test.truncated': {
    es: 'Se muestran los primeros {n} eventos.',
    en: 'Showing the first {n} events.',
  },
  'calib.test.stale': {
    es: 'El borrador cambió después de la prueba; vuelva a probar.',
    en: 'The draft changed after this test; test again.',
  },
  'calib.test.counts': { es: 'Conteos por línea', en: 'Counts per line' },
  'calib.test.events': { es: 'Lo que se habría disparado', en: 'What would have fired' },
  'calib.test.col.line': { es: 'Línea', en: 'Line' },
  'calib.test.col.direction': { es: 'Sentido', en: 'Direction' },
  'calib.test.col.count': { es: 'Cantidad', en: 'Count' },
  'calib.test.col.time': { es: 'Hora', en: 'Time' },
  'calib.test.col.type': { es: 'Tipo', en: 'Type' },
  'calib.test.col.track': { es: 'Objeto', en: 'Object' },
  'calib.test.col.measure': { es: 'Medida', en: 'Measure' },
  'calib.test.col.where': { es: 'Zona o línea', en: 'Zone or line' },
  'calib.test.type.count': { es: 'Conteo', en: 'Count' },
  'calib.test.track': { es: '#{id} {label}', en: '#{id} {label}' },
  'calib.test.speedOverLimit': {
    es: '{speed} (límite {limit} km/h)',
    en: '{speed} (limit {limit} km/h)',
  },
  'calib.test.dwell': { es: '{sec} s en la zona', en: '{sec} s in the zone' },
  'calib.test.redFor': { es: '{sec} s después del rojo', en: '{sec} s after red' },
  'calib.test.showEvent': {
    es: 'Mostrar el evento {n} en la imagen',
    en: 'Show event {n} on the frame',
  },
  'calib.test.clear': { es: 'Quitar resultados', en: 'Clear results' },
  'calib.test.markers': {
    es: '{n} marcas de la prueba sobre la imagen',
    en: '{n} test markers on the frame',
  },
  'ui.rules.test.notRunning': {
    es: 'La cámara no está en marcha: no hay detecciones que repetir.',
    en: 'The camera is not running: there are no detections to replay.',
  },
  'ui.rules.test.noHistory': {
    es: 'La cámara aún no tiene detecciones recientes que repetir; espere unos segundos y vuelva a probar.',
    en: 'The camera has no recent detections to replay yet; wait a few seconds and test again.',
  },
  'ui.rules.test.timeout': {
    es: 'El proceso de análisis de la cámara no respondió a tiempo.',
    en: "The camera's analysis process did not answer in time.",
  },
  'ui.rules.test.workerGone': {
    es: 'El proceso de análisis de la cámara se reinició durante la prueba; vuelva a probar.',
    en: "The camera's analysis process restarted during the test; test again.",
  },
  'ui.rules.test.failed': {
    es: 'No se pudo repetir la escena.',
    en: 'The scene could not be replayed.',
  },
  'ui.rules.test.noRules': {
    es: 'El borrador no tiene reglas que probar: dibuje una línea o dé a una zona un límite de velocidad o una permanencia.',
    en: 'The draft has no rule to test: draw a line or give a zone a speed limit or a dwell time.',
  },
  'ui.rules.test.noCalibration': {
    es: 'Sin calibración no se miden velocidades: los límites de velocidad no se pueden probar.',
    en: 'Without a calibration there are no speeds: speed limits cannot be tested.',
  },
} as const satisfies Messages;
