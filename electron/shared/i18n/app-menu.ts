import type { Catalog } from './catalog';

// The Electron application menu (built in the main process in the system's language).
export const appMenuMessages: { es: Catalog; en: Catalog } = {
  es: {
    'menu.view': 'Ver',
    'menu.newWallWindow': 'Nueva ventana de muro',
  },
  en: {
    'menu.view': 'View',
    'menu.newWallWindow': 'New wall window',
  },
};
