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
  'tracks.searchImage.noEmbedder': {
    es: 'Ninguna cámara tiene un modelo de re-identificación instalado: la foto no se puede comparar. Añade uno en Ajustes → Modelos y asígnalo a una cámara.',
    en: 'No camera has an installed re-identification model, so the picture cannot be compared. Add one in Settings → Models and give it to a camera.',
  },
  'tracks.searchImage.notImage': {
    es: 'El archivo no es una imagen JPEG o PNG legible.',
    en: 'The file is not a readable JPEG or PNG image.',
  },
  'tracks.searchImage.tooLarge': {
    es: 'La imagen es demasiado grande (máximo {maxMB} MB y {maxMegapixels} megapíxeles): recorta la persona o el vehículo.',
    en: 'The picture is too large (at most {maxMB} MB and {maxMegapixels} megapixels): crop the person or vehicle.',
  },
  'tracks.searchImage.button': {
    es: 'Buscar con una imagen…',
    en: 'Search with an image…',
  },
  'tracks.searchImage.title': {
    es: '¿Dónde estuvo la persona o el vehículo de esta imagen?',
    en: 'Where did the person or vehicle in this picture go?',
  },
  'tracks.searchImage.reading': {
    es: 'Leyendo la imagen…',
    en: 'Reading the picture…',
  },
  'tracks.wall.find': {
    es: 'Buscar dónde más estuvo esta persona o vehículo',
    en: 'Find where else this person or vehicle went',
  },
  'tracks.wall.noAppearance': {
    es: 'Este seguimiento aún no tiene apariencia: se calcula mientras está a la vista cuando la cámara tiene un modelo de re-identificación. Prueba otra vez en unos segundos.',
    en: 'This track has no appearance yet: it is computed while the track is in view when the camera has a re-identification model. Try again in a few seconds.',
  },
} as const satisfies Messages;
