import type { Messages } from './catalog';

// Messages of the rules area. Keys are dotted ("area.thing.detail"); each key holds its es and en
// text side by side.
export const rulesMessages = {
  'infraction.type.speed': { es: 'Exceso de velocidad', en: 'Speeding' },
  'infraction.type.zone-intrusion': { es: 'Intrusión en zona', en: 'Zone intrusion' },
  'infraction.type.wrong-way': { es: 'Circulación en sentido contrario', en: 'Wrong-way driving' },
  'infraction.type.lane-invasion': { es: 'Invasión de carril', en: 'Lane invasion' },
  'infraction.type.red-light': { es: 'Paso con semáforo en rojo', en: 'Red-light violation' },
  'infraction.type.ppe': { es: 'Falta de EPP', en: 'Missing PPE' },
  'infraction.category.traffic': { es: 'Tránsito', en: 'Traffic' },
  'infraction.category.safety': { es: 'Seguridad', en: 'Safety' },
  'infraction.summary.speed': {
    es: '{speedKmh} km/h en zona de {limitKmh} km/h',
    en: '{speedKmh} km/h in a {limitKmh} km/h zone',
  },
  'infraction.summary.zone-intrusion': {
    es: '{dwellSec} s dentro de la zona',
    en: '{dwellSec} s inside the zone',
  },
  'infraction.summary.red-light': {
    es: 'Cruzó {redForSec} s después del rojo',
    en: 'Crossed {redForSec} s after red',
  },
  'infraction.summary.ppe': { es: 'Sin {items}', en: 'Without {items}' },
  'rule.type.speed': { es: 'Límite de velocidad', en: 'Speed limit' },
  'rule.type.zone-intrusion': { es: 'Intrusión en zona', en: 'Zone intrusion' },
  'rule.type.line-crossing': {
    es: 'Cruce de línea (conteo y sentido contrario)',
    en: 'Line crossing (counts and wrong way)',
  },
  'rule.type.lane-invasion': { es: 'Invasión de carril', en: 'Lane invasion' },
  'rule.type.red-light': { es: 'Semáforo en rojo', en: 'Red light' },
  'rule.type.ppe': { es: 'Equipo de protección personal', en: 'Personal protective equipment' },
  'rule.direction.left-to-right': { es: 'de izquierda a derecha', en: 'left to right' },
  'rule.direction.right-to-left': { es: 'de derecha a izquierda', en: 'right to left' },
  'signal.state.red': { es: 'Rojo', en: 'Red' },
  'signal.state.amber': { es: 'Ámbar', en: 'Amber' },
  'signal.state.green': { es: 'Verde', en: 'Green' },
  'signal.state.unknown': { es: 'Desconocido', en: 'Unknown' },
  'calibration.method.points': { es: 'Puntos imagen ↔ suelo', en: 'Image ↔ ground points' },
  'calibration.method.field': {
    es: 'Medidas de campo (dos distancias y ancho de carril)',
    en: 'Field measurements (two distances and lane width)',
  },
  'calibration.error.tooFewPoints': {
    es: 'Se necesitan al menos 4 pares de puntos; hay {count}.',
    en: 'At least 4 point pairs are needed; there are {count}.',
  },
  'calibration.error.invalidPoint': {
    es: 'Hay puntos con coordenadas no numéricas.',
    en: 'Some points have non-numeric coordinates.',
  },
  'calibration.error.duplicatePoints': {
    es: 'Los puntos {a} y {b} son el mismo punto.',
    en: 'Points {a} and {b} are the same point.',
  },
  'calibration.error.collinearPoints': {
    es: 'Los puntos están alineados: hacen falta 4 puntos sin 3 en la misma recta. Repártalos por la calzada.',
    en: 'The points are collinear: 4 points with no 3 on one line are needed. Spread them over the road.',
  },
  'calibration.error.degenerate': {
    es: 'Los puntos no determinan una transformación única del plano del suelo.',
    en: 'The points do not determine a unique ground-plane mapping.',
  },
  'calibration.error.folds': {
    es: 'La transformación pliega la imagen (algunos puntos quedan más allá del horizonte). Revise el orden de los puntos.',
    en: 'The mapping folds the image (some points end up beyond the horizon). Check the order of the points.',
  },
  'calibration.error.ransacFailed': {
    es: 'No hay 4 pares de puntos que coincidan entre sí; revise los puntos.',
    en: 'No 4 point pairs agree with each other; check the points.',
  },
  'calibration.error.invalidField': {
    es: 'Las medidas de campo no forman un carril válido: los puntos cercanos deben estar uno frente al otro y los lejanos más adelante.',
    en: 'The field measurements do not form a valid lane: the near points must face each other and the far points lie further along.',
  },
  'calibration.reprojectionError': {
    es: 'Error de reproyección: {rms} m (máx. {max} m)',
    en: 'Reprojection error: {rms} m (max {max} m)',
  },
  'evidence.snapshot.stillMissing': {
    es: 'Sin foto ni recorte: no llegó la imagen del fotograma exacto de la detección, y no se usa otro fotograma en su lugar.',
    en: 'No snapshot or crop: the picture of the exact detection frame did not arrive, and no other frame is used in its place.',
  },
  'evidence.error.missing': { es: 'Falta el archivo {path}.', en: 'File {path} is missing.' },
  'evidence.error.size': {
    es: 'El archivo {path} cambió de tamaño.',
    en: 'File {path} changed size.',
  },
  'evidence.error.hash': {
    es: 'El archivo {path} fue alterado (SHA-256 distinto).',
    en: 'File {path} was altered (SHA-256 differs).',
  },
  'evidence.error.eventHash': {
    es: 'El evento {eventId} fue alterado (su hash no coincide).',
    en: 'Event {eventId} was altered (its hash does not match).',
  },
  'evidence.error.chain': {
    es: 'La cadena de la cámara {cameraId} está rota en el evento {eventId}.',
    en: 'The chain of camera {cameraId} is broken at event {eventId}.',
  },
  'evidence.error.parse': {
    es: 'Línea {line} ilegible en el registro de la cámara {cameraId}.',
    en: 'Unreadable line {line} in the log of camera {cameraId}.',
  },
  'evidence.error.resealed': {
    es: 'El evento {eventId} de la cámara {cameraId} no coincide con lo firmado: fue editado y resellado sin la clave.',
    en: 'Event {eventId} of camera {cameraId} differs from what was signed: it was edited and re-sealed without the key.',
  },
  'evidence.error.truncated': {
    es: 'Faltan eventos de la cámara {cameraId} que estaban firmados, desde el evento {eventId}.',
    en: 'Signed events of camera {cameraId} were deleted, starting at event {eventId}.',
  },
  'evidence.error.unsigned': {
    es: 'El evento {eventId} de la cámara {cameraId} y los siguientes no están firmados.',
    en: 'Event {eventId} of camera {cameraId} and those after it are not signed.',
  },
  'evidence.error.signature': {
    es: 'Un punto de control de la cámara {cameraId} tiene una firma inválida o de una clave desconocida.',
    en: 'A checkpoint of camera {cameraId} has an invalid signature or an unknown key.',
  },
  'evidence.error.key': {
    es: 'La clave pública junto a las evidencias no es la de esta instalación.',
    en: 'The public key beside the evidence is not this installation’s.',
  },
  'package.error.format': {
    es: 'El paquete fue modificado después de escribirse o no es un paquete de Watcher.',
    en: 'The package was changed after it was written, or is not a Watcher package.',
  },
  'package.error.missing': {
    es: 'Falta {path} en el paquete.',
    en: '{path} is missing from the package.',
  },
  'package.error.signature': {
    es: 'La firma del manifiesto no es válida.',
    en: 'The manifest signature is not valid.',
  },
  'package.error.key': {
    es: 'El paquete no está firmado con la clave esperada.',
    en: 'The package is not signed with the expected key.',
  },
  'package.error.hash': {
    es: 'El archivo {path} del paquete fue alterado.',
    en: 'File {path} of the package was altered.',
  },
  'package.error.extra': {
    es: 'El archivo {path} no figura en el manifiesto.',
    en: 'File {path} is not in the manifest.',
  },
  'package.error.event': {
    es: 'El evento sellado del paquete no es válido.',
    en: 'The sealed event in the package is not valid.',
  },
  'package.error.checkpoint': {
    es: 'El punto de control firmado del paquete no corresponde al evento.',
    en: 'The signed checkpoint in the package does not match the event.',
  },
  'evidence.ok': {
    es: 'Evidencias íntegras: {events} eventos, {files} archivos.',
    en: 'Evidence intact: {events} events, {files} files.',
  },
  'mot.error.parse': {
    es: 'Archivo MOT ilegible en la línea {line}.',
    en: 'Unreadable MOT file at line {line}.',
  },
  'config.error.read': {
    es: 'No se pudo leer el archivo de configuración {file}.',
    en: 'Could not read the configuration file {file}.',
  },
  'config.error.invalid': {
    es: 'El archivo de configuración {file} no es válido: {details}',
    en: 'The configuration file {file} is not valid: {details}',
  },
} as const satisfies Messages;
