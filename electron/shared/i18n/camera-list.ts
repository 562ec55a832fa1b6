import type { Messages } from './catalog';

// The camera list's live columns and the camera form's file-loop and id-from-name behaviour.
export const cameraListMessages = {
  'cameraList.col.name': { es: 'Nombre', en: 'Name' },
  'cameraList.col.id': { es: 'Id', en: 'Id' },
  'cameraList.col.kind': { es: 'Fuente', en: 'Source' },
  'cameraList.col.state': { es: 'Estado', en: 'State' },
  'cameraList.col.fps': { es: 'FPS', en: 'FPS' },
  'cameraList.col.lastError': { es: 'Último error', en: 'Last error' },
  'cameraList.col.actions': { es: 'Acciones', en: 'Actions' },
  'cameraList.disabled': { es: 'Desactivada', en: 'Disabled' },
  'cameraList.noStatus': { es: 'Sin estado aún', en: 'No status yet' },
  'cameraList.noError': { es: 'Ninguno', en: 'None' },
  'cameraList.errorAt': { es: '{error} ({time})', en: '{error} ({time})' },
  'cameraForm.loop': { es: 'Repetir el archivo en bucle', en: 'Loop the file' },
  'cameraForm.id.hint': {
    es: 'Se deriva del nombre; letras, dígitos, «-» y «_».',
    en: 'Derived from the name; letters, digits, "-" and "_".',
  },
} as const satisfies Messages;
