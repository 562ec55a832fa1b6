import type { Messages } from './catalog';

// Messages of tracks and the search by appearance ("where else did this person / vehicle go").
export const appearanceMessages = {
  'tracks.error.noStore': {
    es: 'La búsqueda por apariencia necesita el almacén local, que este equipo no tiene.',
    en: 'The search by appearance needs the local store, which this host does not have.',
  },
  'tracks.search.notFound': {
    es: 'Ese seguimiento no tiene apariencia guardada: la cámara no tiene un modelo de re-identificación o el seguimiento aún no ha terminado.',
    en: 'That track has no stored appearance: the camera has no re-identification model, or the track has not finished yet.',
  },
  'tracks.search.tooMany': {
    es: 'El rango contiene {count} seguimientos con apariencia (máximo {max}): acorta el rango o elige cámaras.',
    en: 'The range holds {count} tracks with an appearance (at most {max}): shorten it or choose cameras.',
  },
  'tracks.search.title': {
    es: '¿Dónde más estuvo?',
    en: 'Where else did it go?',
  },
  'tracks.search.find': {
    es: 'Buscar dónde más estuvo esta persona o vehículo',
    en: 'Find where else this person or vehicle went',
  },
  'tracks.search.range': {
    es: 'Buscar en',
    en: 'Search in',
  },
  'tracks.search.range.day': { es: 'el mismo día', en: 'the same day' },
  'tracks.search.range.week': { es: 'la misma semana', en: 'the same week' },
  'tracks.search.searching': { es: 'Buscando…', en: 'Searching…' },
  'tracks.search.none': {
    es: 'Nada parecido en ese rango.',
    en: 'Nothing similar in that range.',
  },
  'tracks.search.scanned': {
    es: '{count} seguimientos comparados',
    en: '{count} tracks compared',
  },
  'tracks.search.similarity': { es: 'Similitud {value} %', en: 'Similarity {value} %' },
  'tracks.search.close': { es: 'Cerrar', en: 'Close' },
  'tracks.labels': { es: 'Etiquetas del seguimiento', en: 'Track labels' },
  'tracks.notSearchable': {
    es: 'Sin apariencia guardada para este seguimiento.',
    en: 'No appearance stored for this track.',
  },
} as const satisfies Messages;
