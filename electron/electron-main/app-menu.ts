import { Menu, type MenuItemConstructorOptions } from 'electron';

/** The application menu. Labels are Spanish-first like the UI; Electron roles localise themselves. */
export function buildAppMenu(actions: { newWallWindow(): void }): Menu {
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'Watcher',
      submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'quit' }],
    },
    {
      label: 'Ver / View',
      submenu: [
        // A second wall for a second monitor.
        {
          label: 'Nueva ventana de muro / New wall window',
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
