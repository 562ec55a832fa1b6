import type { Messages } from './catalog';

// Messages of the calibration and zone tool. Keys are dotted ("area.thing.detail"); each key holds its es and
// en text side by side.
export const calibrationMessages = {
  'calib.tools': { es: 'Herramientas', en: 'Tools' },
  'calib.freeze': { es: 'Congelar cuadro', en: 'Freeze frame' },
  'calib.tool.points': { es: 'Puntos', en: 'Points' },
  'calib.tool.zone': { es: 'Zona', en: 'Zone' },
  'calib.tool.line': { es: 'Línea dirigida', en: 'Directed line' },
  'calib.tool.stop-line': { es: 'Línea de pare', en: 'Stop line' },
  'calib.tool.signal': { es: 'Semáforo', en: 'Signal region' },
  'calib.tool.pan': { es: 'Mover', en: 'Pan' },
  'calib.hint.points': {
    es: 'Clic en la imagen para añadir un punto; escriba sus coordenadas en metros a la derecha. Arrastre para mover, Supr para borrar.',
    en: 'Click the image to add a point; type its coordinates in metres on the right. Drag to move, Delete to remove.',
  },
  'calib.hint.zone': {
    es: 'Clic para cada vértice; doble clic o Intro para cerrar la zona. Esc cancela.',
    en: 'Click each vertex; double-click or Enter closes the zone. Esc cancels.',
  },
  'calib.hint.line': {
    es: 'Dos clics: inicio y fin. El sentido de la flecha es la dirección permitida.',
    en: 'Two clicks: start and end. The arrow is the allowed direction.',
  },
  'calib.hint.stop-line': {
    es: 'Dos clics: extremos de la línea de pare.',
    en: 'Two clicks: the ends of the stop line.',
  },
  'calib.hint.signal': {
    es: 'Dos clics: esquinas opuestas de la región del semáforo.',
    en: 'Two clicks: opposite corners of the signal region.',
  },
  'calib.hint.pan': {
    es: 'Arrastre para mover la imagen; rueda para acercar.',
    en: 'Drag to move the image; wheel to zoom.',
  },
  'calib.undo': { es: 'Deshacer', en: 'Undo' },
  'calib.redo': { es: 'Rehacer', en: 'Redo' },
  'calib.resetView': { es: 'Encajar', en: 'Fit' },
  'calib.noFrame': {
    es: 'Esta cámara no envía imagen; no se puede congelar un cuadro.',
    en: 'This camera sends no picture; no frame to freeze.',
  },
  'calib.waiting': {
    es: 'Esperando un cuadro de la cámara…',
    en: 'Waiting for a frame from the camera…',
  },
  'calib.points': { es: 'Calibración (puntos)', en: 'Calibration (points)' },
  'calib.version': { es: 'Versión {version} · {by} · {at}', en: 'Version {version} · {by} · {at}' },
  'calib.noVersion': { es: 'Sin versión guardada.', en: 'No saved version.' },
  'calib.imagePx': { es: 'Imagen (px)', en: 'Image (px)' },
  'calib.worldX': { es: 'X (m)', en: 'X (m)' },
  'calib.worldY': { es: 'Y (m)', en: 'Y (m)' },
  'calib.worldXOf': { es: 'X en metros del punto {n}', en: 'X in metres of point {n}' },
  'calib.worldYOf': { es: 'Y en metros del punto {n}', en: 'Y in metres of point {n}' },
  'calib.error': { es: 'Error', en: 'Error' },
  'calib.delete': { es: 'Eliminar', en: 'Delete' },
  'calib.deleteOf': { es: 'Eliminar punto {n}', en: 'Delete point {n}' },
  'calib.paste': {
    es: 'Pegar coordenadas (una línea «x, y» por punto)',
    en: 'Paste coordinates (one “x, y” line per point)',
  },
  'calib.applyPaste': { es: 'Aplicar', en: 'Apply' },
  'calib.pasteMismatch': {
    es: 'Pegue exactamente {n} líneas con dos números cada una.',
    en: 'Paste exactly {n} lines of two numbers each.',
  },
  'calib.rms': {
    es: 'Error medio de reproyección: {rms} m',
    en: 'RMS reprojection error: {rms} m',
  },
  'calib.birdsEye': {
    es: 'Vista cenital de la calzada con cuadrícula de 1 m',
    en: "Bird's-eye view of the road with a 1 m grid",
  },
  'calib.saveCalibration': {
    es: 'Guardar calibración (nueva versión)',
    en: 'Save calibration (new version)',
  },
  'calib.savedCalibration': {
    es: 'Calibración guardada como versión {version}.',
    en: 'Calibration saved as version {version}.',
  },
  'calib.rules': { es: 'Zonas y líneas', en: 'Zones and lines' },
  'calib.saveRules': {
    es: 'Guardar zonas y líneas (nueva versión)',
    en: 'Save zones and lines (new version)',
  },
  'calib.savedRules': {
    es: 'Zonas y líneas guardadas como versión {version}.',
    en: 'Zones and lines saved as version {version}.',
  },
  'calib.zoneName': { es: 'Zona {n}', en: 'Zone {n}' },
  'calib.zoneNameLabel': { es: 'Nombre de la zona', en: 'Zone name' },
  'calib.lineName': { es: 'Línea {n}', en: 'Line {n}' },
  'calib.lineKindLabel': { es: 'Uso de la línea', en: 'Line use' },
  'calib.lineKind.count': { es: 'Conteo', en: 'Counting' },
  'calib.lineKind.wrong-way': { es: 'Contramano', en: 'Wrong way' },
  'calib.lineKind.lane-invasion': { es: 'Invasión de carril', en: 'Lane invasion' },
  'calib.flip': { es: 'Invertir sentido', en: 'Flip direction' },
  'calib.speedLimit': { es: 'Límite km/h', en: 'Limit km/h' },
  'calib.zoneKind': { es: 'Tipo de zona', en: 'Zone type' },
  'calib.zoneKind.choose': { es: 'Elija el tipo…', en: 'Choose the type…' },
  'calib.zoneKind.speed': { es: 'Velocidad (límite)', en: 'Speed (limit)' },
  'calib.zoneKind.intrusion': { es: 'Intrusión (permanencia)', en: 'Intrusion (dwell)' },
  'calib.zoneKind.area': { es: 'Área (conteo y ocupación)', en: 'Area (counts and occupancy)' },
  'calib.zoneKind.missing': {
    es: 'Elija el tipo de cada zona antes de guardar: {names}.',
    en: 'Choose the type of every zone before saving: {names}.',
  },
  'calib.dwell': { es: 'Permanencia s', en: 'Dwell s' },
  'calib.classes': { es: 'Clases', en: 'Classes' },
} as const satisfies Messages;
