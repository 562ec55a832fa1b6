import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AuthService } from './auth/auth-service';
import type { SecretBox } from './secrets/secret-box';
import { KeyFileSecretBox } from './secrets/key-file-secret-box';
import { BatchWriter } from './store/batch-writer';
import { ReportService } from './store/reports';
import { RetentionJob } from './store/retention';
import { ReviewService } from './store/review';
import { ControlRoomStore } from './store/store';
import { SyncEngine } from './sync/sync-engine';
import { EvidenceSigner } from './evidence/evidence-signer';
import type { Logger } from './logging/logger';
import {
  createVehicleRegistry,
  enrichInfraction,
  noVehicleRegistry,
  type VehicleRegistryProvider,
} from './vehicle-registry';
import type { InfractionEvent } from '../shared/domain/infraction';
import { existsSync, readFileSync } from 'node:fs';
import { TrackHistoryService } from './analytics/track-history-service';

export interface HostServices {
  store: ControlRoomStore;
  auth: AuthService;
  review: ReviewService;
  reports: ReportService;
  sync: SyncEngine;
  writer: BatchWriter;
  retention: RetentionJob;
  /** Finished tracks: batch writer, roll-ups and their retention. */
  trackHistory?: TrackHistoryService;
  evidenceRoot: string;
  /** Signs each camera's evidence chain head with the installation key. */
  signer: EvidenceSigner;
  /** The municipality's vehicle registry, from `<data>/vehicle-registry.json`; none when absent. */
  registry: VehicleRegistryProvider;
  /** Looks the infraction's plate up and stores the answer beside it; never touches the infraction. */
  enrich(infraction: InfractionEvent): Promise<void>;
  close(): Promise<void>;
}

/** An invalid registry file is reported and ignored: lookups off, infractions unaffected. */
function loadRegistry(dataDir: string, logger: Logger): VehicleRegistryProvider {
  const file = path.join(dataDir, 'vehicle-registry.json');
  if (!existsSync(file)) return noVehicleRegistry;
  try {
    return createVehicleRegistry(JSON.parse(readFileSync(file, 'utf8')));
  } catch (err) {
    logger.error('vehicle registry configuration is invalid; lookups are off', {
      file,
      error: err instanceof Error ? err.message : String(err),
    });
    return noVehicleRegistry;
  }
}

/**
 * Opens the local store and the services built on it. A headless host encrypts secrets with a
 * key file beside the database; the desktop app passes its safeStorage-backed box instead.
 */
export function openHostServices(opts: {
  dataDir: string;
  logger: Logger;
  secretBox?: SecretBox;
}): HostServices {
  mkdirSync(opts.dataDir, { recursive: true });
  const evidenceRoot = path.join(opts.dataDir, 'evidence');
  mkdirSync(evidenceRoot, { recursive: true });
  const secretBox = opts.secretBox ?? KeyFileSecretBox.open(path.join(opts.dataDir, 'secret.key'));
  const store = ControlRoomStore.open({
    file: path.join(opts.dataDir, 'watcher.db'),
    secretBox,
    evidenceRoot,
  });
  const log = opts.logger.child('store');
  const sync = new SyncEngine(store, { onLog: (line) => log.info(line) });
  const writer = new BatchWriter(store).start();
  const retention = new RetentionJob(store).start(3_600_000, (e) =>
    log.warn('retention step failed', { error: String(e) }),
  );
  const trackHistory = new TrackHistoryService(store, {}, (e) =>
    log.warn('track history write failed', { error: String(e) }),
  ).start();
  const signer = EvidenceSigner.open(store, evidenceRoot, opts.logger.child('evidence'));
  // Events sealed while the host was down (or before signing existed) are signed once, if intact.
  void signer
    .catchUpAll()
    .catch((e: unknown) => log.warn('signing evidence on start failed', { error: String(e) }));
  sync.start();
  const registry = loadRegistry(opts.dataDir, log);
  const saveEnrichment = store.db.prepare(
    `INSERT INTO infraction_enrichment (infraction_id, status, provider, vehicle_json, reason, message, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(infraction_id) DO UPDATE SET status = excluded.status, provider = excluded.provider,
       vehicle_json = excluded.vehicle_json, reason = excluded.reason, message = excluded.message, updated_at = excluded.updated_at`,
  );
  return {
    registry,
    async enrich(infraction) {
      if (registry === noVehicleRegistry || !infraction.plate?.text) return;
      const r = await enrichInfraction(infraction, registry);
      if (!store.db.open) return;
      saveEnrichment.run(
        infraction.id,
        r.status,
        registry.name,
        r.status === 'found' ? JSON.stringify(r.vehicle) : null,
        r.status === 'failed' ? r.reason : null,
        r.status === 'failed' ? r.message : null,
        Date.now(),
      );
      if (r.status === 'failed')
        log.warn('vehicle registry lookup failed', {
          infractionId: infraction.id,
          reason: r.reason,
          message: r.message,
        });
    },
    store,
    auth: new AuthService(store),
    review: new ReviewService(store),
    reports: new ReportService(store),
    sync,
    writer,
    retention,
    trackHistory,
    evidenceRoot,
    signer,
    async close() {
      await signer.idle();
      await sync.stop();
      retention.stop();
      trackHistory.stop();
      writer.stop();
      store.close();
    },
  };
}
