import type { Messages } from './catalog';

// Messages of the cameras as a fleet: the camera map (tiles and schematic view), each camera's
// site fields, ONVIF discovery and profiles in the camera form, PTZ presets on the wall tile, and
// the onvif.* / map.* error codes. Each key holds its es and en text side by side.
export const cameraMapMessages = {
  'nav.map': { es: 'Mapa', en: 'Map' },
  'access.denied.ptz': {
    es: 'Su rol ({role}) no puede mover cámaras PTZ.',
    en: 'Your role ({role}) cannot move PTZ cameras.',
  },
  'audit.ptz.goto': {
    es: 'Movió una cámara PTZ a un preset',
    en: 'Moved a PTZ camera to a preset',
  },
  'audit.map.settings': { es: 'Cambió la capa del mapa', en: 'Changed the map layer' },

  'map.title': { es: 'Mapa de cámaras', en: 'Camera map' },
  'map.label': { es: 'Mapa de cámaras con su estado', en: 'Map of the cameras and their state' },
  'map.state.online': { es: 'En línea', en: 'Online' },
  'map.state.offline': { es: 'Sin señal', en: 'Offline' },
  'map.state.alarm': { es: 'Alarma', en: 'Alarm' },
  'map.state.disabled': { es: 'Desactivada', en: 'Disabled' },
  'map.camera': { es: '{name}: {state}', en: '{name}: {state}' },
  'map.camera.open': { es: 'Abrir {name} en el muro', en: 'Open {name} on the wall' },
  'map.legend': { es: 'Leyenda', en: 'Legend' },
  'map.zoomIn': { es: 'Acercar', en: 'Zoom in' },
  'map.zoomOut': { es: 'Alejar', en: 'Zoom out' },
  'map.fit': { es: 'Ver todas', en: 'Show all' },
  'map.north': { es: 'N', en: 'N' },
  'map.empty': {
    es: 'Ninguna cámara tiene posición GPS. Añádala en Configuración → Cámaras (latitud y longitud).',
    en: 'No camera has a GPS position. Add one in Settings → Cameras (latitude and longitude).',
  },
  'map.unplaced': {
    es: 'Sin posición en el mapa: {names}',
    en: 'Not on the map (no position): {names}',
  },
  'map.schematic': {
    es: 'Vista esquemática: {reason} Las cámaras se ubican por sus coordenadas proyectadas.',
    en: 'Schematic view: {reason} Cameras are placed by their projected coordinates.',
  },
  'map.schematic.off': {
    es: 'los mosaicos del mapa están desactivados.',
    en: 'map tiles are turned off.',
  },
  'map.schematic.failed': {
    es: 'no se pudieron cargar los mosaicos del mapa ({error}).',
    en: 'the map tiles could not be loaded ({error}).',
  },
  'map.attribution': { es: 'Mosaicos: {text}', en: 'Tiles: {text}' },
  'map.scale': { es: 'Escala', en: 'Scale' },
  'map.maintenance': { es: 'Mantenimiento: {state}', en: 'Maintenance: {state}' },
  'map.settings': { es: 'Capa del mapa', en: 'Map layer' },
  'map.settings.template': {
    es: 'Plantilla de URL de mosaicos XYZ',
    en: 'XYZ tile URL template',
  },
  'map.settings.attribution': { es: 'Atribución', en: 'Attribution' },
  'map.settings.enabled': { es: 'Cargar mosaicos', en: 'Load tiles' },
  'map.settings.saved': { es: 'Capa del mapa guardada.', en: 'Map layer saved.' },
  'map.settings.hint': {
    es: 'El servidor de la sala descarga los mosaicos (la página no se conecta a otros sitios). Por defecto: OpenStreetMap.',
    en: 'The control-room host downloads the tiles (the page connects to no other site). Default: OpenStreetMap.',
  },
  'map.error.tilesUnreachable': {
    es: 'No se puede conectar con el servidor de mosaicos.',
    en: 'The tile server cannot be reached.',
  },
  'map.error.tileNotImage': {
    es: 'El servidor de mosaicos no devolvió una imagen.',
    en: 'The tile server did not answer with an image.',
  },
  'map.error.tilesDisabled': {
    es: 'Los mosaicos están desactivados.',
    en: 'Tiles are turned off.',
  },
  'map.template.notHttp': {
    es: 'La URL de mosaicos debe empezar por http:// o https://.',
    en: 'The tile URL must start with http:// or https://.',
  },
  'map.template.placeholders': {
    es: 'La URL de mosaicos debe contener z, x e y entre llaves, una vez cada uno.',
    en: 'The tile URL must hold z, x and y in braces, once each.',
  },
  'map.template.otherPlaceholder': {
    es: 'Solo z, x e y pueden ir entre llaves.',
    en: 'Only z, x and y may be in braces.',
  },
  'map.template.invalid': {
    es: 'No es una URL válida con z, x e y sustituidos.',
    en: 'Not a valid URL once z, x and y are filled in.',
  },
  'map.template.credentials': {
    es: 'La URL de mosaicos no debe llevar usuario ni contraseña.',
    en: 'The tile URL must not hold a user or password.',
  },
  'map.error.badTile': { es: 'Mosaico fuera del mapa.', en: 'Tile outside the map.' },

  'site.section': { es: 'Ubicación y mantenimiento', en: 'Location and maintenance' },
  'site.name': { es: 'Sitio', en: 'Site' },
  'site.lat': { es: 'Latitud (°)', en: 'Latitude (°)' },
  'site.lon': { es: 'Longitud (°)', en: 'Longitude (°)' },
  'site.heading': { es: 'Orientación (° desde el norte)', en: 'Heading (° from north)' },
  'site.mountingNotes': { es: 'Notas de montaje', en: 'Mounting notes' },
  'site.maintenance': { es: 'Estado de mantenimiento', en: 'Maintenance state' },
  'site.maintenance.in-service': { es: 'En servicio', en: 'In service' },
  'site.maintenance.maintenance': { es: 'En mantenimiento', en: 'Under maintenance' },
  'site.maintenance.out-of-service': { es: 'Fuera de servicio', en: 'Out of service' },

  'onvif.section': { es: 'ONVIF', en: 'ONVIF' },
  'onvif.hint': {
    es: 'Dirección del servicio de dispositivo (http://cámara/onvif/device_service). La contraseña se guarda cifrada.',
    en: 'Device service address (http://camera/onvif/device_service). The password is stored encrypted.',
  },
  'onvif.url': { es: 'Dirección ONVIF', en: 'ONVIF address' },
  'onvif.username': { es: 'Usuario ONVIF', en: 'ONVIF user' },
  'onvif.password': { es: 'Contraseña ONVIF', en: 'ONVIF password' },
  'onvif.password.kept': {
    es: 'Vacía: se mantiene la guardada',
    en: 'Empty: the stored one is kept',
  },
  'onvif.discover': { es: 'Buscar en la red', en: 'Search the network' },
  'onvif.discovering': { es: 'Buscando cámaras ONVIF…', en: 'Searching for ONVIF cameras…' },
  'onvif.discover.none': {
    es: 'Ninguna cámara ONVIF respondió.',
    en: 'No ONVIF camera answered.',
  },
  'onvif.discover.use': { es: 'Usar {name}', en: 'Use {name}' },
  'onvif.probe': { es: 'Leer perfiles', en: 'Read profiles' },
  'onvif.probing': { es: 'Leyendo perfiles…', en: 'Reading profiles…' },
  'onvif.device': { es: 'Dispositivo: {name}', en: 'Device: {name}' },
  'onvif.profiles': { es: 'Perfiles de vídeo', en: 'Video profiles' },
  'onvif.profile.use': { es: 'Usar este flujo', en: 'Use this stream' },
  'onvif.profile.chosen': {
    es: 'Flujo del perfil «{name}» puesto como fuente RTSP.',
    en: 'Stream of profile "{name}" set as the RTSP source.',
  },
  'onvif.profile.noStream': { es: 'Sin flujo RTSP', en: 'No RTSP stream' },
  'onvif.ptz.yes': { es: 'Con PTZ', en: 'With PTZ' },
  'ptz.menu': { es: 'PTZ', en: 'PTZ' },
  'ptz.menu.label': { es: 'Presets PTZ de {name}', en: 'PTZ presets of {name}' },
  'ptz.loading': { es: 'Cargando presets…', en: 'Loading presets…' },
  'ptz.none': { es: 'Sin presets.', en: 'No presets.' },
  'ptz.goto': { es: 'Ir a {name}', en: 'Go to {name}' },
  'ptz.moved': { es: 'Cámara movida a {name}.', en: 'Camera moved to {name}.' },

  'onvif.error.unreachable': {
    es: 'La cámara ONVIF no responde en esa dirección.',
    en: 'The ONVIF camera does not answer at that address.',
  },
  'onvif.error.auth': {
    es: 'La cámara rechazó el usuario o la contraseña ONVIF.',
    en: 'The camera refused the ONVIF user or password.',
  },
  'onvif.error.notOnvif': {
    es: 'Esa dirección no responde como una cámara ONVIF.',
    en: 'That address does not answer as an ONVIF camera.',
  },
  'onvif.error.noPtz': { es: 'Esta cámara no tiene PTZ.', en: 'This camera has no PTZ.' },
  'onvif.error.noMedia': {
    es: 'La cámara no ofrece el servicio de medios ONVIF.',
    en: 'The camera offers no ONVIF media service.',
  },
  'onvif.error.fault': {
    es: 'La cámara respondió con un error.',
    en: 'The camera answered with an error.',
  },
  'onvif.error.tooLarge': {
    es: 'La respuesta de la cámara es demasiado grande; se rechazó.',
    en: 'The camera’s answer is too large; it was refused.',
  },
  'onvif.error.badXml': {
    es: 'La respuesta de la cámara no es XML válido o contiene declaraciones no permitidas; se rechazó.',
    en: 'The camera’s answer is not valid XML or holds forbidden declarations; it was refused.',
  },
  'onvif.error.badUrl': {
    es: 'La dirección ONVIF debe ser una URL http(s).',
    en: 'The ONVIF address must be an http(s) URL.',
  },
  'onvif.error.notConfigured': {
    es: 'Esta cámara no tiene dirección ONVIF.',
    en: 'This camera has no ONVIF address.',
  },
  'onvif.error.discovery': {
    es: 'No se pudo buscar en la red (WS-Discovery).',
    en: 'The network could not be searched (WS-Discovery).',
  },
  'onvif.error.streamNotRtsp': {
    es: 'La cámara no dio una URL RTSP válida para este perfil.',
    en: 'The camera gave no valid RTSP URL for this profile.',
  },
} satisfies Messages;
