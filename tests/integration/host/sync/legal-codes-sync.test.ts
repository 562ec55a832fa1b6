import { describe, expect, it } from 'vitest';
import { postgresSkipReason } from '../../../helpers/postgres';
import { until, useSyncCluster } from './hosts';

const { host } = useSyncCluster();

if (postgresSkipReason) console.warn(`legal-code sync skipped: ${postgresSkipReason}`);

describe.skipIf(!!postgresSkipReason)('legal-code catalogue shared through PostgreSQL', () => {
  it('a preset, an edit and a removal on A reach B; a preset applied on B replaces the catalogue on A', async () => {
    const a = await host();
    const b = await host();
    a.store.legalCodes.applyPreset('PE', 'admin');
    await a.sync.waitUntilSynced();
    await until(() => b.store.legalCodes.list().length === 5, 20_000, 'the PE preset on B');
    expect(b.store.legalCodes.list().map((c) => c.code)).toEqual(
      a.store.legalCodes.list().map((c) => c.code),
    );

    const speed = a.store.legalCodes.list().find((c) => c.id === 'pe-speed')!;
    a.store.legalCodes.save({ ...speed, amount: 700 }, 'admin');
    a.store.legalCodes.remove('pe-zone', 'admin');
    await a.sync.waitUntilSynced();
    await until(
      () =>
        b.store.legalCodes.list().find((c) => c.id === 'pe-speed')?.amount === 700 &&
        !b.store.legalCodes.list().some((c) => c.id === 'pe-zone'),
      20_000,
      'the edit and the removal on B',
    );

    // Another country's preset replaces the catalogue everywhere: PE codes become tombstones.
    b.store.legalCodes.applyPreset('ES', 'admin2');
    await b.sync.waitUntilSynced();
    await until(
      () => a.store.legalCodes.list().every((c) => c.country === 'ES'),
      20_000,
      'the ES preset on A',
    );
    expect(a.store.legalCodes.list()).toHaveLength(b.store.legalCodes.list().length);
  }, 90_000);
});
