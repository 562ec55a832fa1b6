import type { Messages } from './catalog';

// Messages of fleet mode (analysis nodes sharing the cameras through leases). Keys are dotted
// ("area.thing.detail"); each key holds its es and en text side by side.
export const fleetMessages = {
  'fleet.camera.elsewhere': {
    es: 'Analizada por otro nodo',
    en: 'Analysed by another node',
  },
  'fleet.tile.owner': { es: 'En el nodo {node}', en: 'On node {node}' },
  'fleet.error.notFleet': {
    es: 'Este equipo no forma parte de una flota (sin servidor PostgreSQL compartido)',
    en: 'This host is not part of a fleet (no shared PostgreSQL server)',
  },
  'fleet.error.unknownCamera': {
    es: 'No existe la cámara «{camera}»',
    en: 'There is no camera "{camera}"',
  },
  'fleet.error.unknownNode': {
    es: 'No hay ningún nodo «{node}» en la flota',
    en: 'There is no node "{node}" in the fleet',
  },
  'audit.fleet.moveCamera': {
    es: 'Movió una cámara a otro nodo',
    en: 'Moved a camera to another node',
  },
} as const satisfies Messages;
