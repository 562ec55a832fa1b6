/** Output layouts of the detection models Watcher decodes (decoders: inference/vision/detect). */
export const LAYOUTS = ['yolov5', 'yolov8', 'end2end', 'yolox', 'detr', 'nanodet'] as const;
export type LayoutKind = (typeof LAYOUTS)[number];
