import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importToRegistry } from '../../../../electron/host/models/registry-import';
import { postgresSkipReason } from '../../../helpers/postgres';
import { sharedFixture } from '../../../helpers/fixtures';
import { until, useSyncCluster } from './hosts';

const { host, sql } = useSyncCluster();
const yolox = sharedFixture('models/yolox_nano_416.onnx');
const light = sharedFixture('models/light_person_detector_192.onnx');

describe.skipIf(!!postgresSkipReason || !yolox || !light)(
  'model registry shared through PostgreSQL',
  () => {
    it('a version registered on A (row and file), its aliases, promotion and rollback reach B; B promotes back', async () => {
      const a = await host();
      const b = await host();
      const ra = a.store.models;
      const rb = b.store.models;
      const x = await importToRegistry(ra, yolox!, {
        name: 'YOLOX-Nano',
        source: 'fixture',
        by: 'ana',
      });
      const l = await importToRegistry(ra, light!, {
        name: 'light person',
        source: 'fixture',
        by: 'ana',
        labels: ['person'],
      });
      const sx = x.version.sha256;
      const sl = l.version.sha256;
      ra.setAlias('north', 'champion', sx, 'ana');
      ra.setAlias('north', 'challenger', sl, 'ana');
      await a.sync.waitUntilSynced();

      // The file is stored once on the server, content-addressed like evidence.
      const blobs = await sql<{ sha256: string; complete: boolean }>(
        'SELECT sha256, complete FROM watcher.evidence_blobs WHERE sha256 = ANY($1)',
        [[sx, sl]],
      );
      expect(blobs.map((r) => r.complete)).toEqual([true, true]);

      await until(() => !!rb.get(sx)?.present && !!rb.get(sl)?.present, 30_000, 'model files on B');
      const onB = rb.get(sl)!;
      expect(onB).toMatchObject({
        name: 'light person',
        task: 'detect',
        layout: 'yolox',
        labels: ['person'],
        importedBy: 'ana',
        normalisation: { letterbox: 'top-left', channelOrder: 'bgr' },
      });
      const bytes = readFileSync(rb.fileFor(sx));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(sx);
      expect(rb.alias('north', 'champion')).toBe(sx);
      expect(rb.alias('north', 'challenger')).toBe(sl);
      // B's worker would run the alias from B's own copy of the file.
      expect(rb.workerModelId('registry:north/challenger')).toBe(rb.fileFor(sl));

      // Promotion on B (clears the challenger) reaches A.
      rb.promote('north', 'beto');
      await b.sync.waitUntilSynced();
      await until(
        async () => {
          await a.sync.waitUntilSynced();
          return (
            ra.alias('north', 'champion') === sl && ra.alias('north', 'challenger') === undefined
          );
        },
        30_000,
        'promotion on A',
      );
      expect(ra.history('north').map((h) => h.action)).toEqual(['clear', 'promote', 'set', 'set']);

      // Rollback on A reaches B, and the audit entries of both travel.
      ra.rollback('north', 'ana');
      await a.sync.waitUntilSynced();
      await until(
        async () => {
          await b.sync.waitUntilSynced();
          return rb.alias('north', 'champion') === sx;
        },
        30_000,
        'rollback on B',
      );
      const audit = await sql<{ action: string }>(
        "SELECT data->>'action' AS action FROM watcher.audit WHERE data->>'action' LIKE 'models.%' ORDER BY seq",
      );
      expect(audit.map((r) => r.action)).toEqual(
        expect.arrayContaining([
          'models.register',
          'models.alias',
          'models.promote',
          'models.rollback',
        ]),
      );
    }, 120_000);
  },
);
