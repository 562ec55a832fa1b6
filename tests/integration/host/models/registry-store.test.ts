import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { importToRegistry } from '../../../../electron/host/models/registry-import';
import { isCodedError } from '../../../../electron/shared/coded-error';
import type { InfractionEvent } from '../../../../electron/shared/domain/infraction';
import { resolveModel } from '../../../../inference/worker/detector/model-resolver';
import { sharedFixture } from '../../../helpers/fixtures';
import { openTestStore, type TestStore } from '../../../unit/host/store/helpers';

const m = (name: string) => sharedFixture(`models/${name}`);
const yolox = m('yolox_nano_416.onnx');
const nanodet = m('nanodet_m_416.onnx');
const mobilenet = m('mobilenetv2-7-wint8.onnx');
const reid = m('person-reidentification-retail-0248.onnx');
const light = m('light_person_detector_192.onnx');
const yolov8 = m('yolov8n-416-int8.onnx');
const all = [yolox, nanodet, mobilenet, reid, light, yolov8].every(Boolean);

let t: TestStore | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

const importAs = (file: string, name: string, labels?: string[]) =>
  importToRegistry(t!.store.models, file, { name, source: 'fixture', by: 'ana', labels });

describe.skipIf(!all)('model registry on a real store with the fixture models', () => {
  it('records each fixture with its task, layout, input and normalisation; the same bytes twice are one version', async () => {
    t = openTestStore();
    const reg = t.store.models;
    const x = await importAs(yolox!, 'YOLOX-Nano');
    expect(x.created).toBe(true);
    expect(x.version).toMatchObject({
      task: 'detect',
      layout: 'yolox',
      inputSize: { width: 416, height: 416 },
      normalisation: { channelOrder: 'bgr', scale: 'raw', letterbox: 'top-left', padValue: 114 },
      importedBy: 'ana',
      present: true,
    });
    expect(x.version.labels).toHaveLength(80);
    expect(x.version.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(reg.fileFor(x.version.sha256))).toBe(true);
    const again = await importAs(yolox!, 'another name');
    expect(again).toMatchObject({ created: false, version: { name: 'YOLOX-Nano' } });

    expect((await importAs(nanodet!, 'NanoDet')).version).toMatchObject({
      task: 'detect',
      layout: 'nanodet',
      normalisation: {
        channelOrder: 'bgr',
        mean: [103.53, 116.28, 123.675],
        std: [57.375, 57.12, 58.395],
      },
    });
    const labels = readFileSync(m('imagenet_classes.txt')!, 'utf8').trim().split('\n');
    expect((await importAs(mobilenet!, 'MobileNetV2', labels)).version).toMatchObject({
      task: 'classify',
      layout: 'classifier',
      inputSize: { width: 224, height: 224 },
      normalisation: { channelOrder: 'rgb', scale: 'unit', mean: [0.485, 0.456, 0.406] },
    });
    expect((await importAs(reid!, 're-ID')).version).toMatchObject({
      task: 'embed',
      layout: 'embedding',
      embeddingDim: 256,
      inputSize: { width: 128, height: 256 },
      normalisation: { tensorLayout: 'nhwc', channelOrder: 'bgr', scale: 'raw' },
    });
    expect((await importAs(light!, 'light person', ['person'])).version).toMatchObject({
      task: 'detect',
      layout: 'yolox',
      labels: ['person'],
      inputSize: { width: 192, height: 192 },
    });
    expect(reg.list()).toHaveLength(5);
    // Every registration is audited and queued for the shared server (row and file).
    const actions = t.store.db
      .prepare("SELECT action FROM audit_log WHERE action = 'models.register'")
      .all();
    expect(actions).toHaveLength(5);
    const outbox = t.store.db
      .prepare("SELECT entity FROM sync_outbox WHERE entity LIKE 'model_%'")
      .all() as Array<{ entity: string }>;
    expect(outbox.filter((o) => o.entity === 'model_file')).toHaveLength(5);

    // The worker runs a version as registered: its sidecar carries layout, labels, normalisation.
    const light1 = reg.list().find((v) => v.name === 'light person')!;
    const resolved = resolveModel(reg.fileFor(light1.sha256), '/nonexistent');
    expect(resolved.override).toMatchObject({
      layout: 'yolox',
      labels: ['person'],
      normalisation: { letterbox: 'top-left' },
    });
  });

  it('aliases per group; promote and roll back are single audited actions; cameras name an alias or a version', async () => {
    t = openTestStore();
    const reg = t.store.models;
    const a = (await importAs(yolov8!, 'v8')).version.sha256;
    const b = (await importAs(yolox!, 'yolox')).version.sha256;
    reg.setAlias('north', 'champion', a, 'ana');
    reg.setAlias('north', 'challenger', b, 'ana');
    expect(reg.workerModelId('registry:north/champion')).toBe(reg.fileFor(a));
    expect(reg.workerModelId('registry:north/challenger')).toBe(reg.fileFor(b));
    expect(reg.workerModelId(`registry:${b}`)).toBe(reg.fileFor(b));
    expect(reg.workerModelId('registry:south/champion')).toBe('registry:south/champion');
    expect(reg.workerModelId('yolov8n-416-int8')).toBe('yolov8n-416-int8');

    const p = reg.promote('north', 'ana');
    expect(p).toMatchObject({ champion: b, previous: a, gate: { blocked: false } });
    expect(reg.alias('north', 'champion')).toBe(b);
    expect(reg.alias('north', 'challenger')).toBeUndefined();
    const r = reg.rollback('north', 'beto');
    expect(r).toEqual({ champion: a, replaced: b });
    expect(reg.alias('north', 'champion')).toBe(a);
    expect(reg.history('north').map((h) => h.action)).toEqual([
      'rollback',
      'clear',
      'promote',
      'set',
      'set',
    ]);
    const audit = t.store.db
      .prepare(
        "SELECT action, actor FROM audit_log WHERE action IN ('models.promote', 'models.rollback') ORDER BY origin_seq",
      )
      .all();
    expect(audit).toEqual([
      { action: 'models.promote', actor: 'ana' },
      { action: 'models.rollback', actor: 'beto' },
    ]);
    expect(() => reg.rollback('south', 'ana')).toThrow(/no earlier champion/);
    // Back at the first champion: nothing earlier to roll back to (a rollback is not undone by one).
    expect(() => reg.rollback('north', 'ana')).toThrow(/no earlier champion/);
  });

  it('the shadow gate blocks a slower or less accurate challenger unless overridden, and says why', async () => {
    t = openTestStore();
    const reg = t.store.models;
    const champ = (await importAs(yolov8!, 'v8')).version.sha256;
    const chall = (await importAs(nanodet!, 'nanodet')).version.sha256;
    reg.setAlias('g', 'champion', champ, 'ana');
    reg.setAlias('g', 'challenger', chall, 'ana');
    // 40 sampled frames: the challenger agrees on most boxes but is 50 % slower at p95.
    for (let i = 0; i < 40; i++)
      reg.recordShadow({
        sha256: chall,
        championSha256: champ,
        cameraId: 'cam1',
        at: t.clock.t + i * 1000,
        tp: 3,
        fp: i % 4 === 0 ? 1 : 0,
        fn: 0,
        latencyMs: 30 + (i % 5),
        championLatencyMs: 20 + (i % 5),
      });
    const series = reg.shadowSeries(chall);
    expect(series).toHaveLength(1);
    expect(series[0].frames).toBe(40);
    expect(series[0].agreementF1).toBeCloseTo(240 / 250);
    expect(series[0].latencyP95Ms).toBe(34);
    expect(series[0].championLatencyP95Ms).toBe(24);

    let gate = reg.gate('g');
    expect(gate).toMatchObject({ blocked: true, reasons: ['latency'], shadowFrames: 40 });
    expect(gate.latencyRatio).toBeCloseTo(34 / 24 - 1);

    // Operators' decisions on champion events: the challenger missed one validated event.
    const ids = [0, 1, 2, 3].map(() => randomUUID());
    t.store.infractions.insert(ids.map((id) => event(id)));
    const status = t.store.db.prepare('UPDATE infractions SET status = ? WHERE id = ?');
    status.run('validated', ids[0]);
    status.run('validated', ids[1]);
    status.run('validated', ids[2]);
    status.run('rejected', ids[3]);
    reg.recordShadowDecision(ids[0], chall, champ, true);
    reg.recordShadowDecision(ids[1], chall, champ, true);
    reg.recordShadowDecision(ids[2], chall, champ, false);
    reg.recordShadowDecision(ids[3], chall, champ, false);
    gate = reg.gate('g');
    // champion: tp 3, fp 1 → 6/7 = 85.7; challenger: tp 2, fn 1 → 4/5 = 80.0
    expect(gate.championFigures.f1).toBeCloseTo(6 / 7);
    expect(gate.challengerFigures.f1).toBeCloseTo(0.8);
    expect(gate.reasons).toEqual(['f1', 'latency']);
    expect(gate.decisions).toBe(4);

    try {
      reg.promote('g', 'ana');
      expect.unreachable();
    } catch (e) {
      expect(isCodedError(e) && e.code).toBe('registry.promotion_blocked');
    }
    expect(reg.alias('g', 'champion')).toBe(champ);
    const forced = reg.promote('g', 'admin', { override: true });
    expect(forced.champion).toBe(chall);
    expect(reg.history('g')[1]).toMatchObject({ action: 'promote', override: true });
    const row = t.store.db
      .prepare(
        "SELECT actor, details_json AS details FROM audit_log WHERE action = 'models.promoteOverride'",
      )
      .get() as { actor: string; details: string };
    expect(row.actor).toBe('admin');
    expect(JSON.parse(row.details)).toMatchObject({
      gate: { blocked: true, reasons: ['f1', 'latency'] },
    });
  });
});

function event(id: string): InfractionEvent {
  return {
    id,
    type: 'ppe',
    category: 'safety',
    cameraId: 'cam1',
    ruleId: 'r',
    ruleVersion: 1,
    occurredAt: Date.now(),
    trackId: 1,
    classLabel: 'person',
    measured: {},
    confidence: 0.8,
    box: { x1: 0, y1: 0, x2: 5, y2: 5 },
    evidence: [],
    prevHash: '0'.repeat(64),
    hash: '1'.repeat(64),
  } as unknown as InfractionEvent;
}
