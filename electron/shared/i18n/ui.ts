import type { Messages } from './catalog';

// Messages of the app shell and the wall (navigation, connection, common words, API errors). Keys are dotted ("area.thing.detail"); each key holds its es and
// en text side by side.
export const uiMessages = {
  'app.title': { es: 'Watcher · Sala de control', en: 'Watcher · Control room' },
  'app.connection.connecting': {
    es: 'Conectando con el servidor…',
    en: 'Connecting to the server…',
  },
  'app.connection.closed': {
    es: 'Sin conexión con el servidor. Reintentando…',
    en: 'Connection to the server lost. Retrying…',
  },
  'app.connection.open': { es: 'Conectado', en: 'Connected' },
  'app.language': { es: 'Idioma', en: 'Language' },
  'app.loading': { es: 'Cargando…', en: 'Loading…' },
  'nav.label': { es: 'Secciones', en: 'Sections' },
  'nav.wall': { es: 'Muro', en: 'Wall' },
  'nav.review': { es: 'Revisión', en: 'Review' },
  'nav.calibration': { es: 'Calibración y zonas', en: 'Calibration & zones' },
  'nav.reports': { es: 'Reportes', en: 'Reports' },
  'nav.system': { es: 'Sistema', en: 'System' },
  'nav.settings': { es: 'Configuración', en: 'Settings' },
  'common.confirm': { es: 'Confirmar', en: 'Confirm' },
  'common.cancel': { es: 'Cancelar', en: 'Cancel' },
  'ui.error.unexpected': { es: 'Error inesperado.', en: 'Unexpected error.' },
  'api.timeout': {
    es: 'El servidor no respondió a tiempo.',
    en: 'The server did not answer in time.',
  },
  'api.closed': {
    es: 'Se cerró la conexión con el servidor.',
    en: 'The connection to the server closed.',
  },
  'api.not_available': {
    es: 'Esta función no está disponible en este servidor.',
    en: 'This feature is not available on this server.',
  },
  'api.unknown_method': {
    es: 'Esta función no está disponible en este servidor.',
    en: 'This feature is not available on this server.',
  },
  'api.invalid_params': { es: 'Datos no válidos.', en: 'Invalid data.' },
  'api.internal': { es: 'Error interno del servidor.', en: 'Internal server error.' },
  'wall.title': { es: 'Muro de cámaras', en: 'Camera wall' },
  'wall.empty': { es: 'No hay cámaras configuradas.', en: 'No cameras configured.' },
  'wall.layout': { es: 'Disposición', en: 'Layout' },
  'wall.layout.1': { es: '1', en: '1' },
  'wall.layout.2x2': { es: '2×2', en: '2×2' },
  'wall.layout.3x3': { es: '3×3', en: '3×3' },
  'wall.layout.4x4': { es: '4×4', en: '4×4' },
  'wall.unfocus': { es: 'Volver al muro (Esc)', en: 'Back to the wall (Esc)' },
  'wall.tileHint': {
    es: '{name}: arrastre para reordenar, doble clic o Intro para ampliar',
    en: '{name}: drag to reorder, double-click or Enter to enlarge',
  },
  'wall.infraction': { es: '¡Infracción!', en: 'Infraction!' },
  'camera.demo.name': { es: 'Demo · tráfico sintético', en: 'Demo · synthetic traffic' },
  'camera.state.connecting': { es: 'Conectando', en: 'Connecting' },
  'camera.state.streaming': { es: 'En vivo', en: 'Live' },
  'camera.state.stalled': { es: 'Sin imagen', en: 'No picture' },
  'camera.state.reconnecting': { es: 'Reconectando', en: 'Reconnecting' },
  'camera.state.error': { es: 'Error', en: 'Error' },
  'camera.state.stopped': { es: 'Detenida', en: 'Stopped' },
  'camera.fps': { es: '{fps} fps', en: '{fps} fps' },
  'camera.latency': { es: '{ms} ms', en: '{ms} ms' },
  'camera.latencyTitle': { es: 'Latencia de inferencia', en: 'Inference latency' },
  'ui.cameras.test.notFound': {
    es: 'No se encontró el archivo o recurso.',
    en: 'File or resource not found.',
  },
  'ui.cameras.test.unauthorized': {
    es: 'Usuario o contraseña de la cámara incorrectos.',
    en: 'Wrong camera username or password.',
  },
  'ui.cameras.test.unreachable': {
    es: 'No se puede alcanzar la cámara (red, dirección o puerto).',
    en: 'The camera cannot be reached (network, address or port).',
  },
  'ui.cameras.test.badStream': {
    es: 'La fuente no contiene video legible.',
    en: 'The source has no readable video.',
  },
  'ui.cameras.test.timeout': {
    es: 'La cámara no envió ningún cuadro a tiempo.',
    en: 'The camera sent no frame in time.',
  },
  'ui.cameras.test.failed': {
    es: 'No se pudo abrir la fuente.',
    en: 'The source could not be opened.',
  },
  'ui.config.corrupt': {
    es: 'El archivo de configuración guardado está dañado.',
    en: 'The saved configuration file is damaged.',
  },
  'ui.config.incompatible': {
    es: 'La versión guardada tiene un formato distinto y no se puede editar aquí.',
    en: 'The saved version has a different format and cannot be edited here.',
  },
  'ui.evidence.noStore': {
    es: 'Este servidor no tiene almacén de evidencias.',
    en: 'This server has no evidence store.',
  },
  'ui.evidence.notFound': { es: 'Infracción no encontrada.', en: 'Infraction not found.' },
  'ui.evidence.missing': {
    es: 'La infracción no tiene este tipo de evidencia.',
    en: 'The infraction has no evidence of this kind.',
  },
  'ui.evidence.pruned': {
    es: 'La evidencia fue eliminada por la política de retención.',
    en: 'The evidence was deleted by the retention policy.',
  },
  'ui.evidence.downloading': {
    es: 'La evidencia aún se está descargando del servidor compartido.',
    en: 'The evidence is still downloading from the shared server.',
  },
  'ui.evidence.modified': {
    es: 'Los segmentos del clip ya no coinciden con su sello: no se exporta un vídeo alterado.',
    en: "The clip's segments no longer match their seal: an altered video is not exported.",
  },
  'ui.evidence.fileMissing': {
    es: 'El archivo de evidencia falta en el disco.',
    en: 'The evidence file is missing on disk.',
  },
  'ui.evidence.packageUnsealed': {
    es: 'No se encuentra el evento sellado de esta infracción: no se puede exportar.',
    en: 'The sealed event of this infraction cannot be found: it cannot be exported.',
  },
  'ui.evidence.tooLarge': {
    es: 'El archivo de evidencia es demasiado grande para mostrarlo.',
    en: 'The evidence file is too large to show.',
  },
  'ui.reports.noStore': {
    es: 'Los reportes de infracciones necesitan la base de infracciones.',
    en: 'Infraction reports need the infraction store.',
  },
  'ui.reports.noDate': { es: 'Indique una fecha.', en: 'Choose a date.' },
  'ui.reports.noRange': {
    es: 'Indique las fechas desde y hasta.',
    en: 'Choose the from and to dates.',
  },
  'ui.reports.badRange': {
    es: 'La fecha final ({to}) es anterior a la inicial ({from}).',
    en: 'The end date ({to}) is before the start date ({from}).',
  },
  'ui.reports.rangeTooLong': {
    es: 'El periodo tiene {days} días; el máximo es {max}.',
    en: 'The period has {days} days; the most is {max}.',
  },
  'ui.reports.busy': {
    es: 'Ya se están generando varias exportaciones; espere a que terminen.',
    en: 'Several exports are already being built; wait for them to finish.',
  },
  'ui.reports.jobNotFound': {
    es: 'La exportación ya no existe (terminó hace tiempo o es de otro usuario).',
    en: 'The export no longer exists (it finished long ago or belongs to another user).',
  },
  'ui.reports.cancelled': { es: 'Exportación cancelada.', en: 'Export cancelled.' },
  'ui.reports.failed': { es: 'No se pudo generar el archivo.', en: 'The file could not be built.' },
  'ui.calibration.invalid': {
    es: 'La calibración no es válida: {details}',
    en: 'The calibration is not valid: {details}',
  },
  'ui.rules.invalid': {
    es: 'Las zonas y reglas no son válidas: {details}',
    en: 'The zones and rules are not valid: {details}',
  },
} as const satisfies Messages;
