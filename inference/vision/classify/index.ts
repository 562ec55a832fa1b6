export * from './metrics';
export * from './preprocess';
