import type { Messages } from './catalog';

// Messages of the alarms area (host side): error codes of alarms.*, the texts of system alarms
// (source.messageKey with source.params) and the history texts the host writes itself.
export const alarmsMessages = {
  'alarms.error.notFound': { es: 'La alarma {id} no existe.', en: 'Alarm {id} does not exist.' },
  'alarms.error.invalidTransition': {
    es: 'No se puede aplicar «{action}» a una alarma en estado «{state}».',
    en: 'Cannot apply "{action}" to an alarm that is "{state}".',
  },
  'alarms.error.alreadyAcknowledged': {
    es: 'La alarma ya fue reconocida por {by}.',
    en: 'The alarm was already acknowledged by {by}.',
  },
  'alarms.error.reasonRequired': {
    es: 'Indique un motivo para cerrar la alarma.',
    en: 'Give a reason for closing the alarm.',
  },
  'alarms.error.versionConflict': {
    es: 'La alarma cambió desde que la abrió ({by}, ahora «{state}», versión {version}). Vuelva a cargarla.',
    en: 'The alarm changed since you opened it ({by}, now "{state}", version {version}). Reload it.',
  },
  'alarms.system.cameraOffline': {
    es: 'La cámara {cameraId} no transmite desde hace {sec} s ({state}).',
    en: 'Camera {cameraId} has not been streaming for {sec} s ({state}).',
  },
  'alarms.system.workerRestarts': {
    es: 'El proceso de análisis {workerId} se reinició {count} veces en {minutes} minutos.',
    en: 'Analysis process {workerId} restarted {count} times within {minutes} minutes.',
  },
  'alarms.system.diskBudget': {
    es: 'La evidencia de la cámara {cameraId} usa el {percent} % de su cupo de disco (umbral {limit} %).',
    en: "Camera {cameraId}'s evidence uses {percent}% of its disk budget (threshold {limit}%).",
  },
  'alarms.system.syncFailing': {
    es: 'La sincronización con el servidor compartido falla desde hace {sec} s ({code}).',
    en: 'Sync with the shared server has been failing for {sec} s ({code}).',
  },
  'alarms.system.providerFallback': {
    es: 'La cámara {cameraId} analiza en la CPU ({provider}) en lugar de {requested}.',
    en: 'Camera {cameraId} is analysing on the CPU ({provider}) instead of {requested}.',
  },
  'alarms.history.conditionCleared': {
    es: 'La condición desapareció; la alarma queda abierta hasta que un operador la cierre.',
    en: 'The condition cleared; the alarm stays open until an operator closes it.',
  },
  'alarms.history.conditionReturned': {
    es: 'La condición volvió a presentarse.',
    en: 'The condition returned.',
  },
  'alarms.history.autoClosed': {
    es: 'Cerrada automáticamente (prioridad baja, sin actividad).',
    en: 'Closed automatically (low priority, no activity).',
  },
  'alarms.history.syncConflict': {
    es: 'Otro puesto cambió la alarma primero; se descartó «{action}» de {by}.',
    en: 'Another workstation changed the alarm first; "{action}" by {by} was discarded.',
  },
} as const satisfies Messages;
