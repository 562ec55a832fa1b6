import type { Messages } from './catalog';

// Danger-zone safety rules: intrusion, loitering, people near machines and a person down (Safety
// page, events).
// Each key holds its es and en text side by side.
export const dangerMessages = {
  'rule.type.machine-proximity': { es: 'Persona cerca de máquina', en: 'Person near machine' },
  'rule.type.person-down': { es: 'Persona caída', en: 'Person down' },
  'infraction.type.person-down': { es: 'Persona caída', en: 'Person down' },
  'measure.aspectRatio': { es: 'Proporción ancho/alto', en: 'Width/height ratio' },
  'measure.dropPct': { es: 'Caída del borde superior (%)', en: 'Drop of the top edge (%)' },
  'measure.downClass': { es: 'Clase «caído» del modelo', en: 'Model’s “fallen” class' },
  'measure.distanceM': { es: 'Distancia (m)', en: 'Distance (m)' },
  'measure.withinM': { es: 'Distancia mínima (m)', en: 'Minimum distance (m)' },
  'audit.safety.danger.save': {
    es: 'Guardó las reglas de zonas de peligro',
    en: 'Saved the danger-zone rules',
  },
  'safety.danger.title': { es: 'Zonas de peligro', en: 'Danger zones' },
  'safety.danger.help': {
    es: 'Clases que no pueden entrar, clases que no pueden quedarse, personas demasiado cerca de una máquina y personas caídas. Generan alarmas de seguridad con evidencia, no multas.',
    en: 'Classes that may not enter, classes that may not stay, people too close to a machine, and people down. They raise safety alarms with evidence, not fines.',
  },
  'safety.danger.enabled': { es: 'Reglas de peligro', en: 'Danger rules' },
  'safety.danger.intrusionClasses': {
    es: 'Prohibido entrar (clases)',
    en: 'Not allowed in (classes)',
  },
  'safety.danger.loiterClasses': {
    es: 'No pueden quedarse (clases)',
    en: 'May not stay (classes)',
  },
  'safety.danger.loiterSec': { es: 'Permanencia máxima (s)', en: 'Longest stay (s)' },
  'safety.danger.machineClasses': {
    es: 'Clases de máquina (cerca de)',
    en: 'Machine classes (near)',
  },
  'safety.danger.withinM': { es: 'Distancia mínima (m)', en: 'Minimum distance (m)' },
  'safety.danger.minDuration': {
    es: 'Tiempo mínimo tan cerca (s)',
    en: 'Minimum time that close (s)',
  },
  'safety.danger.personDown': { es: 'Persona caída', en: 'Person down' },
  'safety.danger.personDownHelp': {
    es: 'Una persona que pasa de estar de pie a tumbada y queda quieta, según la forma de su caja (cualquier detector), o una detección de una clase «caído» del modelo. Una persona tumbada a lo largo, de frente a la cámara, puede parecer de pie: un modelo con clase de caída es más fiable.',
    en: 'A person who goes from standing to lying and stays still, from the shape of their box (any detector), or a detection of a model’s “fallen” class. A person lying lengthwise towards the camera may look upright: a model with a fallen class is more reliable.',
  },
  'safety.danger.downClasses': {
    es: 'Clases de caída del modelo',
    en: 'Model’s fallen classes',
  },
  'safety.danger.downMinDuration': {
    es: 'Tiempo mínimo caída (s)',
    en: 'Minimum time down (s)',
  },
  'safety.danger.save': { es: 'Guardar zonas de peligro', en: 'Save danger zones' },
} as const satisfies Messages;
