import type { LegalCode } from './fine-lifecycle';

/**
 * Starting catalogues of legal codes per country, loaded by an administrator and then edited to
 * the regulation in force: amounts change every year (Peru's are a share of the UIT) and a
 * municipality may apply its own table. Every entry is editable in Settings → Fines.
 *
 * - PE: Reglamento Nacional de Tránsito (D.S. 016-2009-MTC), cuadro de tipificación de
 *   infracciones; amounts as the share of the 2025 UIT (S/ 5 350) of each class.
 * - ES: Ley sobre Tráfico (R.D. Legislativo 6/2015) and Reglamento General de Circulación
 *   (R.D. 1428/2003); speed tiers of Anexo IV for a road limited to 50 km/h, points of Anexo II.
 */
export const LEGAL_CODE_PRESETS: Record<'PE' | 'ES', { label: string; codes: LegalCode[] }> = {
  PE: {
    label: 'Perú — Reglamento Nacional de Tránsito',
    codes: [
      {
        id: 'pe-speed',
        country: 'PE',
        infractionType: 'speed',
        code: 'M.20',
        descriptionEs: 'Exceder los límites máximos de velocidad establecidos',
        descriptionEn: 'Exceeding the established maximum speed limits',
        amount: 642,
        currency: 'PEN',
        points: 50,
      },
      {
        id: 'pe-red-light',
        country: 'PE',
        infractionType: 'red-light',
        code: 'M.28',
        descriptionEs: 'No respetar la luz roja del semáforo',
        descriptionEn: 'Not stopping at a red traffic light',
        amount: 642,
        currency: 'PEN',
        points: 50,
      },
      {
        id: 'pe-wrong-way',
        country: 'PE',
        infractionType: 'wrong-way',
        code: 'M.8',
        descriptionEs: 'Circular en sentido contrario al tránsito autorizado',
        descriptionEn: 'Driving against the authorised direction of traffic',
        amount: 642,
        currency: 'PEN',
        points: 50,
      },
      {
        id: 'pe-lane',
        country: 'PE',
        infractionType: 'lane-invasion',
        code: 'G.10',
        descriptionEs: 'Cruzar o invadir la línea continua que separa los carriles',
        descriptionEn: 'Crossing or driving over the solid line between lanes',
        amount: 428,
        currency: 'PEN',
        points: 20,
      },
      {
        id: 'pe-zone',
        country: 'PE',
        infractionType: 'zone-intrusion',
        code: 'G.45',
        descriptionEs: 'Circular por zonas de uso exclusivo o restringido',
        descriptionEn: 'Driving in a zone of exclusive or restricted use',
        amount: 428,
        currency: 'PEN',
        points: 20,
      },
    ],
  },
  ES: {
    label: 'España — Ley sobre Tráfico y Reglamento General de Circulación',
    codes: [
      ...(
        [
          [1, 100, 0],
          [21, 300, 2],
          [31, 400, 4],
          [41, 500, 6],
          [51, 600, 6],
        ] as const
      ).map(([min, amount, points]): LegalCode => ({
        id: `es-speed-${min}`,
        country: 'ES',
        infractionType: 'speed',
        code: 'RGC 48',
        descriptionEs: `Exceso de velocidad de ${min} km/h o más sobre el límite (vía de 50 km/h)`,
        descriptionEn: `Speeding by ${min} km/h or more over the limit (50 km/h road)`,
        amount,
        currency: 'EUR',
        points,
        minExcessKmh: min,
      })),
      {
        id: 'es-red-light',
        country: 'ES',
        infractionType: 'red-light',
        code: 'RGC 146',
        descriptionEs: 'No respetar la luz roja de un semáforo',
        descriptionEn: 'Not stopping at a red traffic light',
        amount: 200,
        currency: 'EUR',
        points: 4,
      },
      {
        id: 'es-wrong-way',
        country: 'ES',
        infractionType: 'wrong-way',
        code: 'LSV 77.f',
        descriptionEs: 'Circular en sentido contrario al estipulado',
        descriptionEn: 'Driving against the prescribed direction',
        amount: 500,
        currency: 'EUR',
        points: 6,
      },
      {
        id: 'es-lane',
        country: 'ES',
        infractionType: 'lane-invasion',
        code: 'RGC 167',
        descriptionEs: 'No respetar una marca longitudinal continua',
        descriptionEn: 'Not respecting a solid longitudinal road marking',
        amount: 200,
        currency: 'EUR',
        points: 0,
      },
      {
        id: 'es-zone',
        country: 'ES',
        infractionType: 'zone-intrusion',
        code: 'RGC 159',
        descriptionEs: 'Acceder a una zona de acceso restringido',
        descriptionEn: 'Entering a zone of restricted access',
        amount: 200,
        currency: 'EUR',
        points: 0,
      },
    ],
  },
};
