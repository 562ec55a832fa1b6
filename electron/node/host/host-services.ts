import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AuthService } from '../auth/auth-service';
import type { SecretBox } from '../secrets/secret-box';
import { KeyFileSecretBox } from '../secrets/key-file-secret-box';
import { BatchWriter } from '../store/batch-writer';
import { ReportService } from '../store/reports';
import { RetentionJob } from '../store/retention';
import { ReviewService } from '../store/review';
import { ControlRoomStore } from '../store/store';
import { SyncEngine } from '../sync/sync-engine';
import type { Logger } from '../logging/logger';
import type { StoreServices } from './handlers/store-handlers';

export interface HostServices extends StoreServices {
  sync: SyncEngine;
  writer: BatchWriter;
  retention: RetentionJob;
  evidenceRoot: string;
  close(): Promise<void>;
}

/**
 * Opens the local store and the services built on it. A headless host encrypts secrets with a
 * key file beside the database; the desktop app passes its safeStorage-backed box instead.
 */
export function openHostServices(opts: { dataDir: string; logger: Logger; secretBox?: SecretBox }): HostServices {
  mkdirSync(opts.dataDir, { recursive: true });
  const evidenceRoot = path.join(opts.dataDir, 'evidence');
  mkdirSync(evidenceRoot, { recursive: true });
  const secretBox = opts.secretBox ?? KeyFileSecretBox.open(path.join(opts.dataDir, 'secret.key'));
  const store = ControlRoomStore.open({ file: path.join(opts.dataDir, 'watcher.db'), secretBox, evidenceRoot });
  const log = opts.logger.child('store');
  const sync = new SyncEngine(store, { onLog: (line) => log.info(line) });
  const writer = new BatchWriter(store).start();
  const retention = new RetentionJob(store).start(3_600_000, (e) => log.warn('retention step failed', { error: String(e) }));
  sync.start();
  return {
    store,
    auth: new AuthService(store),
    review: new ReviewService(store),
    reports: new ReportService(store),
    sync,
    writer,
    retention,
    evidenceRoot,
    async close() {
      await sync.stop();
      retention.stop();
      writer.stop();
      store.close();
    },
  };
}
