// Entry points of the plate reader (inference worker side).
export {
  PlateReader,
  VEHICLE_CROP_TUNING,
  VEHICLE_ESCALATION_TUNING,
  type PlateReaderOptions,
  type ReadTuning,
  type ReadOptions,
  type PlateResult,
  type PlateCandidate,
  type NoPlateReason,
} from './plate-reader';
export {
  OnnxPlateDetector,
  type PlateDetector,
  type OnnxPlateDetectorOptions,
} from './plate-detector';
export { defaultPaddleModelPaths, type PaddleModelPaths } from './paddle-ocr';
