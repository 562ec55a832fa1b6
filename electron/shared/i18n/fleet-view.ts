import type { Messages } from './catalog';

// The Fleet section of the System view (nodes, leases, failovers, "move camera to node"). Keys
// are dotted; each key holds its es and en text side by side.
export const fleetViewMessages = {
  'fleetView.title': { es: 'Flota', en: 'Fleet' },
  'fleetView.off': {
    es: 'Este equipo no comparte cámaras con otros (sin servidor PostgreSQL compartido).',
    en: 'This host shares no cameras with others (no shared PostgreSQL server).',
  },
  'fleetView.unreachable': {
    es: 'No se puede leer el estado de la flota: {error}',
    en: 'Cannot read the fleet state: {error}',
  },
  'fleetView.nodes': { es: 'Nodos', en: 'Nodes' },
  'fleetView.node': { es: 'Nodo', en: 'Node' },
  'fleetView.self': { es: '(este equipo)', en: '(this host)' },
  'fleetView.role': { es: 'Función', en: 'Role' },
  'fleetView.role.node': { es: 'Nodo de análisis', en: 'Analysis node' },
  'fleetView.role.workstation': { es: 'Puesto de operador', en: 'Workstation' },
  'fleetView.address': { es: 'Dirección', en: 'Address' },
  'fleetView.provider': { es: 'Proveedor', en: 'Provider' },
  'fleetView.capacity': { es: 'Capacidad', en: 'Capacity' },
  'fleetView.heartbeat': { es: 'Último latido', en: 'Last heartbeat' },
  'fleetView.heartbeatAge': { es: 'hace {sec} s', en: '{sec} s ago' },
  'fleetView.down': { es: 'sin latido', en: 'no heartbeat' },
  'fleetView.camerasHeld': { es: 'Cámaras', en: 'Cameras' },
  'fleetView.load': { es: 'Carga', en: 'Load' },
  'fleetView.leases': { es: 'Concesiones de cámara', en: 'Camera leases' },
  'fleetView.camera': { es: 'Cámara', en: 'Camera' },
  'fleetView.owner': { es: 'Nodo que la analiza', en: 'Analysed by' },
  'fleetView.expires': { es: 'Vence', en: 'Expires' },
  'fleetView.expiresIn': { es: 'en {sec} s', en: 'in {sec} s' },
  'fleetView.expired': { es: 'vencida', en: 'expired' },
  'fleetView.free': { es: 'libre', en: 'free' },
  'fleetView.epoch': { es: 'Época', en: 'Epoch' },
  'fleetView.moveTo': { es: 'Movida a', en: 'Moved to' },
  'fleetView.failovers': { es: 'Traspasos recientes', en: 'Recent failovers' },
  'fleetView.noFailovers': { es: 'Ningún traspaso todavía.', en: 'No failovers yet.' },
  'fleetView.failover.expired': {
    es: '{camera}: {from} dejó de renovar; la tomó {to}. Búfer de evidencias nuevo.',
    en: '{camera}: {from} stopped renewing; {to} took it. New evidence buffer.',
  },
  'fleetView.failover.moved': {
    es: '{camera}: movida de {from} a {to}. Búfer de evidencias nuevo.',
    en: '{camera}: moved from {from} to {to}. New evidence buffer.',
  },
  'fleetView.nobody': { es: 'nadie todavía', en: 'nobody yet' },
  'fleetView.move.title': { es: 'Mover cámara a nodo', en: 'Move camera to node' },
  'fleetView.move.camera': { es: 'Cámara', en: 'Camera' },
  'fleetView.move.node': { es: 'Nodo de destino', en: 'Target node' },
  'fleetView.move.auto': {
    es: 'Automático (quitar el traslado)',
    en: 'Automatic (clear the move)',
  },
  'fleetView.move.submit': { es: 'Mover', en: 'Move' },
  'fleetView.move.done': {
    es: 'Solicitado: {camera} pasará a {node} en un periodo de concesión como mucho.',
    en: 'Requested: {camera} goes to {node} within about one lease period.',
  },
  'fleetView.move.cleared': {
    es: 'Traslado quitado: {camera} vuelve al reparto automático.',
    en: 'Move cleared: {camera} is placed automatically again.',
  },
} as const satisfies Messages;
