import type Database from 'better-sqlite3';
import { CodedError } from '../../shared/coded-error';
import type { DomainHandlers } from '../api-types';
import { queryMetricsHistory } from '../metrics/metrics-history';

/** What `metrics.*` needs: the local store's database (absent on a host without a store). */
export interface MetricsContext {
  db?: Database.Database;
  now?: () => number;
}

export function createMetricsHandlers(c: MetricsContext): DomainHandlers<'metrics'> {
  return {
    'metrics.history': (p) => {
      if (!c.db)
        throw new CodedError(
          'metrics.history.noStore',
          'metrics history needs the local store, which this host does not have',
        );
      return queryMetricsHistory(c.db, p.range, (c.now ?? Date.now)(), p.cameraId);
    },
  };
}
