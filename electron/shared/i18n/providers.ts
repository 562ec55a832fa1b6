import type { Messages } from './catalog';

// Messages of the execution-provider area (GPU / CPU inference). Keys are dotted
// ("area.thing.detail"); each key holds its es and en text side by side.
export const providersMessages = {
  'providers.reason.notInBuild': {
    es: 'Proveedor no incluido en esta versión de ONNX Runtime',
    en: 'Provider not included in this ONNX Runtime build',
  },
  'providers.reason.notInstalled': {
    es: 'Proveedor CUDA no instalado',
    en: 'CUDA provider not installed',
  },
  'providers.reason.noDevice': { es: 'No hay dispositivo CUDA', en: 'No CUDA device' },
  'providers.reason.libraries': {
    es: 'Faltan bibliotecas CUDA/cuDNN/TensorRT',
    en: 'CUDA/cuDNN/TensorRT libraries missing',
  },
  'providers.reason.noAdapter': { es: 'No hay adaptador WebGPU', en: 'No WebGPU adapter' },
  'providers.reason.trtBuild': {
    es: 'TensorRT no pudo construir el motor',
    en: 'TensorRT failed to build the engine',
  },
  'providers.reason.failed': {
    es: 'El proveedor no pudo iniciarse',
    en: 'The provider failed to start',
  },
  'providers.error.invalid': {
    es: 'Ajuste de inferencia no válido.',
    en: 'Invalid inference setting.',
  },
  'providers.phase.buildingTrtEngine': {
    es: 'construyendo el motor TensorRT…',
    en: 'building TensorRT engine…',
  },
  'providers.tile.runsOn': { es: 'en {provider}', en: 'on {provider}' },
  'providers.tile.fallback': {
    es: '{requested} → {provider}: {reason}',
    en: '{requested} → {provider}: {reason}',
  },
  'providers.system.requested': { es: 'Pedido', en: 'Requested' },
  'providers.system.fallback': { es: 'Motivo del cambio', en: 'Fallback reason' },
  'providers.settings.title': {
    es: 'Sistema: aceleración de inferencia',
    en: 'System: inference acceleration',
  },
  'providers.settings.intro': {
    es: 'Proveedor de ejecución con el que analizan las cámaras. «Automático» prueba las GPU (CUDA, TensorRT, WebGPU) y usa la CPU si ninguna arranca. Guardar reinicia los procesos de análisis.',
    en: 'The execution provider the cameras analyse with. “Automatic” tries the GPUs (CUDA, TensorRT, WebGPU) and uses the CPU when none starts. Saving restarts the analysis processes.',
  },
  'providers.settings.provider': { es: 'Proveedor', en: 'Provider' },
  'providers.settings.option.auto': { es: 'Automático', en: 'Automatic' },
  'providers.settings.option.cuda': { es: 'CUDA (NVIDIA)', en: 'CUDA (NVIDIA)' },
  'providers.settings.option.tensorrt': { es: 'TensorRT (NVIDIA)', en: 'TensorRT (NVIDIA)' },
  'providers.settings.option.webgpu': { es: 'WebGPU', en: 'WebGPU' },
  'providers.settings.option.cpu': { es: 'CPU', en: 'CPU' },
  'providers.settings.deviceId': { es: 'GPU (índice)', en: 'GPU (index)' },
  'providers.settings.intraOpThreads': {
    es: 'Hilos intra-operador (0 = automático)',
    en: 'Intra-op threads (0 = automatic)',
  },
  'providers.settings.interOpThreads': {
    es: 'Hilos inter-operador (0 = automático)',
    en: 'Inter-op threads (0 = automatic)',
  },
  'providers.settings.save': { es: 'Guardar y reiniciar', en: 'Save and restart' },
  'providers.settings.saved': {
    es: 'Guardado. Los procesos de análisis se reiniciaron.',
    en: 'Saved. The analysis processes were restarted.',
  },
  'providers.settings.effective': {
    es: 'En uso: {provider}, GPU {deviceId}, hilos {threads}',
    en: 'In use: {provider}, GPU {deviceId}, threads {threads}',
  },
  'providers.settings.overridden': {
    es: 'Este equipo lo fija con la línea de órdenes o el entorno ({fields}); lo guardado se aplica cuando se quite.',
    en: 'This machine sets it on the command line or in the environment ({fields}); the saved value applies once that is removed.',
  },
} satisfies Messages;
