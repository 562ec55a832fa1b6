import type { Messages } from './catalog';

// Danger-zone safety rules: intrusion, loitering and people near machines (Safety page, events).
// Each key holds its es and en text side by side.
export const dangerMessages = {
  'rule.type.machine-proximity': { es: 'Persona cerca de máquina', en: 'Person near machine' },
  'measure.distanceM': { es: 'Distancia (m)', en: 'Distance (m)' },
  'measure.withinM': { es: 'Distancia mínima (m)', en: 'Minimum distance (m)' },
  'audit.safety.danger.save': {
    es: 'Guardó las reglas de zonas de peligro',
    en: 'Saved the danger-zone rules',
  },
  'safety.danger.title': { es: 'Zonas de peligro', en: 'Danger zones' },
  'safety.danger.help': {
    es: 'Clases que no pueden entrar, clases que no pueden quedarse y personas demasiado cerca de una máquina. Generan alarmas de seguridad con evidencia, no multas.',
    en: 'Classes that may not enter, classes that may not stay, and people too close to a machine. They raise safety alarms with evidence, not fines.',
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
  'safety.danger.save': { es: 'Guardar zonas de peligro', en: 'Save danger zones' },
} as const satisfies Messages;
