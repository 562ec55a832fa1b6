import type { Catalog } from './catalog';

// Messages of the calibration tool's test mode (replay the last minute with the draft settings).
// Keys are dotted ("area.thing.detail"); every key exists in es and en.
export const sceneTestMessages: { es: Catalog; en: Catalog } = {
  es: {
    'calib.test.title': 'Probar el borrador',
    'calib.test.help':
      'Repite los últimos segundos de la cámara con la calibración, zonas y líneas de la pantalla (sin guardar) y muestra lo que se habría disparado. No se guarda nada ni se generan evidencias.',
    'calib.test.seconds': 'Segundos a repetir',
    'calib.test.run': 'Probar',
    'calib.test.running': 'Repitiendo la escena…',
    'calib.test.summary': '{frames} cuadros de {from} a {to}: {events} eventos.',
    'calib.test.none': 'Con este borrador no se habría disparado nada.',
    'calib.test.truncated': 'Se muestran los primeros {n} eventos.',
    'calib.test.stale': 'El borrador cambió después de la prueba; vuelva a probar.',
    'calib.test.counts': 'Conteos por línea',
    'calib.test.events': 'Lo que se habría disparado',
    'calib.test.col.line': 'Línea',
    'calib.test.col.direction': 'Sentido',
    'calib.test.col.count': 'Cantidad',
    'calib.test.col.time': 'Hora',
    'calib.test.col.type': 'Tipo',
    'calib.test.col.track': 'Objeto',
    'calib.test.col.measure': 'Medida',
    'calib.test.col.where': 'Zona o línea',
    'calib.test.type.count': 'Conteo',
    'calib.test.track': '#{id} {label}',
    'calib.test.speedOverLimit': '{speed} (límite {limit} km/h)',
    'calib.test.dwell': '{sec} s en la zona',
    'calib.test.redFor': '{sec} s después del rojo',
    'calib.test.showEvent': 'Mostrar el evento {n} en la imagen',
    'calib.test.clear': 'Quitar resultados',
    'calib.test.markers': '{n} marcas de la prueba sobre la imagen',
    'ui.rules.test.notRunning': 'La cámara no está en marcha: no hay detecciones que repetir.',
    'ui.rules.test.noHistory':
      'La cámara aún no tiene detecciones recientes que repetir; espere unos segundos y vuelva a probar.',
    'ui.rules.test.timeout': 'El proceso de análisis de la cámara no respondió a tiempo.',
    'ui.rules.test.workerGone':
      'El proceso de análisis de la cámara se reinició durante la prueba; vuelva a probar.',
    'ui.rules.test.failed': 'No se pudo repetir la escena.',
    'ui.rules.test.noRules':
      'El borrador no tiene reglas que probar: dibuje una línea o dé a una zona un límite de velocidad o una permanencia.',
    'ui.rules.test.noCalibration':
      'Sin calibración no se miden velocidades: los límites de velocidad no se pueden probar.',
  },
  en: {
    'calib.test.title': 'Test the draft',
    'calib.test.help':
      "Replays the camera's last seconds with the calibration, zones and lines on screen (unsaved) and shows what would have fired. Nothing is saved and no evidence is written.",
    'calib.test.seconds': 'Seconds to replay',
    'calib.test.run': 'Test',
    'calib.test.running': 'Replaying the scene…',
    'calib.test.summary': '{frames} frames from {from} to {to}: {events} events.',
    'calib.test.none': 'Nothing would have fired with this draft.',
    'calib.test.truncated': 'Showing the first {n} events.',
    'calib.test.stale': 'The draft changed after this test; test again.',
    'calib.test.counts': 'Counts per line',
    'calib.test.events': 'What would have fired',
    'calib.test.col.line': 'Line',
    'calib.test.col.direction': 'Direction',
    'calib.test.col.count': 'Count',
    'calib.test.col.time': 'Time',
    'calib.test.col.type': 'Type',
    'calib.test.col.track': 'Object',
    'calib.test.col.measure': 'Measure',
    'calib.test.col.where': 'Zone or line',
    'calib.test.type.count': 'Count',
    'calib.test.track': '#{id} {label}',
    'calib.test.speedOverLimit': '{speed} (limit {limit} km/h)',
    'calib.test.dwell': '{sec} s in the zone',
    'calib.test.redFor': '{sec} s after red',
    'calib.test.showEvent': 'Show event {n} on the frame',
    'calib.test.clear': 'Clear results',
    'calib.test.markers': '{n} test markers on the frame',
    'ui.rules.test.notRunning': 'The camera is not running: there are no detections to replay.',
    'ui.rules.test.noHistory':
      'The camera has no recent detections to replay yet; wait a few seconds and test again.',
    'ui.rules.test.timeout': "The camera's analysis process did not answer in time.",
    'ui.rules.test.workerGone':
      "The camera's analysis process restarted during the test; test again.",
    'ui.rules.test.failed': 'The scene could not be replayed.',
    'ui.rules.test.noRules':
      'The draft has no rule to test: draw a line or give a zone a speed limit or a dwell time.',
    'ui.rules.test.noCalibration':
      'Without a calibration there are no speeds: speed limits cannot be tested.',
  },
};
