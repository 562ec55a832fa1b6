export * from './coco-eval';
export * from './datasets';
export * from './agreement';
