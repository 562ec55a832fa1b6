import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { messages } from '../../../electron/shared/i18n';
import { sharedFixture } from '../../helpers/fixtures';
import { useApiHost } from '../../helpers/api-host';

const mobilenet = sharedFixture('models/mobilenetv2-7-wint8.onnx');
const imagenet = sharedFixture('models/imagenet_classes.txt');
const reid = sharedFixture('models/person-reidentification-retail-0248.onnx');
const yolo = sharedFixture('models/yolov8n-416-int8.onnx');

/**
 * Importing classifiers and embedding models through the UI's chunked upload on a real host:
 * the task detected from the shapes or chosen, the normalisation given, labels checked, each
 * validated by ONNX Runtime in a probe process; an operator may not import.
 */
describe.skipIf(!(mobilenet && imagenet && reid && yolo))('models.import with a task', () => {
  const api = useApiHost({
    prefix: 'import-task',
    user: { username: 'op', displayName: 'Op', role: 'operator' },
  });
  const { call } = api;

  const upload = api.uploadModel;

  it('detects a classifier from its [N,1000] output and keeps its labels', async () => {
    const r = await upload(mobilenet!, { labels: readFileSync(imagenet!, 'utf8') });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(r.result).toMatchObject({ task: 'classify', numClasses: 1000 });
    expect(r.result.model).toMatchObject({
      id: 'mobilenetv2-7-wint8',
      task: 'classify',
      labelsCount: 1000,
      inputSize: { width: 224, height: 224 },
    });
    expect(r.result.model.labels[0]).toBe('tench');
    // The registry takes it with its task.
    const reg = await call('registry.register', { modelId: 'mobilenetv2-7-wint8' });
    expect(reg.result.version).toMatchObject({ task: 'classify' });
  });

  it('imports an embedding model with the normalisation given, channels-last', async () => {
    const normalisation = {
      channelOrder: 'bgr',
      scale: 'raw',
      tensorLayout: 'nhwc',
      letterbox: 'stretch',
      padValue: 0,
    };
    const r = await upload(reid!, { task: 'embed', id: 'reid', normalisation });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(r.result).toMatchObject({ task: 'embed', numClasses: 256 });
    expect(r.result.model).toMatchObject({
      id: 'reid',
      task: 'embed',
      embeddingDim: 256,
      inputSize: { width: 128, height: 256 },
    });
    const side = JSON.parse(readFileSync(path.join(api.dataDir, 'models', 'reid.json'), 'utf8'));
    expect(side.normalisation).toEqual(normalisation);
    const reg = await call('registry.register', { modelId: 'reid', task: 'embed', normalisation });
    expect(reg.result.version).toMatchObject({ task: 'embed', embeddingDim: 256 });
  });

  it('refuses a detector imported as a classifier, wrong labels, and an operator', async () => {
    const asClassifier = await upload(yolo!, { task: 'classify' });
    expect(asClassifier.error?.code).toBe('models.task.mismatch');
    const badLabels = await upload(mobilenet!, { task: 'classify', labels: 'a\nb\nc' });
    expect(badLabels.error?.code).toBe('models.labels.count');
    const byOperator = await upload(mobilenet!, {}, api.user);
    expect(byOperator.error?.code).toBe('store.error.forbidden');
    for (const code of ['models.task.mismatch', 'models.labels.count'])
      expect(Object.hasOwn(messages, code), code).toBe(true);
    const ids = (await call('models.list', {})).result.models.map((m: { id: string }) => m.id);
    expect(ids.sort()).toEqual(['mobilenetv2-7-wint8', 'reid']);
  });
});
