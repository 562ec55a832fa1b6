import type { Messages } from './catalog';

// Messages of Settings → API keys (keys for the REST API under /api/v1) and the error codes of
// the apikeys.* methods. Each key holds its es and en text side by side.
export const apiKeysMessages = {
  'apikeys.ui.title': { es: 'Claves de API', en: 'API keys' },
  'apikeys.ui.intro': {
    es: 'Claves para que otros sistemas usen la API REST (/api/v1): cada clave tiene permisos (alcances), un límite de solicitudes por minuto y, opcionalmente, una caducidad. Vea docs/api.md.',
    en: 'Keys for other systems to use the REST API (/api/v1): each key has permissions (scopes), a limit of requests per minute and, optionally, an expiry. See docs/api.md.',
  },
  'apikeys.ui.unavailable': {
    es: 'Solo los administradores gestionan las claves de API.',
    en: 'Only administrators manage API keys.',
  },
  'apikeys.ui.none': { es: 'Aún no hay claves de API.', en: 'No API keys yet.' },
  'apikeys.ui.tableCaption': { es: 'Claves de API', en: 'API keys' },
  'apikeys.ui.col.name': { es: 'Nombre', en: 'Name' },
  'apikeys.ui.col.id': { es: 'Id', en: 'Id' },
  'apikeys.ui.col.scopes': { es: 'Alcances', en: 'Scopes' },
  'apikeys.ui.col.rate': { es: 'Límite', en: 'Rate' },
  'apikeys.ui.col.expires': { es: 'Caduca', en: 'Expires' },
  'apikeys.ui.col.lastUsed': { es: 'Último uso', en: 'Last used' },
  'apikeys.ui.col.state': { es: 'Estado', en: 'State' },
  'apikeys.ui.col.actions': { es: 'Acciones', en: 'Actions' },
  'apikeys.ui.ratePerMinute': { es: '{n}/min', en: '{n}/min' },
  'apikeys.ui.never': { es: 'Nunca', en: 'Never' },
  'apikeys.ui.state.active': { es: 'Activa', en: 'Active' },
  'apikeys.ui.state.expired': { es: 'Caducada', en: 'Expired' },
  'apikeys.ui.state.revoked': { es: 'Revocada ({by})', en: 'Revoked ({by})' },
  'apikeys.ui.revoke': { es: 'Revocar', en: 'Revoke' },
  'apikeys.ui.revoke.confirm': {
    es: '¿Revocar la clave «{name}»? Los sistemas que la usan dejarán de tener acceso de inmediato.',
    en: 'Revoke the key "{name}"? Systems using it lose access at once.',
  },
  'apikeys.ui.revoked': { es: 'Clave «{name}» revocada.', en: 'Key "{name}" revoked.' },
  'apikeys.ui.create': { es: 'Crear clave', en: 'Create key' },
  'apikeys.ui.name': { es: 'Nombre (para qué sistema)', en: 'Name (which system it is for)' },
  'apikeys.ui.scopes': { es: 'Alcances', en: 'Scopes' },
  'apikeys.ui.expiresDays': {
    es: 'Caduca en (días, vacío: nunca)',
    en: 'Expires in (days, empty: never)',
  },
  'apikeys.ui.rate': { es: 'Solicitudes por minuto', en: 'Requests per minute' },
  'apikeys.ui.needScope': { es: 'Elija al menos un alcance.', en: 'Choose at least one scope.' },
  'apikeys.ui.created': {
    es: 'Clave «{name}» creada. Cópiela ahora: no se volverá a mostrar.',
    en: 'Key "{name}" created. Copy it now: it will not be shown again.',
  },
  'apikeys.ui.copy': { es: 'Copiar', en: 'Copy' },
  'apikeys.ui.copied': { es: 'Copiada', en: 'Copied' },
  'apikeys.ui.dismiss': { es: 'Ya la guardé', en: 'I have stored it' },
  'apikeys.ui.newKeyLabel': { es: 'Nueva clave de API', en: 'New API key' },
  'apikeys.scope.infractions-read': {
    es: 'Leer infracciones',
    en: 'Read infractions',
  },
  'apikeys.scope.infractions-decide': {
    es: 'Decidir infracciones',
    en: 'Decide infractions',
  },
  'apikeys.scope.evidence-read': {
    es: 'Descargar evidencias y paquetes',
    en: 'Download evidence and packages',
  },
  'apikeys.scope.cameras-read': { es: 'Ver cámaras y su estado', en: 'See cameras and status' },
  'apikeys.scope.signals-write': {
    es: 'Enviar fases de semáforo',
    en: 'Push traffic-light phases',
  },
  'apikeys.scope.frames-write': { es: 'Analizar imágenes', en: 'Analyse images' },
  'apikeys.scope.alarms-read': { es: 'Leer alarmas', en: 'Read alarms' },
  'apikeys.error.notFound': {
    es: 'No existe la clave de API {id}.',
    en: 'There is no API key {id}.',
  },
  'apikeys.error.noStore': {
    es: 'Este equipo no tiene base de datos para claves de API.',
    en: 'This host has no database for API keys.',
  },
} satisfies Messages;
