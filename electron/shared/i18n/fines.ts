import type { Messages } from './catalog';

// Messages of the fine lifecycle: infraction codes, the legal-code catalogue (Settings → Fines),
// the lifecycle's states and actions in review, and the methods' error codes. Each key holds its
// es and en text side by side.
export const finesMessages = {
  'review.status.notified': { es: 'Notificada', en: 'Notified' },
  'review.status.paid': { es: 'Pagada', en: 'Paid' },
  'review.action.notify': { es: 'Notificar', en: 'Notify' },
  'review.action.pay': { es: 'Registrar pago', en: 'Record payment' },
  'review.done.notify': { es: 'Infracción notificada.', en: 'Infraction notified.' },
  'review.done.appeal': { es: 'Apelación registrada.', en: 'Appeal recorded.' },
  'review.done.pay': { es: 'Pago registrado.', en: 'Payment recorded.' },
  'review.done.close': { es: 'Caso cerrado.', en: 'Case closed.' },
  'audit.infraction.notify': { es: 'Notificó', en: 'Notified' },
  'audit.infraction.pay': { es: 'Registró el pago', en: 'Recorded the payment' },
  'audit.fines.code.create': { es: 'Creó un código legal', en: 'Created a legal code' },
  'audit.fines.code.update': { es: 'Cambió un código legal', en: 'Changed a legal code' },
  'audit.fines.code.delete': { es: 'Eliminó un código legal', en: 'Deleted a legal code' },
  'audit.fines.preset': {
    es: 'Cargó el catálogo de un país',
    en: "Loaded a country's catalogue",
  },
  'fines.code': { es: 'Código', en: 'Code' },
  'fines.searchCode': { es: 'Código de infracción', en: 'Infraction code' },
  'fines.fine': { es: 'Multa', en: 'Fine' },
  'fines.noFine': {
    es: 'Sin código legal: el catálogo no tiene entrada para este tipo.',
    en: 'No legal code: the catalogue has no entry for this type.',
  },
  'fines.fineValue': {
    es: '{code} · {amount} · {points} puntos',
    en: '{code} · {amount} · {points} points',
  },
  'fines.fixed': {
    es: 'Fijada al validar por {by} el {at}',
    en: 'Fixed on validation by {by} on {at}',
  },
  'fines.lifecycle': { es: 'Trámite', en: 'Lifecycle' },
  'fines.step': { es: '{action} por {by} el {at}', en: '{action} by {by} on {at}' },
  'fines.outcome.dismissed': {
    es: 'apelación desestimada: la multa se mantiene',
    en: 'appeal dismissed: the fine stands',
  },
  'fines.outcome.upheld': {
    es: 'apelación estimada: multa anulada',
    en: 'appeal upheld: fine annulled',
  },
  'fines.actions': { es: 'Acciones del trámite', en: 'Lifecycle actions' },
  'fines.reasonFor': { es: 'Motivo ({action})', en: 'Reason ({action})' },
  'fines.ui.title': {
    es: 'Multas: catálogo de códigos legales',
    en: 'Fines: legal-code catalogue',
  },
  'fines.ui.intro': {
    es: 'El código, el importe y los puntos de cada tipo de infracción. Se fijan en el caso al validarlo. Los catálogos de país son un punto de partida: compruebe cada código e importe con la norma vigente.',
    en: 'The code, amount and points of each infraction type, fixed on the case when it is validated. Country catalogues are a starting point: check every code and amount against the regulation in force.',
  },
  'fines.ui.preset': { es: 'Cargar catálogo de país', en: 'Load country catalogue' },
  'fines.ui.presetConfirm': {
    es: 'Esto reemplaza todo el catálogo actual.',
    en: 'This replaces the whole current catalogue.',
  },
  'fines.ui.presetLoaded': {
    es: 'Catálogo cargado: {n} códigos.',
    en: 'Catalogue loaded: {n} codes.',
  },
  'fines.ui.empty': { es: 'El catálogo está vacío.', en: 'The catalogue is empty.' },
  'fines.ui.type': { es: 'Tipo', en: 'Type' },
  'fines.ui.code': { es: 'Código legal', en: 'Legal code' },
  'fines.ui.descriptionEs': { es: 'Descripción (es)', en: 'Description (es)' },
  'fines.ui.descriptionEn': { es: 'Descripción (en)', en: 'Description (en)' },
  'fines.ui.amount': { es: 'Importe', en: 'Amount' },
  'fines.ui.currency': { es: 'Moneda', en: 'Currency' },
  'fines.ui.points': { es: 'Puntos', en: 'Points' },
  'fines.ui.minExcess': { es: 'Desde exceso (km/h)', en: 'From excess (km/h)' },
  'fines.ui.country': { es: 'País', en: 'Country' },
  'fines.ui.save': { es: 'Guardar código', en: 'Save code' },
  'fines.ui.saved': { es: 'Código {code} guardado.', en: 'Code {code} saved.' },
  'fines.ui.edit': { es: 'Editar', en: 'Edit' },
  'fines.ui.delete': { es: 'Eliminar', en: 'Delete' },
  'fines.ui.new': { es: 'Nuevo código', en: 'New code' },
} satisfies Messages;
