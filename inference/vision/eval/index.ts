export * from './coco-eval';
export * from './datasets';
