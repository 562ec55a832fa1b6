import type { Messages } from './catalog';

// Messages of the per-role UI (why a control is disabled), the audit log view and the account
// administration added to Settings → Users. Each key holds its es and en text side by side.
export const accessMessages = {
  'nav.audit': { es: 'Auditoría', en: 'Audit log' },
  'access.viewDenied': {
    es: 'Su rol ({role}) no tiene acceso a esta sección.',
    en: 'Your role ({role}) has no access to this section.',
  },
  'access.denied.live': {
    es: 'Su rol ({role}) no puede ver las cámaras.',
    en: 'Your role ({role}) cannot see the cameras.',
  },
  'access.denied.review.read': {
    es: 'Su rol ({role}) no puede ver los casos.',
    en: 'Your role ({role}) cannot see the cases.',
  },
  'access.denied.review.decide': {
    es: 'Su rol ({role}) no puede decidir sobre los casos.',
    en: 'Your role ({role}) cannot decide on cases.',
  },
  'access.denied.reports': {
    es: 'Su rol ({role}) no puede ver los reportes.',
    en: 'Your role ({role}) cannot read reports.',
  },
  'access.denied.config': {
    es: 'Su rol ({role}) no puede cambiar la configuración.',
    en: 'Your role ({role}) cannot change settings.',
  },
  'access.denied.users': {
    es: 'Solo un administrador gestiona las cuentas.',
    en: 'Only an administrator manages accounts.',
  },
  'access.denied.audit': {
    es: 'Su rol ({role}) no puede ver el registro de auditoría.',
    en: 'Your role ({role}) cannot see the audit log.',
  },
  'access.denied.sync.admin': {
    es: 'Solo un administrador configura la base de datos compartida.',
    en: 'Only an administrator configures the shared database.',
  },
  'access.denied.models.admin': {
    es: 'Solo un administrador importa o elimina modelos.',
    en: 'Only an administrator imports or removes models.',
  },
  'access.denied.evidence.lock': {
    es: 'Su rol ({role}) no puede bloquear evidencia.',
    en: 'Your role ({role}) cannot lock evidence.',
  },
  'access.denied.alarms.act': {
    es: 'Su rol ({role}) no puede actuar sobre alarmas.',
    en: 'Your role ({role}) cannot act on alarms.',
  },
  'access.denied.notify.admin': {
    es: 'Solo un administrador gestiona las notificaciones.',
    en: 'Only an administrator manages notifications.',
  },
  'access.denied.integrations': {
    es: 'Solo un administrador gestiona las integraciones.',
    en: 'Only an administrator manages integrations.',
  },
  'access.denied.fines.admin': {
    es: 'Solo un administrador edita el catálogo de multas.',
    en: 'Only an administrator edits the catalogue of fines.',
  },
  'access.denied.other': {
    es: 'Su rol ({role}) no permite esta acción.',
    en: 'Your role ({role}) does not allow this action.',
  },
  'audit.ui.title': { es: 'Registro de auditoría', en: 'Audit log' },
  'audit.ui.intro': {
    es: 'Cada acción queda registrada en una cadena de hashes: modificar o borrar una entrada rompe la cadena y la verificación lo detecta.',
    en: 'Every action is recorded in a hash chain: changing or deleting an entry breaks the chain and verification finds it.',
  },
  'audit.ui.filters': { es: 'Filtros del registro', en: 'Audit log filters' },
  'audit.ui.actor': { es: 'Usuario', en: 'User' },
  'audit.ui.action': { es: 'Acción', en: 'Action' },
  'audit.ui.target': { es: 'Objeto', en: 'Target' },
  'audit.ui.from': { es: 'Desde', en: 'From' },
  'audit.ui.to': { es: 'Hasta', en: 'To' },
  'audit.ui.at': { es: 'Fecha y hora', en: 'Date and time' },
  'audit.ui.details': { es: 'Detalles', en: 'Details' },
  'audit.ui.origin': { es: 'Estación', en: 'Workstation' },
  'audit.ui.search': { es: 'Buscar', en: 'Search' },
  'audit.ui.more': { es: 'Cargar más antiguas', en: 'Load older entries' },
  'audit.ui.empty': { es: 'No hay entradas con estos filtros.', en: 'No entries match.' },
  'audit.ui.count': { es: '{n} entradas mostradas', en: '{n} entries shown' },
  'audit.ui.verify': { es: 'Verificar la cadena', en: 'Verify the chain' },
  'audit.ui.verifying': { es: 'Verificando…', en: 'Verifying…' },
  'audit.ui.verifyOk': {
    es: 'Cadena íntegra: {n} entradas comprobadas.',
    en: 'Chain intact: {n} entries checked.',
  },
  'audit.ui.verifyBad': {
    es: 'La cadena tiene {problems} problemas en {n} entradas comprobadas.',
    en: 'The chain has {problems} problems in {n} entries checked.',
  },
  'audit.ui.problem.modified': { es: 'modificada', en: 'modified' },
  'audit.ui.problem.missing': { es: 'falta', en: 'missing' },
  'audit.ui.problem.broken-link': { es: 'enlace roto', en: 'broken link' },
  'users.ui.resetPassword': { es: 'Restablecer contraseña', en: 'Reset password' },
  'users.ui.newPasswordFor': {
    es: 'Nueva contraseña para {name}',
    en: 'New password for {name}',
  },
  'users.ui.passwordReset': {
    es: 'Contraseña de {name} restablecida; sus sesiones se cerraron.',
    en: 'Password of {name} reset; their sessions were closed.',
  },
  'users.ui.lastAdmin': {
    es: 'Es el último administrador activo: no se puede desactivar ni cambiar su rol.',
    en: 'This is the last active administrator: it cannot be disabled or given another role.',
  },
  'users.ui.passwordHint': {
    es: 'Al menos {min} caracteres.',
    en: 'At least {min} characters.',
  },
  'account.ui.title': { es: 'Mi cuenta', en: 'My account' },
  'account.ui.signedInAs': {
    es: 'Sesión iniciada como {name} ({role}).',
    en: 'Signed in as {name} ({role}).',
  },
  'account.ui.current': { es: 'Contraseña actual', en: 'Current password' },
  'account.ui.new': { es: 'Contraseña nueva', en: 'New password' },
  'account.ui.change': { es: 'Cambiar contraseña', en: 'Change password' },
  'account.ui.changed': { es: 'Contraseña cambiada.', en: 'Password changed.' },
} satisfies Messages;
