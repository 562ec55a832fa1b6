import type { Messages } from './catalog';

// Messages of the wall's layouts: slots chosen per camera, pages, the tour and the layout editor.
export const wallLayoutMessages = {
  'wall.layout.1p5': { es: '1+5', en: '1+5' },
  'wall.layout.1p7': { es: '1+7', en: '1+7' },
  'wall.layout.all': { es: 'Todas', en: 'All' },
  'wall.layout.custom': { es: 'Personalizada', en: 'Custom' },
  'wall.slot.pick': { es: 'Cámara del espacio {n}', en: 'Camera in slot {n}' },
  'wall.slot.auto': { es: 'Automática (según la página)', en: 'Automatic (by page)' },
  'wall.slot.empty': { es: 'Espacio libre', en: 'Free slot' },
  'wall.slot.pinned': { es: 'Fijada en este espacio', en: 'Pinned to this slot' },
  'wall.page': { es: 'Página {page} de {pages}', en: 'Page {page} of {pages}' },
  'wall.page.previous': { es: 'Página anterior (RePág)', en: 'Previous page (Page Up)' },
  'wall.page.next': { es: 'Página siguiente (AvPág)', en: 'Next page (Page Down)' },
  'wall.tour': { es: 'Recorrido', en: 'Tour' },
  'wall.tour.off': { es: 'Sin recorrido', en: 'No tour' },
  'wall.tour.every': { es: 'Cada {s} s', en: 'Every {s} s' },
  'wall.editor.open': { es: 'Editar disposición…', en: 'Edit layout…' },
  'wall.editor.title': { es: 'Disposición personalizada', en: 'Custom layout' },
  'wall.editor.hint': {
    es: 'Arrastre de un cuadro a otro para unirlos en un espacio grande.',
    en: 'Drag from one square to another to merge them into one large slot.',
  },
  'wall.editor.cols': { es: 'Columnas', en: 'Columns' },
  'wall.editor.rows': { es: 'Filas', en: 'Rows' },
  'wall.editor.split': { es: 'Separar todo', en: 'Split all' },
  'wall.editor.save': { es: 'Usar esta disposición', en: 'Use this layout' },
  'wall.editor.cancel': { es: 'Cancelar', en: 'Cancel' },
  'wall.editor.slots': { es: '{n} espacios', en: '{n} slots' },
} as const satisfies Messages;
