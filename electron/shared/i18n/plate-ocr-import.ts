import type { Messages } from './catalog';

// Messages of importing a dedicated plate-OCR model (Settings → Models) with its config file.
// Each key holds es and en side by side.
export const plateOcrImportMessages = {
  'registry.ui.task.plate-ocr': { es: 'OCR de placas', en: 'Plate OCR' },
  'plates.ocr.import.config': {
    es: 'Configuración del OCR de placas (YAML o JSON)',
    en: 'Plate-OCR config (YAML or JSON)',
  },
  'plates.ocr.import.configHint': {
    es: 'El archivo de configuración que acompaña al modelo (max_plate_slots, alphabet, pad_char, img_height, img_width).',
    en: 'The config file that comes with the model (max_plate_slots, alphabet, pad_char, img_height, img_width).',
  },
  'plates.ocr.import.noConfig': {
    es: 'Un modelo OCR de placas necesita su archivo de configuración (YAML o JSON).',
    en: 'A plate-OCR model needs its config file (YAML or JSON).',
  },
  'plates.ocr.import.done': {
    es: 'Modelo OCR de placas «{id}» importado: entrada {w}×{h}, {n} caracteres. Elíjalo en la cámara como «Reconocedor de placas».',
    en: 'Plate-OCR model "{id}" imported: input {w}×{h}, {n} characters. Choose it on the camera as "Plate recogniser".',
  },
} as const satisfies Messages;
