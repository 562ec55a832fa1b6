import type { Messages } from './catalog';

// Messages of plate formats by country, `auto` country detection, reading confidence and
// per-camera read rates. Keys are dotted; each key holds its es and en text side by side.
export const plateFormatsMessages = {
  'plates.settings.country.auto': {
    es: 'Automático (gana el formato que mejor encaja; se indica el país)',
    en: 'Automatic (the best-fitting format wins; the country is reported)',
  },
  'plates.settings.country.CL': { es: 'Chile (BBBB·12)', en: 'Chile (BBBB·12)' },
  'plates.settings.country.CO': { es: 'Colombia (ABC-123)', en: 'Colombia (ABC-123)' },
  'plates.settings.country.MX': { es: 'México (ABC-123-D)', en: 'Mexico (ABC-123-D)' },
  'plates.settings.country.DE': { es: 'Alemania (B AB 1234)', en: 'Germany (B AB 1234)' },
  'plates.settings.country.FR': { es: 'Francia (AB-123-CD)', en: 'France (AB-123-CD)' },
  'plates.settings.country.IT': { es: 'Italia (AB 123 CD)', en: 'Italy (AB 123 CD)' },
  'plates.settings.country.PT': { es: 'Portugal (AB-12-CD)', en: 'Portugal (AB-12-CD)' },
  'plates.settings.country.PL': { es: 'Polonia (WA 12345)', en: 'Poland (WA 12345)' },
  'plates.settings.country.NL': { es: 'Países Bajos (12-ABC-3)', en: 'Netherlands (12-ABC-3)' },
  'plates.settings.country.BE': { es: 'Bélgica (1-ABC-123)', en: 'Belgium (1-ABC-123)' },
  'plates.settings.country.AT': { es: 'Austria (W 12345 A)', en: 'Austria (W 12345 A)' },
  'plates.settings.country.HR': { es: 'Croacia (ZG 123-AB)', en: 'Croatia (ZG 123-AB)' },
  'plates.settings.country.UK': { es: 'Reino Unido (AB12 CDE)', en: 'United Kingdom (AB12 CDE)' },
  'plates.format.unknown': {
    es: 'Formato desconocido: se conserva tal como se leyó',
    en: 'Unknown format: kept exactly as read',
  },
  'plates.stats.title': { es: 'Lectura de placas por cámara', en: 'Plate reading per camera' },
  'plates.stats.intro': {
    es: 'Últimos 7 días, peor primero: una cámara que lee pocas placas, o con poca confianza, está mal ubicada (lejos, muy inclinada, a contraluz).',
    en: 'Last 7 days, worst first: a camera that reads few plates, or with low confidence, is badly placed (too far, too steep, backlit).',
  },
  'plates.stats.unavailable': {
    es: 'Las estadísticas de lectura no están disponibles.',
    en: 'Read statistics are not available.',
  },
  'plates.stats.none': {
    es: 'Sin infracciones en los últimos 7 días.',
    en: 'No infractions in the last 7 days.',
  },
  'plates.stats.col.camera': { es: 'Cámara', en: 'Camera' },
  'plates.stats.col.vehicles': { es: 'Vehículos', en: 'Vehicles' },
  'plates.stats.col.readRate': { es: 'Placas leídas', en: 'Plates read' },
  'plates.stats.col.confidence': { es: 'Confianza media', en: 'Mean confidence' },
  'plates.stats.col.low': { es: 'Lecturas dudosas', en: 'Doubtful reads' },
} as const satisfies Messages;
