import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from './helpers';

let t: TestStore;
afterEach(() => t?.cleanup());

describe('camera and configuration storage', () => {
  it('keeps RTSP passwords encrypted at rest and gives them back only through get()', () => {
    t = openTestStore();
    t.store.cameras.save(
      {
        id: 'gate-1',
        name: 'Gate',
        source: { kind: 'rtsp', url: 'rtsp://admin:S3cr%40t!@10.0.0.5:554/stream1' },
      },
      'alice',
    );
    t.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const raw = readFileSync(path.join(t.dir, 'watcher.db')).toString('latin1');
    expect(raw).not.toContain('S3cr');
    expect(raw).toContain('rtsp://admin@10.0.0.5:554/stream1');
    const listed = t.store.cameras.list();
    expect(listed[0].hasSecret).toBe(true);
    expect(JSON.stringify(listed)).not.toContain('S3cr');
    const full = t.store.cameras.get('gate-1')!;
    expect(full.source.kind === 'rtsp' && full.source.url).toBe(
      'rtsp://admin:S3cr%40t!@10.0.0.5:554/stream1',
    );
    // Saving the password-less config shown in the UI keeps the stored password.
    t.store.cameras.save({ ...listed[0], name: 'Gate renamed' }, 'alice');
    expect(t.store.cameras.get('gate-1')!.source).toMatchObject({
      url: 'rtsp://admin:S3cr%40t!@10.0.0.5:554/stream1',
    });
    // The audit trail records the change without the password.
    const audit = t.store.audit.list({ target: 'camera:gate-1' });
    expect(audit.map((e) => e.action)).toEqual(['camera.update', 'camera.create']);
    expect(JSON.stringify(audit)).not.toContain('S3cr');
    const outbox = t.store.db.prepare('SELECT entity, key FROM sync_outbox ORDER BY seq').all();
    expect(outbox).toContainEqual({ entity: 'camera', key: 'gate-1' });
  });

  it('encrypts every URL credential form: empty user, raw @ and : in the password, query values', () => {
    t = openTestStore();
    const urls = {
      empty: 'rtsp://:EmptyUs3rPw@10.0.0.6/s',
      at: 'rtsp://admin:R4w@Pass:Word@10.0.0.7/s',
      query: 'http://10.0.0.8/video.cgi?user=admin&pwd=Qu3ryPw&token=Qu3ryTok&res=1',
    };
    for (const [id, url] of Object.entries(urls))
      t.store.cameras.save(
        { id, name: id, source: { kind: url.startsWith('rtsp') ? 'rtsp' : 'http', url } },
        'alice',
      );
    t.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const raw = readFileSync(path.join(t.dir, 'watcher.db')).toString('latin1');
    for (const secret of ['EmptyUs3rPw', 'R4w@Pass', 'R4w%40Pass', 'Qu3ryPw', 'Qu3ryTok'])
      expect(raw, secret).not.toContain(secret);
    const listed = Object.fromEntries(t.store.cameras.list().map((c) => [c.id, c]));
    expect(listed.empty.source).toMatchObject({ url: 'rtsp://10.0.0.6/s' });
    expect(listed.at.source).toMatchObject({ url: 'rtsp://admin@10.0.0.7/s' });
    expect(listed.query.source).toMatchObject({
      url: 'http://10.0.0.8/video.cgi?user=admin&pwd=***&token=***&res=1',
    });
    expect(Object.values(listed).every((c) => c.hasSecret)).toBe(true);
    expect(t.store.cameras.get('empty')!.source).toMatchObject({ url: urls.empty });
    expect(t.store.cameras.get('at')!.source).toMatchObject({
      url: 'rtsp://admin:R4w%40Pass%3AWord@10.0.0.7/s',
    });
    expect(t.store.cameras.get('query')!.source).toMatchObject({ url: urls.query });
    // The shown form saved back keeps them.
    t.store.cameras.save({ ...listed.query, name: 'renamed' }, 'alice');
    expect(t.store.cameras.get('query')!.source).toMatchObject({ url: urls.query });
    const audit = JSON.stringify(t.store.audit.list({}));
    for (const secret of ['EmptyUs3rPw', 'R4w@Pass', 'R4w%40Pass', 'Qu3ryPw', 'Qu3ryTok'])
      expect(audit, secret).not.toContain(secret);
  });

  it('still reads a password blob written before query credentials were split out', () => {
    t = openTestStore();
    t.store.cameras.save(
      { id: 'old', name: 'Old', source: { kind: 'rtsp', url: 'rtsp://u@h/s' } },
      'a',
    );
    t.store.db
      .prepare('UPDATE cameras SET secret_blob = ? WHERE id = ?')
      .run(t.store.secretBox.encrypt('p@ss'), 'old');
    expect(t.store.cameras.get('old')!.source).toMatchObject({ url: 'rtsp://u:p%40ss@h/s' });
  });

  it('rejects an invalid camera with a code, without echoing secrets', () => {
    t = openTestStore();
    expect(() =>
      t.store.cameras.save(
        { id: 'bad id', name: 'x', source: { kind: 'rtsp', url: 'rtsp://u:pw@h/x' } },
        'a',
      ),
    ).toThrow(expect.objectContaining({ code: 'store.error.invalidCamera' }));
  });

  it('versions calibrations and rule sets and stores zones last-writer-wins', () => {
    t = openTestStore();
    expect(t.store.config.addRuleSet('cam-1', { rules: [1] }, 'sup').version).toBe(1);
    expect(t.store.config.addRuleSet('cam-1', { rules: [1, 2] }, 'sup').version).toBe(2);
    expect(t.store.config.addCalibration('cam-1', { ppm: 10 }, 'sup').version).toBe(1);
    expect(t.store.config.ruleSet('cam-1')!.data).toEqual({ rules: [1, 2] });
    expect(t.store.config.ruleSet('cam-1', 1)!.data).toEqual({ rules: [1] });
    t.store.config.saveZone(
      {
        id: 'z1',
        cameraId: 'cam-1',
        name: 'Crossing',
        data: {
          polygon: [
            [0, 0],
            [1, 0],
            [1, 1],
          ],
        },
      },
      'sup',
    );
    t.clock.t += 1000;
    t.store.config.saveZone({ id: 'z1', cameraId: 'cam-1', name: 'Crossing 2', data: {} }, 'sup2');
    expect(t.store.config.zones('cam-1')).toMatchObject([
      { id: 'z1', name: 'Crossing 2', updatedBy: 'sup2' },
    ]);
    t.store.config.saveModel(
      { id: 'yolo', name: 'YOLOv8n', path: 'models/y.onnx', meta: { input: 416 } },
      'admin',
    );
    expect(t.store.config.models()[0].meta).toEqual({ input: 416 });
    const actions = t.store.audit.list().map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'rule_set.create',
        'calibration.create',
        'zone.create',
        'zone.update',
        'model.save',
      ]),
    );
  });
});
