import { describe, expect, it } from 'vitest';
import {
  checkCocoJson,
  mapClasses,
  parseClassesMap,
  parseDataYaml,
  parseYoloLabels,
  toCocoResults,
} from '../../../../inference/vision/eval';

describe('parseDataYaml', () => {
  it('reads a flow list of names and the splits (Roboflow)', () => {
    const y = parseDataYaml(
      "# comment\npath: .\nval: valid/images\ntest: test/images\nnc: 5\nnames: ['Ambulance', 'Bus', \"Car\"]\n",
    );
    expect(y).toEqual({
      path: '.',
      val: 'valid/images',
      test: 'test/images',
      names: ['Ambulance', 'Bus', 'Car'],
    });
  });
  it('reads a block map of names (Ultralytics)', () => {
    const y = parseDataYaml(
      'train: images/train2017\nnames:\n  0: person\n  1: bicycle  # two wheels\n  2: traffic light\n',
    );
    expect(y.names).toEqual(['person', 'bicycle', 'traffic light']);
    expect(y.train).toBe('images/train2017');
  });
  it('reads a block list of names', () => {
    expect(parseDataYaml('names:\n- cat\n- dog\n').names).toEqual(['cat', 'dog']);
  });
});

describe('parseYoloLabels', () => {
  it('turns normalised centre boxes into COCO pixel boxes and skips bad lines', () => {
    const b = parseYoloLabels('2 0.5 0.5 0.2 0.4\nbad line\n1 0.1 0.1 0 0.1\n', 640, 480);
    expect(b).toHaveLength(1);
    expect(b[0].classId).toBe(2);
    expect(b[0].bbox.map((v) => Math.round(v * 1000) / 1000)).toEqual([256, 144, 128, 192]);
  });
});

describe('classes map', () => {
  const cats = [
    { id: 0, name: 'Ambulance' },
    { id: 2, name: 'Car' },
    { id: 4, name: 'Truck' },
  ];
  const labels = ['person', 'car', 'truck', 'bus'];
  it('parses a=b pairs and refuses entries without =', () => {
    expect(parseClassesMap('car=Car, truck = Truck')).toEqual([
      ['car', 'Car'],
      ['truck', 'Truck'],
    ]);
    expect(parseClassesMap(undefined)).toEqual([]);
    expect(() => parseClassesMap('car')).toThrow(/model=dataset/);
  });
  it('maps by name ignoring case, explicit entries first, and lists the rest', () => {
    const m = mapClasses(labels, cats, [['bus', 'Truck']]);
    expect([...m.toCategory]).toEqual([
      [3, 4],
      [1, 2],
      [2, 4],
    ]);
    expect(m.unmapped).toEqual(['person']);
    expect(m.uncovered).toEqual(['Ambulance']);
  });
  it('says which side of an explicit entry does not exist', () => {
    expect(() => mapClasses(labels, cats, [['lorry', 'Truck']])).toThrow(
      /model has no class "lorry"/,
    );
    expect(() => mapClasses(labels, cats, [['car', 'Van']])).toThrow(/dataset has no class "Van"/);
  });
});

describe('toCocoResults', () => {
  it('writes COCO results (x,y,w,h) for mapped classes only, rounded', () => {
    const r = toCocoResults(
      42,
      [
        { x1: 10.12345, y1: 20, x2: 30.5, y2: 60, score: 0.876543, classId: 1, label: 'car' },
        { x1: 0, y1: 0, x2: 5, y2: 5, score: 0.9, classId: 0, label: 'person' },
      ],
      new Map([[1, 2]]),
    );
    expect(r).toEqual([
      { image_id: 42, category_id: 2, bbox: [10.123, 20, 20.377, 40], score: 0.87654 },
    ]);
  });
});

describe('checkCocoJson', () => {
  it('refuses files that are not COCO instances', () => {
    expect(() => checkCocoJson({ images: [] })).toThrow(/not a COCO instances file/);
    expect(() =>
      checkCocoJson({
        images: [{ id: 1, file_name: 'a.jpg' }],
        annotations: [{ image_id: 1, bbox: [1] }],
        categories: [],
      }),
    ).toThrow(/annotation/);
  });
});
