// Pure plate logic: formats, CTC decoding, candidate scoring, voting, repeat-offender scoring.
export * from './geometry';
export * from './image';
export * from './ctc';
export * from './formats';
export * from './db-postprocess';
export * from './candidates';
export * from './vote';
export * from './repeat-offender';
export * from './rows';
export * from './plate-state';
export * from './plate-ocr';
