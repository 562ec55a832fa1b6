import type { Messages } from './catalog';

// Notifications that leave the building: failure classes of channels (test-send and the
// delivery log), suppression reasons and the texts of the messages themselves.
export const notifyMessages = {
  'notify.error.dns': {
    es: 'No se encontró el servidor (DNS): {host}',
    en: 'Server not found (DNS): {host}',
  },
  'notify.error.connection': {
    es: 'Conexión rechazada o cortada por el servidor',
    en: 'Connection refused or reset by the server',
  },
  'notify.error.tls': {
    es: 'Error de TLS: certificado no válido o no confiable',
    en: 'TLS error: invalid or untrusted certificate',
  },
  'notify.error.auth': {
    es: 'Autenticación rechazada (usuario, contraseña o token)',
    en: 'Authentication rejected (user, password or token)',
  },
  'notify.error.timeout': { es: 'Tiempo de espera agotado', en: 'Timed out' },
  'notify.error.rejected': {
    es: 'El servidor de correo rechazó el mensaje',
    en: 'The mail server rejected the message',
  },
  'notify.error.send': { es: 'No se pudo enviar', en: 'Could not send' },
  'notify.error.http': {
    es: 'El servidor respondió HTTP {status}',
    en: 'The server answered HTTP {status}',
  },
  'notify.error.plaintext': {
    es: 'El servidor no ofrece STARTTLS; se rechaza enviar en texto plano',
    en: 'The server does not offer STARTTLS; sending in plaintext is refused',
  },
  'notify.error.badResponse': {
    es: 'Respuesta no válida del servicio: {detail}',
    en: 'Invalid answer from the service: {detail}',
  },
  'notify.error.noSecret': {
    es: 'El canal no tiene secreto configurado',
    en: 'The channel has no secret configured',
  },
  'notify.error.channelNotFound': { es: 'Canal no encontrado: {id}', en: 'Channel not found: {id}' },
  'notify.error.channelDisabled': { es: 'Canal desactivado', en: 'Channel disabled' },
  'notify.error.channelInUse': {
    es: 'El canal lo usan las rutas: {routes}',
    en: 'The channel is used by routes: {routes}',
  },
  'notify.error.deliveryNotFound': {
    es: 'Envío no encontrado: {id}',
    en: 'Delivery not found: {id}',
  },
  'notify.error.notRetryable': {
    es: 'Solo se reintenta un envío fallido o suprimido',
    en: 'Only a failed or suppressed delivery can be retried',
  },
  'notify.error.badTimeZone': {
    es: 'Zona horaria desconocida: {timeZone}',
    en: 'Unknown time zone: {timeZone}',
  },
  'notify.error.budget': {
    es: 'Se agotaron los reintentos ({attempts} intentos)',
    en: 'Retries exhausted ({attempts} attempts)',
  },
  'notify.suppressed.rate': {
    es: 'Suprimido: la ruta superó {limit} por minuto',
    en: 'Suppressed: the route exceeded {limit} per minute',
  },
  'notify.suppressed.quietHours': {
    es: 'Suprimido: horario de silencio de la ruta',
    en: 'Suppressed: the route’s quiet hours',
  },
  'notify.suppressed.dedup': {
    es: 'Suprimido: el mismo evento ya se notificó hace menos de {seconds} s',
    en: 'Suppressed: the same event was notified less than {seconds} s ago',
  },
  'notify.message.alarm': {
    es: 'Alarma P{priority}: {what} en {camera}',
    en: 'Alarm P{priority}: {what} at {camera}',
  },
  'notify.message.infraction': {
    es: 'Infracción: {what} en {camera}',
    en: 'Infraction: {what} at {camera}',
  },
  'notify.message.test': {
    es: 'Prueba de notificación de Watcher',
    en: 'Watcher notification test',
  },
  'notify.message.report': { es: 'Reporte: {what}', en: 'Report: {what}' },
  'notify.message.when': { es: 'Cuándo', en: 'When' },
  'notify.message.camera': { es: 'Cámara', en: 'Camera' },
  'notify.message.zone': { es: 'Zona', en: 'Zone' },
  'notify.message.type': { es: 'Tipo', en: 'Type' },
  'notify.message.priority': { es: 'Prioridad', en: 'Priority' },
  'notify.message.count': { es: 'Eventos agrupados', en: 'Grouped events' },
  'notify.message.plate': { es: 'Placa', en: 'Plate' },
  'notify.message.snapshot': { es: 'Imagen del evento', en: 'Event snapshot' },
  'notify.message.footer': {
    es: 'Enviado por Watcher. Revise el evento en la sala de control.',
    en: 'Sent by Watcher. Review the event in the control room.',
  },
} satisfies Messages;
