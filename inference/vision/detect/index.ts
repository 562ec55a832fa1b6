export * from './candidates';
export * from './decoders';
export * from './labels';
export * from './layout';
export * from './letterbox';
export * from './nms';
export * from './postprocess';
export * from './preprocess';
