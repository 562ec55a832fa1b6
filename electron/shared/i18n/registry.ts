import type { Messages } from './catalog';

// Messages of Settings → Model registry (versions by SHA-256, aliases per camera group, promotion
// with the shadow-mode gate, rollback), the registry.* error codes and its audit actions. Each key
// holds its es and en text side by side.
export const registryMessages = {
  'registry.ui.title': { es: 'Registro de modelos', en: 'Model registry' },
  'registry.ui.intro': {
    es: 'Cada archivo de modelo es una versión inmutable identificada por su SHA-256. Cada grupo de cámaras tiene un campeón y, opcionalmente, un retador que corre en sombra; las cámaras usan «registry:<grupo>/champion» o una versión fija.',
    en: 'Every model file is an immutable version identified by its SHA-256. Each camera group has a champion and optionally a challenger running in shadow; cameras use "registry:<group>/champion" or a fixed version.',
  },
  'registry.ui.unavailable': {
    es: 'El registro de modelos necesita la base de datos local.',
    en: 'The model registry needs the local database.',
  },
  'registry.ui.none': {
    es: 'Aún no hay versiones registradas.',
    en: 'No versions registered yet.',
  },
  'registry.ui.tableCaption': { es: 'Versiones de modelos', en: 'Model versions' },
  'registry.ui.col.name': { es: 'Nombre', en: 'Name' },
  'registry.ui.col.version': { es: 'Versión (SHA-256)', en: 'Version (SHA-256)' },
  'registry.ui.col.task': { es: 'Tarea', en: 'Task' },
  'registry.ui.col.layout': { es: 'Formato', en: 'Layout' },
  'registry.ui.col.input': { es: 'Entrada', en: 'Input' },
  'registry.ui.col.normalisation': { es: 'Normalización', en: 'Normalisation' },
  'registry.ui.col.labels': { es: 'Clases', en: 'Classes' },
  'registry.ui.col.licence': { es: 'Licencia', en: 'Licence' },
  'registry.ui.col.imported': { es: 'Importado', en: 'Imported' },
  'registry.ui.col.evaluations': { es: 'Evaluaciones', en: 'Evaluations' },
  'registry.ui.col.aliases': { es: 'Alias', en: 'Aliases' },
  'registry.ui.col.actions': { es: 'Acciones', en: 'Actions' },
  'registry.ui.task.detect': { es: 'Detección', en: 'Detection' },
  'registry.ui.task.classify': { es: 'Clasificación', en: 'Classification' },
  'registry.ui.task.embed': { es: 'Embedding', en: 'Embedding' },
  'registry.ui.importedBy': { es: '{at} por {by}', en: '{at} by {by}' },
  'registry.ui.notPresent': {
    es: 'archivo en camino desde otra estación',
    en: 'file still arriving from another workstation',
  },
  'registry.ui.noEvaluations': { es: 'ninguna', en: 'none' },
  'registry.ui.alias.champion': { es: 'Campeón', en: 'Champion' },
  'registry.ui.alias.challenger': { es: 'Retador', en: 'Challenger' },
  'registry.ui.aliasIn': { es: '{alias} en {group}', en: '{alias} in {group}' },
  'registry.ui.makeChampion': { es: 'Hacer campeón', en: 'Make champion' },
  'registry.ui.makeChallenger': { es: 'Hacer retador', en: 'Make challenger' },
  'registry.ui.register': { es: 'Registrar', en: 'Register' },
  'registry.ui.registerLabel': {
    es: 'Registrar un modelo instalado',
    en: 'Register an installed model',
  },
  'registry.ui.registered': { es: 'Versión {sha} registrada.', en: 'Version {sha} registered.' },
  'registry.ui.already': {
    es: 'Esos bytes ya son la versión {sha}.',
    en: 'Those bytes already are version {sha}.',
  },
  'registry.ui.group': { es: 'Grupo de cámaras', en: 'Camera group' },
  'registry.ui.champion': { es: 'Campeón: {name}', en: 'Champion: {name}' },
  'registry.ui.challenger': { es: 'Retador: {name}', en: 'Challenger: {name}' },
  'registry.ui.unset': { es: 'sin asignar', en: 'not set' },
  'registry.ui.promote': { es: 'Promover retador', en: 'Promote challenger' },
  'registry.ui.rollback': { es: 'Revertir campeón', en: 'Roll back champion' },
  'registry.ui.override': {
    es: 'Promover aunque el control lo bloquee (administrador, queda auditado)',
    en: 'Promote even though the gate blocks it (administrator, audited)',
  },
  'registry.ui.promoted': { es: 'Nuevo campeón: {name}.', en: 'New champion: {name}.' },
  'registry.ui.rolledBack': {
    es: 'El campeón volvió a {name}.',
    en: 'The champion is back to {name}.',
  },
  'registry.ui.aliasSet': { es: '{alias} de {group}: {name}.', en: '{alias} of {group}: {name}.' },
  'registry.ui.gate.title': { es: 'Control de promoción', en: 'Promotion gate' },
  'registry.ui.gate.ok': {
    es: 'El retador puede promoverse.',
    en: 'The challenger may be promoted.',
  },
  'registry.ui.gate.blocked': {
    es: 'Promoción bloqueada: {reasons}.',
    en: 'Promotion blocked: {reasons}.',
  },
  'registry.ui.gate.reason.f1': {
    es: 'F1 frente a eventos validados 1 punto o más peor',
    en: 'F1 against validated events 1 point or more worse',
  },
  'registry.ui.gate.reason.latency': {
    es: 'latencia p95 20 % o más peor',
    en: 'p95 latency 20 % or more worse',
  },
  'registry.ui.gate.figures': {
    es: 'F1 campeón {cf} · retador {xf} ({decisions} decisiones) · p95 campeón {cp} ms · retador {xp} ms ({frames} fotogramas en sombra)',
    en: 'F1 champion {cf} · challenger {xf} ({decisions} decisions) · p95 champion {cp} ms · challenger {xp} ms ({frames} shadow frames)',
  },
  'registry.ui.shadow.title': { es: 'Retador en sombra', en: 'Challenger in shadow' },
  'registry.ui.shadow.none': {
    es: 'Aún no hay fotogramas en sombra.',
    en: 'No shadow frames yet.',
  },
  'registry.ui.shadow.col.hour': { es: 'Hora', en: 'Hour' },
  'registry.ui.shadow.col.camera': { es: 'Cámara', en: 'Camera' },
  'registry.ui.shadow.col.frames': { es: 'Fotogramas', en: 'Frames' },
  'registry.ui.shadow.col.agreement': {
    es: 'Acuerdo (F1 IoU 0,5)',
    en: 'Agreement (F1 IoU 0.5)',
  },
  'registry.ui.shadow.col.p95': { es: 'p95 retador / campeón', en: 'p95 challenger / champion' },
  'registry.ui.history.title': { es: 'Historial del grupo', en: 'Group history' },
  'registry.ui.history.entry': {
    es: '{at} · {by}: {action} {alias} → {name}',
    en: '{at} · {by}: {action} {alias} → {name}',
  },
  'registry.ui.history.action.set': { es: 'asignó', en: 'set' },
  'registry.ui.history.action.promote': { es: 'promovió', en: 'promoted' },
  'registry.ui.history.action.rollback': { es: 'revirtió', en: 'rolled back' },
  'registry.ui.history.action.clear': { es: 'vació', en: 'cleared' },
  'registry.ui.history.override': { es: '(forzado)', en: '(override)' },

  'registry.promotion_blocked': {
    es: 'Promoción bloqueada por el control de sombra: {reasons} (F1 {f1Delta} puntos, latencia +{latency} %).',
    en: 'Promotion blocked by the shadow gate: {reasons} (F1 {f1Delta} points, latency +{latency} %).',
  },
  'registry.override_admin': {
    es: 'Solo un administrador puede forzar una promoción bloqueada.',
    en: 'Only an administrator may override a blocked promotion.',
  },
  'registry.no_challenger': {
    es: 'El grupo {group} no tiene retador que promover.',
    en: 'Group {group} has no challenger to promote.',
  },
  'registry.nothing_to_rollback': {
    es: 'El grupo {group} no tiene un campeón anterior.',
    en: 'Group {group} has no earlier champion.',
  },
  'registry.unknown_version': {
    es: 'No existe la versión de modelo {sha256}.',
    en: 'No model version {sha256}.',
  },
  'registry.alias_unset': {
    es: 'La referencia {ref} no apunta a ningún modelo.',
    en: 'The reference {ref} points at no model.',
  },
  'registry.no_files_dir': {
    es: 'El registro de modelos no tiene carpeta de archivos.',
    en: 'The model registry has no files folder.',
  },
  'registry.bad_version': { es: 'Versión de modelo no válida.', en: 'Not a model version.' },
  'models.catalog.download_failed': {
    es: 'La descarga de {id} falló: {reason}',
    en: 'Downloading {id} failed: {reason}',
  },

  'audit.models.register': {
    es: 'Registró una versión de modelo',
    en: 'Registered a model version',
  },
  'audit.models.alias': { es: 'Cambió un alias de modelo', en: 'Changed a model alias' },
  'audit.models.promote': {
    es: 'Promovió un modelo a campeón',
    en: 'Promoted a model to champion',
  },
  'audit.models.promoteOverride': {
    es: 'Promovió un modelo pese al control de sombra',
    en: 'Promoted a model past the shadow gate',
  },
  'audit.models.rollback': { es: 'Revirtió el campeón', en: 'Rolled back the champion' },
  'audit.models.evaluation': {
    es: 'Adjuntó una evaluación a un modelo',
    en: 'Attached an evaluation to a model',
  },
  'audit.sync.modelFileRefused': {
    es: 'No se envió un archivo de modelo alterado o ausente',
    en: 'An altered or missing model file was not sent',
  },
} as const satisfies Messages;
