import type { Messages } from './catalog';

// The Electron application menu (built in the main process in the system's language).
export const appMenuMessages = {
  'menu.view': { es: 'Ver', en: 'View' },
  'menu.newWallWindow': { es: 'Nueva ventana de muro', en: 'New wall window' },
} as const satisfies Messages;
