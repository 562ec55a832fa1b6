import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  MODEL_COMPARE_MAX_IMAGES,
  compareTableCsv,
} from '../../../electron/shared/api/methods/model-compare';
import { messages } from '../../../electron/shared/i18n';
import { sharedFixture } from '../../helpers/fixtures';
import { useApiHost } from '../../helpers/api-host';

const yolo = sharedFixture('models/yolov8n-416-int8.onnx');
const mobilenet = sharedFixture('models/mobilenetv2-7-wint8.onnx');
const dog = sharedFixture('fixtures/images/dog.jpg');
const person = sharedFixture('fixtures/images/person.jpg');

/**
 * `models.compare` through the host's `handle()` (what both transports call), with the real
 * handler, real probe processes running ONNX Runtime, and the fixture models installed.
 */
describe.skipIf(!(yolo && mobilenet && dog && person))('models.compare on a real host', () => {
  const api = useApiHost({
    prefix: 'compare-api',
    user: { username: 'op', displayName: 'Op', role: 'operator' },
    models: { 'yolo.onnx': yolo!, 'yolo-copy.onnx': yolo!, 'mobilenet.onnx': mobilenet! },
  });
  const { call } = api;
  const b64 = (file: string) => readFileSync(file).toString('base64');

  it('refuses wrong models, too many or corrupt images with coded, translated errors', async () => {
    const one = [{ name: 'dog.jpg', base64: b64(dog!) }];
    const codes: Array<[unknown, string]> = [
      [{ models: ['yolo'], images: one }, 'models.compare.model_count'],
      [{ models: ['yolo', 'yolo'], images: one }, 'models.compare.duplicate_model'],
      [{ models: ['yolo', 'ghost'], images: one }, 'models.not_installed'],
      [{ models: ['yolo', '../etc/x'], images: one }, 'api.invalid_params'],
      [{ models: ['yolo', 'yolo-copy'], images: [] }, 'models.compare.no_images'],
      [
        {
          models: ['yolo', 'yolo-copy'],
          images: Array.from({ length: MODEL_COMPARE_MAX_IMAGES + 1 }, (_, i) => ({
            name: `${i}.jpg`,
            base64: 'AAAAAAAA',
          })),
        },
        'models.compare.too_many_images',
      ],
      [
        { models: ['yolo', 'yolo-copy'], images: [{ name: 'x.gif', base64: 'R0lGODlhAQAB' }] },
        'models.compare.bad_image',
      ],
    ];
    for (const [params, code] of codes) {
      const r = await call('models.compare', params);
      expect(r, JSON.stringify(params).slice(0, 80)).toMatchObject({ ok: false, error: { code } });
      expect(Object.hasOwn(messages, code), code).toBe(true);
    }
    // A JPEG whose header is fine but whose data is cut: refused by the decoder in the probe.
    const cut = readFileSync(dog!).subarray(0, 2000);
    const r = await call('models.compare', {
      models: ['yolo', 'yolo-copy'],
      images: [{ name: 'cut.jpg', base64: Buffer.from(cut).toString('base64') }],
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'models.compare.bad_image' } });
    expect(r.error!.params).toMatchObject({ index: 1, name: 'cut.jpg' });
  }, 120_000);

  it('needs the permission models.* reading uses', async () => {
    const r = await call(
      'models.compare',
      { models: ['yolo', 'yolo-copy'], images: [{ name: 'dog.jpg', base64: b64(dog!) }] },
      api.user,
    );
    expect(r.ok).toBe(false);
    expect(r.error!.code).toMatch(/forbidden|permission/);
  });

  it('compares detectors and a classifier on posted images: latency, agreement, per-image results, consensus', async () => {
    const r = await call('models.compare', {
      models: ['yolo', 'yolo-copy', 'mobilenet'],
      images: [
        { name: 'dog.jpg', base64: b64(dog!) },
        { name: 'person.jpg', base64: b64(person!) },
      ],
    });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    const res = r.result;
    expect(res.images).toBe(2);
    expect(res.models.map((m: { id: string }) => m.id)).toEqual(['yolo', 'yolo-copy', 'mobilenet']);
    expect(res.models.map((m: { kind: string }) => m.kind)).toEqual([
      'detect',
      'detect',
      'classify',
    ]);
    for (const m of res.models) {
      expect(m.latencyMs.p50).toBeGreaterThan(0);
      expect(m.latencyMs.p95).toBeGreaterThanOrEqual(m.latencyMs.p50);
      expect(m.latencyMs.p99).toBeGreaterThanOrEqual(m.latencyMs.p95);
      expect(m.fps).toBeGreaterThan(0);
      expect(m).not.toHaveProperty('path');
    }
    expect(res.models[1].agreementF1).toBe(1);
    expect(res.models[2].agreementF1).toBeNull();
    expect(res.agreementMatrix).toEqual([
      [1, 1, null],
      [1, 1, null],
      [null, null, 1],
    ]);
    expect(res.perImage).toHaveLength(2);
    const [first] = res.perImage;
    expect(first.name).toBe('dog.jpg');
    expect(first.width).toBeGreaterThan(0);
    expect(first.results).toHaveLength(3);
    expect(first.results[0].detections.length).toBeGreaterThan(0);
    expect(first.results[0].detections.map((d: { label: string }) => d.label)).toContain('dog');
    expect(first.results[1].detections).toEqual(first.results[0].detections);
    expect(first.results[2].top).toHaveLength(5);
    // Both detectors found every consensus object of the image.
    expect(first.consensusObjects.length).toBeGreaterThan(0);
    for (const o of first.consensusObjects) expect(o.models).toEqual([0, 1]);
    const csv = compareTableCsv(res);
    expect(csv.split('\n')[0]).toMatch(/^model,kind,provider,p50_ms,p95_ms,p99_ms/);
    expect(csv.split('\n')).toHaveLength(5);
  }, 300_000);
});
