import { Menu, type MenuItemConstructorOptions } from 'electron';
import { translator, type Locale } from '../shared/i18n';

/** The application menu in the UI's language; Electron roles localise themselves. */
export function buildAppMenu(locale: Locale, actions: { newWallWindow(): void }): Menu {
  const t = translator(locale);
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'Watcher',
      submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'quit' }],
    },
    {
      label: t('menu.view'),
      submenu: [
        // A second wall for a second monitor.
        {
          label: t('menu.newWallWindow'),
          accelerator: 'CmdOrCtrl+Shift+N',
          click: () => actions.newWallWindow(),
        },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
