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
  'streams.section': { es: 'Flujos', en: 'Streams' },
  'streams.hint': {
    es: 'Un subflujo (p. ej. 640×360) para la detección ahorra CPU; sin él, el flujo principal puede escalarse para el análisis.',
    en: 'A sub-stream (e.g. 640×360) for detection saves CPU; without one, the main stream can be scaled for analysis.',
  },
  'streams.subUrl': { es: 'URL del subflujo', en: 'Sub-stream URL' },
  'streams.subRoles': { es: 'Usos del subflujo', en: 'Sub-stream roles' },
  'streams.detectSize': {
    es: 'Tamaño de detección del flujo principal (ancho×alto)',
    en: 'Main stream detect size (width×height)',
  },
  'streams.detectSize.withSub': {
    es: 'Solo sin subflujo de detección',
    en: 'Only without a detect sub-stream',
  },
  'streams.detectFps': { es: 'FPS de detección', en: 'Detect fps' },
  'streams.hwaccel': { es: 'Decodificación por hardware', en: 'Hardware decoding' },
  'streams.hwaccel.none': { es: 'Ninguna (software)', en: 'None (software)' },
  'streams.hwaccel.auto': { es: 'Automática', en: 'Automatic' },
  'streams.hwaccel.cuda': { es: 'NVIDIA (CUDA)', en: 'NVIDIA (CUDA)' },
  'streams.hwaccel.vaapi': { es: 'VA-API (Intel/AMD, Linux)', en: 'VA-API (Intel/AMD, Linux)' },
  'streams.hwaccel.qsv': { es: 'Intel Quick Sync', en: 'Intel Quick Sync' },
  'streams.hwaccel.d3d11va': { es: 'Direct3D 11 (Windows)', en: 'Direct3D 11 (Windows)' },
} as const satisfies Messages;
