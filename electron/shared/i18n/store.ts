import type { Messages } from './catalog';

// Messages of the store area. Keys are dotted ("area.thing.detail"); each key holds its es and en
// text side by side.
export const storeMessages = {
  'store.error.schemaNewer': {
    es: 'La base de datos local (versión {found}) es más nueva que esta versión de Watcher (admite hasta {supported}). Actualice Watcher.',
    en: 'The local database (version {found}) is newer than this Watcher (supports up to {supported}). Update Watcher.',
  },
  'store.error.invalidCamera': {
    es: 'La configuración de la cámara no es válida.',
    en: 'The camera configuration is not valid.',
  },
  'store.error.invalidInfraction': {
    es: 'La infracción recibida no es válida y se descartó.',
    en: 'The infraction received is not valid and was discarded.',
  },
  'store.error.invalidInput': { es: 'Datos no válidos ({field}).', en: 'Invalid data ({field}).' },
  'store.error.notFound': {
    es: 'No se encontró el elemento {id}.',
    en: 'Item {id} was not found.',
  },
  'store.error.reasonRequired': {
    es: 'Indique el motivo del rechazo.',
    en: 'Give a reason for the rejection.',
  },
  'store.error.invalidTransition': {
    es: 'No se puede aplicar «{action}» a una infracción en estado «{status}».',
    en: 'Cannot apply "{action}" to an infraction that is "{status}".',
  },
  'store.error.alreadyDecided': {
    es: 'Ya fue decidida por {by} el {at} ({status}).',
    en: 'Already decided by {by} at {at} ({status}).',
  },
  'store.error.alreadyLocked': {
    es: 'La evidencia ya está bloqueada por {by}.',
    en: 'The evidence is already locked by {by}.',
  },
  'store.error.notLocked': {
    es: 'La evidencia no está bloqueada.',
    en: 'The evidence is not locked.',
  },
  'store.error.versionConflict': {
    es: 'La infracción cambió desde que la abrió. Vuelva a cargarla.',
    en: 'The infraction changed since you opened it. Reload it.',
  },
  'store.error.adminExists': {
    es: 'Ya existe un administrador. Inicie sesión.',
    en: 'An administrator already exists. Log in.',
  },
  'store.error.userExists': {
    es: 'El usuario {username} ya existe.',
    en: 'User {username} already exists.',
  },
  'store.error.lastAdmin': {
    es: 'No se puede quitar al último administrador activo.',
    en: 'The last active administrator cannot be removed.',
  },
  'store.error.invalidCredentials': {
    es: 'Usuario o contraseña incorrectos.',
    en: 'Wrong username or password.',
  },
  'store.error.locked': {
    es: 'Cuenta bloqueada por intentos fallidos hasta las {until}.',
    en: 'Account locked after failed attempts until {until}.',
  },
  'auth.error.busy': {
    es: 'Hay demasiados inicios de sesión en curso. Espere un momento y vuelva a intentarlo.',
    en: 'Too many sign-ins are in progress. Wait a moment and try again.',
  },
  'store.error.userDisabled': {
    es: 'Esta cuenta está desactivada.',
    en: 'This account is disabled.',
  },
  'store.error.weakPassword': {
    es: 'La contraseña debe tener al menos {min} caracteres.',
    en: 'The password must have at least {min} characters.',
  },
  'store.error.unauthenticated': { es: 'Inicie sesión para continuar.', en: 'Log in to continue.' },
  'store.error.forbidden': {
    es: 'Su rol ({role}) no permite esta acción.',
    en: 'Your role ({role}) does not allow this.',
  },
  'sync.error.auth': {
    es: 'El servidor PostgreSQL rechazó el usuario o la contraseña.',
    en: 'The PostgreSQL server rejected the user or password.',
  },
  'sync.error.database': {
    es: 'La base de datos indicada no existe en el servidor PostgreSQL.',
    en: 'The database does not exist on the PostgreSQL server.',
  },
  'sync.error.unreachable': {
    es: 'No se puede conectar con el servidor PostgreSQL; se reintentará.',
    en: 'Cannot reach the PostgreSQL server; retrying.',
  },
  'sync.error.timeout': {
    es: 'El servidor PostgreSQL no respondió a tiempo; se reintentará.',
    en: 'The PostgreSQL server did not answer in time; retrying.',
  },
  'sync.error.failed': {
    es: 'La sincronización falló; se reintentará.',
    en: 'Sync failed; retrying.',
  },
  'sync.error.schemaNewer': {
    es: 'El esquema compartido (versión {found}) es más nuevo que esta versión de Watcher (admite hasta {supported}). Actualice Watcher.',
    en: 'The shared schema (version {found}) is newer than this Watcher (supports up to {supported}). Update Watcher.',
  },
  'sync.error.notConfigured': {
    es: 'No hay un servidor compartido configurado.',
    en: 'No shared server is configured.',
  },
  'sync.error.unavailable': {
    es: 'Este equipo se inició sin sincronización.',
    en: 'This host was started without sync.',
  },
  'sync.state.disabled': { es: 'Trabajando solo en local', en: 'Working locally only' },
  'sync.state.connecting': {
    es: 'Conectando con el servidor compartido…',
    en: 'Connecting to the shared server…',
  },
  'sync.state.connected': { es: 'Sincronizado', en: 'In sync' },
  'sync.state.behind': { es: 'Pendientes de sincronizar: {n}', en: 'Waiting to sync: {n}' },
  'sync.state.error': { es: 'Error de sincronización: {reason}', en: 'Sync error: {reason}' },
  'review.status.pending': { es: 'Pendiente', en: 'Pending' },
  'review.status.validated': { es: 'Validada', en: 'Validated' },
  'review.status.rejected': { es: 'Rechazada', en: 'Rejected' },
  'review.status.appealed': { es: 'Apelada', en: 'Appealed' },
  'review.status.closed': { es: 'Cerrada', en: 'Closed' },
  'review.action.validate': { es: 'Validar', en: 'Validate' },
  'review.action.reject': { es: 'Rechazar', en: 'Reject' },
  'review.action.appeal': { es: 'Apelar', en: 'Appeal' },
  'review.action.close': { es: 'Cerrar', en: 'Close' },
  'role.admin': { es: 'Administrador', en: 'Administrator' },
  'role.supervisor': { es: 'Supervisor', en: 'Supervisor' },
  'role.operator': { es: 'Operador', en: 'Operator' },
  'role.auditor': { es: 'Auditor', en: 'Auditor' },
  'audit.verify.ok': {
    es: 'Registro de auditoría íntegro ({checked} entradas).',
    en: 'Audit log intact ({checked} entries).',
  },
  'audit.verify.broken': {
    es: 'Registro de auditoría alterado: {problems} problema(s) detectado(s).',
    en: 'Audit log altered: {problems} problem(s) found.',
  },
} as const satisfies Messages;
