export * from './primitives';
export * from './zones';
