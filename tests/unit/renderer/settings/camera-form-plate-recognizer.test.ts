import { describe, expect, it } from 'vitest';
import { buildCamera, formOf, mergeCamera } from '../../../../renderer/src/settings/camera-form';
import { cameraConfigSchema } from '../../../../electron/shared/config/camera';

const camera = cameraConfigSchema.parse({
  id: 'gate',
  name: 'Gate',
  source: { kind: 'demo' },
  plateCountry: 'ES',
  plates: { recognizer: { modelId: 'plates-es' } },
});

describe('camera form: the plate recogniser', () => {
  it('round-trips a dedicated plate-OCR model; PP-OCR is the empty choice', () => {
    const f = formOf(camera);
    expect(f.plateRecognizerModelId).toBe('plates-es');
    expect(buildCamera(f).data?.plates).toEqual({ recognizer: { modelId: 'plates-es' } });
    expect(formOf({ ...camera, plates: { recognizer: 'ppocr' } }).plateRecognizerModelId).toBe('');
  });

  it('clearing the choice in the form goes back to PP-OCR on the saved camera', () => {
    const parsed = buildCamera({ ...formOf(camera), plateRecognizerModelId: '' }).data!;
    expect(mergeCamera(camera, parsed).plates).toBeUndefined();
  });
});
