import type { Messages } from './catalog';

// Messages of camera stream roles (detect / record / stills) and hardware decoding.
export const streamsMessages = {
  'camera.hwaccel.fallback': {
    es: 'La decodificación por hardware no está disponible; se decodifica por software: {reason}',
    en: 'Hardware decoding is unavailable; decoding in software: {reason}',
  },
  'streams.role.detect': { es: 'Detección', en: 'Detect' },
  'streams.role.record': { es: 'Grabación', en: 'Record' },
  'streams.role.stills': { es: 'Fotos de evidencia', en: 'Evidence stills' },
} as const satisfies Messages;
