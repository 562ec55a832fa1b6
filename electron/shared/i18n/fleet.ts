import type { Messages } from './catalog';

// Messages of fleet mode (analysis nodes sharing the cameras through leases). Keys are dotted
// ("area.thing.detail"); each key holds its es and en text side by side.
export const fleetMessages = {
  'fleet.camera.elsewhere': {
    es: 'Analizada por otro nodo',
    en: 'Analysed by another node',
  },
} as const satisfies Messages;
