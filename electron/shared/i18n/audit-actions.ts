import type { Messages } from './catalog';

// Labels of the audit actions written by alarms, notifications, scheduled reports, API keys and
// the REST API: the audit view shows `audit.<action>` (translateOr falls back to the raw name).
// Each key holds its es and en text side by side.
export const auditActionsMessages = {
  'audit.alarm.acknowledge': { es: 'Reconoció la alarma', en: 'Acknowledged the alarm' },
  'audit.alarm.start': { es: 'Empezó a atender la alarma', en: 'Started working on the alarm' },
  'audit.alarm.hold': { es: 'Puso la alarma en espera', en: 'Put the alarm on hold' },
  'audit.alarm.close': { es: 'Cerró la alarma', en: 'Closed the alarm' },
  'audit.alarm.reopen': { es: 'Reabrió la alarma', en: 'Reopened the alarm' },
  'audit.alarm.assign': { es: 'Asignó la alarma', en: 'Assigned the alarm' },
  'audit.alarm.comment': { es: 'Comentó la alarma', en: 'Commented on the alarm' },
  'audit.alarm.settings': {
    es: 'Cambió la configuración de alarmas',
    en: 'Changed the alarm settings',
  },
  'audit.alarm.autoClose': {
    es: 'Alarma cerrada automáticamente',
    en: 'Alarm closed automatically',
  },
  'audit.notify.saveChannel': {
    es: 'Guardó un canal de notificación',
    en: 'Saved a notification channel',
  },
  'audit.notify.deleteChannel': {
    es: 'Eliminó un canal de notificación',
    en: 'Deleted a notification channel',
  },
  'audit.notify.saveRoute': {
    es: 'Guardó una ruta de notificación',
    en: 'Saved a notification route',
  },
  'audit.notify.deleteRoute': {
    es: 'Eliminó una ruta de notificación',
    en: 'Deleted a notification route',
  },
  'audit.notify.retry': {
    es: 'Reintentó una notificación',
    en: 'Retried a notification',
  },
  'audit.schedules.create': {
    es: 'Creó un informe programado',
    en: 'Created a scheduled report',
  },
  'audit.schedules.update': {
    es: 'Modificó un informe programado',
    en: 'Changed a scheduled report',
  },
  'audit.schedules.delete': {
    es: 'Eliminó un informe programado',
    en: 'Deleted a scheduled report',
  },
  'audit.schedules.runNow': {
    es: 'Ejecutó ahora un informe programado',
    en: 'Ran a scheduled report now',
  },
  'audit.apikey.create': { es: 'Creó una clave de API', en: 'Created an API key' },
  'audit.apikey.revoke': { es: 'Revocó una clave de API', en: 'Revoked an API key' },
  'audit.api.rest': {
    es: 'Usó la API REST',
    en: 'Used the REST API',
  },
  'audit.sync.alarmConflict': {
    es: 'Conflicto de sincronización en una alarma',
    en: 'Sync conflict on an alarm',
  },
} satisfies Messages;
