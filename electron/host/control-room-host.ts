import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { EventEnvelope, ResponseEnvelope } from '../shared/api/envelope';
import type { ApiEventPayload, ApiEventTopic } from '../shared/api/contract';
import type { CameraConfig, CameraStatus } from '../shared/config/camera';
import type { WorkerStateInfo } from '../shared/api/methods/system';
import { WATCHER_VERSION } from '../shared/version';
import {
  type CameraScene,
  type InferenceSettings,
  type ShadowSpec,
  type WorkerCamera,
  type WorkerToHost,
} from '../shared/protocol/worker-protocol';
import { calibrationConfigSchema } from '../shared/config/calibration';
import type { InfractionEvent } from '../shared/domain/infraction';
import { ruleSetSchema } from '../shared/config/rules';
import { ffmpegBinary, ffprobeBinary } from '../../inference/worker/ffmpeg/ffmpeg-path';
import { CameraRegistry } from './cameras/camera-registry';
import type { Logger } from './logging/logger';
import { WorkerSupervisor } from './workers/worker-supervisor';
import { HostInferenceSettings, type InferenceLayer } from './inference/inference-settings';
import { createInferenceHandlers } from './handlers/inference-handlers';
import type { WorkerForker } from './workers/worker-process';
import type { Authorizer, ConnectionContext, HandlerMap } from './api-types';
import { createDispatcher, type Dispatch } from './api/dispatcher';
import { sessionAuthorizer, sessionEventAccess } from './auth/permissions';
import { createSystemHandlers } from './handlers/system-handlers';
import { createCameraHandlers } from './handlers/camera-handlers';
import { createAuthHandlers } from './handlers/auth-handlers';
import { createUserHandlers } from './handlers/user-handlers';
import { createInfractionHandlers } from './handlers/infraction-handlers';
import { createAuditHandlers } from './handlers/audit-handlers';
import { createFinesHandlers } from './handlers/fines-handlers';
import { createSyncHandlers } from './handlers/sync-handlers';
import { createPlateHandlers } from './handlers/plate-handlers';
import { createPlateStatsHandlers } from './handlers/plate-stats-handlers';
import { createCalibrationHandlers } from './handlers/calibration-handlers';
import { createRuleHandlers } from './handlers/rule-handlers';
import { createEvidenceHandlers } from './handlers/evidence-handlers';
import { exportInfractionPackage } from './evidence/export-package';
import { createReportHandlers, reportSources } from './handlers/report-handlers';
import { createScheduleHandlers } from './handlers/schedule-handlers';
import { ReportScheduler } from './reports/schedules/report-scheduler';
import { ScheduleStore } from './reports/schedules/schedule-store';
import { allowedReportFolders } from './reports/schedules/report-folders';
import type { EmailChannelLookup } from './reports/schedules/schedule-runner';
import { emailChannelsFromNotify } from './reports/schedules/notify-email-channels';
import { NotifyStore } from './notify/notify-store';
import { createModelHandlers } from './handlers/model-handlers';
import { createModelCompareHandlers } from './handlers/model-compare-handlers';
import { createModelLabHandlers } from './handlers/model-lab-handlers';
import { createSignalHandlers } from './handlers/signal-handlers';
import { createFrameHandlers } from './handlers/frame-handlers';
import { createHostNotifications } from './notify/host-notifications';
import { createMetricsHandlers } from './handlers/metrics-handlers';
import { createAnalyticsHandlers } from './handlers/analytics-handlers';
import {
  buildAnalyticsExport,
  createAnalyticsExportHandlers,
} from './handlers/analytics-export-handlers';
import { createTrackHandlers } from './handlers/track-handlers';
import { appearanceEmbedderOf } from './tracks/appearance-embedder-of';
import { resolveProbeEntry, runProbe } from './models/probe';
import { createAlarmHandlers } from './handlers/alarm-handlers';
import { AlarmService } from './alarms/alarm-service';
import { SystemAlarmMonitor } from './alarms/system-monitor';
import { cachedRuleLookup } from './alarms/rule-lookup';
import { publicAlarm } from './store/alarms';
import { AnomalyMonitor } from './anomaly/anomaly-monitor';
import { createSafetyHandlers } from './handlers/safety-handlers';
import { createApiKeyHandlers } from './handlers/api-key-handlers';
import { withApiKeys } from './auth/api-key-authorizer';
import { FileVersionedConfigs } from './store/file-configs';
import { PlateReadClient } from './plate-read-client';
import { LiveEmbeddingClient } from './tracks/live-embedding-client';
import { EvidenceBudgetMonitor } from './store/budget-monitor';
import type { HostServices } from './host-services';
import { createMqttHandlers } from './handlers/mqtt-handlers';
import {
  createHostMqtt,
  withMqttReviewUpdates,
  type HostMqttOptions,
} from './integrations/mqtt/host-mqtt';
import type { MqttIntegration } from './integrations/mqtt/mqtt-integration';
import { registerMqttMetrics } from './integrations/mqtt/mqtt-metrics';
import { HostMetrics } from './metrics/host-metrics';
import { createRegistryHandlers } from './handlers/registry-handlers';
import { ShadowTracker } from './models/shadow-tracker';
import type { CameraGate } from './fleet/lease-manager';
import { createFleetHandlers } from './handlers/fleet-handlers';
import { createOnvifHandlers } from './handlers/onvif-handlers';
import { createMapHandlers } from './handlers/map-handlers';
import { HostMapSettings } from './map/map-settings-store';
import { TileProxy } from './map/tile-proxy';
import { cameraPlateCountries } from '../shared/domain/plate-country';
import {
  Connection,
  type BackPressurePolicy,
  type ConnectionSink,
  type EventAccess,
} from './connections/connection';

export interface HostOptions {
  dataDir: string;
  runtime: 'electron' | 'node';
  forker: WorkerForker;
  workerEntry: string;
  logger: Logger;
  modelsDir?: string;
  /** Inference settings given by the shell (command-line flags): over the environment and the stored setting. */
  inference?: Partial<InferenceSettings>;
  /** WATCHER_PROVIDER / WATCHER_DEVICE_ID / WATCHER_THREADS, over the stored setting. */
  inferenceEnv?: InferenceLayer;
  /** Cameras per worker process; more workers isolate faults, fewer share one ONNX session. */
  camerasPerWorker?: number;
  /** Local store, auth, review, reports and sync. Without it the host runs in memory, unauthenticated. */
  services?: HostServices;
  /** Role checks for every call; by default the store's roles when there is a store, else none. */
  authorize?: Authorizer;
  /** The MQTT publisher (with a store): environment override and tuning. */
  mqtt?: HostMqttOptions;
  /** Email notification channels for scheduled reports (see the wiring point in createHandlers). */
  emailChannel?: EmailChannelLookup;
  supervisor?: {
    heartbeatIntervalMs?: number;
    heartbeatTimeoutMs?: number;
    backoffInitialMs?: number;
  };
  /** How often system alarm conditions and auto-close are checked (default 1 s). */
  alarmTickMs?: number;
  /** Fleet mode: only the cameras this node holds a lease on are analysed here. */
  fleet?: CameraGate;
}

type EventListener = (event: EventEnvelope) => void;

/**
 * The control-room host: camera registry, worker supervisor and the API, in plain Node. The
 * Electron main process and `watcher serve` both construct one and attach a transport to it.
 */
export class ControlRoomHost {
  readonly startedAt = Date.now();
  readonly cameras: CameraRegistry;
  readonly supervisor: WorkerSupervisor;
  /** Review's on-demand plate reads, answered by inference workers. */
  readonly plateReads: PlateReadClient;
  /** Latest embeddings of tracks still in view, asked of the workers running their cameras. */
  private readonly liveEmbeddings: LiveEmbeddingClient;
  /** Per-camera evidence disk budget (with a store): usage, warnings, retention, clips on/off. */
  readonly evidenceBudget: EvidenceBudgetMonitor | undefined;
  /** Alarms (with a store): raised by infractions and system conditions, acted on by operators. */
  readonly alarms: AlarmService | undefined;
  private readonly alarmMonitor: SystemAlarmMonitor | undefined;
  private readonly anomalyMonitor: AnomalyMonitor | undefined;
  /** Scheduled reports (with a store). */
  private schedules?: ReportScheduler;
  readonly ffmpeg = ffmpegBinary();
  /** Events to an MQTT broker (with a store); off until configured. */
  readonly mqtt: MqttIntegration | undefined;
  private offMqtt?: () => void;
  /** The Prometheus registry served at `/metrics`; other modules add theirs (see HostMetrics). */
  readonly metrics: HostMetrics;
  /** The host-wide inference setting (Settings → System) under the shell's flags and environment. */
  readonly inference: HostInferenceSettings;
  private readonly statuses = new Map<string, CameraStatus>();
  private readonly latestPreview = new Map<string, ApiEventPayload<'camera.preview'>>();
  private readonly listeners = new Set<EventListener>();
  /** Open connections, told to re-check their grants when the auth service changes access. */
  private readonly connections = new Set<Connection>();
  private readonly eventAccess?: EventAccess;
  private readonly offAccessChange?: () => void;
  private readonly handlers: HandlerMap;
  private readonly dispatch: Dispatch;
  /** Notifications that leave the building (with a store): handlers and the outbox loop. */
  private readonly notifications?: ReturnType<typeof createHostNotifications>;

  constructor(readonly opts: HostOptions) {
    this.cameras = new CameraRegistry(opts.services?.store.cameras, () => this.reassign());
    this.inference = new HostInferenceSettings(opts.services?.store, {
      flags: opts.inference,
      env: opts.inferenceEnv,
    });
    let ffprobePath: string | undefined;
    try {
      ffprobePath = ffprobeBinary().path;
    } catch {
      ffprobePath = undefined;
    }
    this.supervisor = new WorkerSupervisor({
      forker: opts.forker,
      entry: opts.workerEntry,
      logger: opts.logger.child('supervisor'),
      init: {
        dataDir: opts.dataDir,
        ffmpegPath: this.ffmpeg.path,
        ffprobePath,
        modelsDir: opts.modelsDir ?? path.join(opts.dataDir, 'models'),
        inference: this.inference.effective(),
      },
      onMessage: (workerId, msg) => this.onWorkerMessage(workerId, msg),
      onState: (state) => {
        this.plateReads.workerState(state);
        this.liveEmbeddings.workerState(state);
        this.publish('worker.state', state);
        this.workerStalled(state);
        this.alarmMonitor?.workerState(state);
      },
      ...opts.supervisor,
    });
    this.liveEmbeddings = new LiveEmbeddingClient({
      sendToCameraWorker: (message, cameraId) =>
        this.supervisor.sendToCameraWorker(message, cameraId),
    });
    this.plateReads = new PlateReadClient({
      sendToRunning: (message, cameraId) => this.supervisor.sendToRunning(message, cameraId),
      worker: { forker: opts.forker, entry: opts.workerEntry },
      logger: opts.logger.child('plates'),
    });
    const services = opts.services;
    this.evidenceBudget = services
      ? new EvidenceBudgetMonitor({
          retention: services.retention,
          cameras: () =>
            this.cameras.list().map((c) => ({
              cameraId: c.id,
              diskBudgetMB: c.evidence.diskBudgetMB,
              warnAtPercent: c.evidence.warnAtPercent,
            })),
          setClipsEnabled: (id, enabled) => this.supervisor.setClipsEnabled(id, enabled),
          isOpen: () => services.store.db.open,
          log: opts.logger.child('evidence'),
        })
      : undefined;
    this.metrics = new HostMetrics({
      cameraStatuses: () => this.cameraStatuses(),
      workerStates: () => this.workerStates(),
      sync:
        services &&
        (() => {
          const s = services.sync.status();
          return { lastSyncAt: s.lastSyncAt, pendingChanges: s.behind };
        }),
      evidence: () => this.evidenceBudget?.list() ?? [],
      eventWriter:
        services &&
        (() => ({ queued: services.writer.queued, dropped: services.writer.stats.dropped })),
    });
    this.listeners.add((event) => this.metrics.onHostEvent(event));
    this.mqtt = services
      ? createHostMqtt(services.store, opts.logger.child('mqtt'), opts.mqtt)
      : undefined;
    if (this.mqtt) registerMqttMetrics(this.metrics, () => this.mqtt!.status());
    this.notifications =
      services &&
      createHostNotifications({
        services,
        logger: opts.logger,
        onEvent: (l) => this.onEvent(l),
        metrics: this.metrics,
      });
    this.alarms = services
      ? new AlarmService({
          store: services.store,
          publish: (topic, alarm) => this.publish(topic, alarm),
          ruleFor: cachedRuleLookup(services.store.config),
        })
      : undefined;
    this.alarmMonitor = this.alarms
      ? new SystemAlarmMonitor({
          alarms: this.alarms,
          now: services!.store.now,
          statuses: () => this.cameraStatuses(),
          enabledCameras: () =>
            this.cameras
              .list()
              .filter((c) => c.enabled)
              .map((c) => c.id),
          evidenceUsage: () => this.evidenceBudget?.list() ?? [],
          syncStatus: () => services!.sync.status(),
          requestedProvider: () => this.inference.effective().provider,
          onError: (e) => opts.logger.warn('alarm check failed', { error: String(e) }),
        })
      : undefined;
    this.anomalyMonitor = this.alarms
      ? new AnomalyMonitor({
          db: services!.store.db,
          alarms: this.alarms,
          now: services!.store.now,
          localOffsetMin: (t) => -new Date(t).getTimezoneOffset(),
          onError: (e) => opts.logger.warn('anomaly check failed', { error: String(e) }),
        })
      : undefined;
    this.handlers = { ...this.createHandlers(), ...this.notifications?.handlers };
    this.dispatch = createDispatcher({
      handlers: this.handlers,
      authorize: withApiKeys(opts.authorize ?? sessionAuthorizer(opts.services?.auth)),
      resolveSession: (token) => opts.services?.auth.session(token),
      logger: opts.logger,
    });
    if (services) {
      // Live events follow the same rule as calls: the topic's permission, for this session now.
      this.eventAccess = sessionEventAccess(services.auth, services.store.now);
      this.offAccessChange = services.auth.onAccessChange(() => {
        for (const c of this.connections) c.refreshAccess();
      });
    }
  }

  get services(): HostServices | undefined {
    return this.opts.services;
  }

  /**
   * Every domain's handlers, each given only the services it needs. A host with a store keeps
   * versions, reports and evidence there; without one, calibration and rule versions go to JSON
   * files and store-only features answer with a clear code (or are not offered).
   */
  private createHandlers(): HandlerMap {
    const { opts, cameras } = this;
    const services = opts.services;
    const configs =
      services?.store.config ?? new FileVersionedConfigs(path.join(opts.dataDir, 'ui-config'));
    const handlers: HandlerMap = {
      ...createSystemHandlers({
        startedAt: this.startedAt,
        runtime: opts.runtime,
        ffmpeg: this.ffmpeg,
        workerStates: () => this.workerStates(),
        evidenceUsage: () => this.evidenceBudget?.list() ?? [],
      }),
      ...createCameraHandlers({
        cameras,
        statuses: () => this.cameraStatuses(),
        ffmpegPath: this.ffmpeg.path,
      }),
      ...createCalibrationHandlers({ configs, cameras }),
      // ONVIF probes and PTZ (audited with a store) and the camera map's tiles, fetched here.
      ...createOnvifHandlers({
        cameras,
        audit: services && {
          append: (...a) => services.store.tx(() => services.store.audit.append(...a)),
        },
      }),
      ...createMapHandlers({
        settings: new HostMapSettings(services?.store),
        tiles: new TileProxy(),
        audit: services && {
          append: (...a) => services.store.tx(() => services.store.audit.append(...a)),
        },
      }),
      ...createRuleHandlers({
        configs,
        cameras,
        testScene: (req, timeoutMs) => this.supervisor.testScene(req, timeoutMs),
      }),
      ...createEvidenceHandlers({
        evidence: services && {
          root: services.evidenceRoot,
          get: (id) => services.store.infractions.get(id),
          exportPackage: (id, actor) =>
            exportInfractionPackage({
              store: services.store,
              key: services.signer.key,
              evidenceRoot: services.evidenceRoot,
              infractionId: id,
              actor,
              ffmpegPath: this.ffmpeg.path,
            }),
          ffmpegPath: this.ffmpeg.path,
          scratchDir: path.join(opts.dataDir, 'tmp'),
        },
      }),
      ...createReportHandlers({
        db: services?.store.db,
        ruleSet: (id) => configs.ruleSet(id),
        cameras,
        statuses: () => this.cameraStatuses(),
        workerStates: () => this.workerStates(),
      }),
      ...createInferenceHandlers({
        settings: this.inference,
        restartWorkers: (settings) => this.supervisor.restartAll(settings),
      }),
      ...createModelHandlers({
        modelsDir: opts.modelsDir ?? path.join(opts.dataDir, 'models'),
        uploadsDir: path.join(opts.dataDir, 'model-uploads'),
        forker: opts.forker,
        workerEntry: opts.workerEntry,
        inference: this.inference.effective(),
        logger: opts.logger.child('models'),
        cameras,
        latestPreview: (id) => this.latestPreview.get(id)?.jpeg,
        ffmpegPath: this.ffmpeg.path,
      }),
      ...createModelCompareHandlers({
        modelsDir: opts.modelsDir ?? path.join(opts.dataDir, 'models'),
        forker: opts.forker,
        workerEntry: opts.workerEntry,
        inference: this.inference.effective(),
        logger: opts.logger.child('models'),
      }),
      ...createModelLabHandlers({
        dataDir: opts.dataDir,
        modelsDir: opts.modelsDir ?? path.join(opts.dataDir, 'models'),
        forker: opts.forker,
        workerEntry: opts.workerEntry,
        inference: this.inference.effective(),
        logger: opts.logger.child('models'),
        ffmpegPath: this.ffmpeg.path,
        cameras,
        latestPreview: (id) => this.latestPreview.get(id)?.jpeg,
        pushTo: (connectionId, event) => this.pushToConnection(connectionId, event),
        audit: services?.store.audit,
      }),
      ...createSignalHandlers({
        cameras,
        ruleSet: (id) => {
          const camera = cameras.get(id);
          return camera ? this.sceneFor(camera)?.rules : undefined;
        },
        setExternalSignal: (state) => this.supervisor.setExternalSignal(state),
        logger: opts.logger.child('signals'),
      }),
      ...createFrameHandlers({
        modelsDir: opts.modelsDir ?? path.join(opts.dataDir, 'models'),
        forker: opts.forker,
        workerEntry: opts.workerEntry,
        inference: opts.inference,
        cameras,
        ffmpegPath: this.ffmpeg.path,
        logger: opts.logger.child('frames'),
      }),
      ...createMetricsHandlers({ db: services?.store.db }),
      ...createAnalyticsHandlers({
        db: services?.store.db,
        cameras: () => cameras.list().map((cam) => ({ id: cam.id, name: cam.name })),
        ruleSet: (id) => configs.ruleSet(id),
      }),
      ...createAnalyticsExportHandlers({
        db: services?.store.db,
        cameras: () => cameras.list().map((cam) => ({ id: cam.id, name: cam.name })),
        ruleSet: (id) => configs.ruleSet(id),
      }),
      ...createTrackHandlers({
        db: services?.store.db,
        cameras: () => cameras.list().map((cam) => ({ id: cam.id, name: cam.name })),
        embedder: () =>
          appearanceEmbedderOf(cameras.list(), opts.modelsDir ?? path.join(opts.dataDir, 'models')),
        embedImage: async (modelPath, image) =>
          (
            await runProbe(
              {
                forker: opts.forker,
                entry: resolveProbeEntry(opts.workerEntry),
                timeoutMs: 60_000,
              },
              {
                type: 'embed',
                modelPath,
                image,
                // One picture: the CPU is enough and never competes with a GPU's camera work.
                inference: { ...this.inference.effective(), provider: 'cpu' },
              },
              'embedded',
            )
          ).vector,
        liveEmbedding: async (cameraId, trackId) =>
          (await this.liveEmbeddings.latest(cameraId, trackId))?.vector,
      }),
      ...createSafetyHandlers({
        configs,
        cameras,
        anomaly: this.anomalyMonitor,
        audit: services?.store.audit,
      }),
    };
    if (!services) return handlers;
    const allowedFolders = allowedReportFolders(opts.dataDir);
    this.schedules = new ReportScheduler({
      store: new ScheduleStore(services.store.db, services.store.now),
      sources: reportSources({
        db: services.store.db,
        ruleSet: (id) => configs.ruleSet(id),
        cameras,
        statuses: () => this.cameraStatuses(),
        workerStates: () => this.workerStates(),
      }),
      // WIRING POINT (notification channels): scheduled reports email through the enabled email
      // channels of the notification store.
      emailChannel:
        opts.emailChannel ??
        emailChannelsFromNotify(
          new NotifyStore(services.store.db, services.store.secretBox, services.store.now),
        ),
      allowedFolders,
      analytics: (p) =>
        buildAnalyticsExport(
          {
            db: services.store.db,
            cameras: () => cameras.list().map((cam) => ({ id: cam.id, name: cam.name })),
            ruleSet: (id) => configs.ruleSet(id),
          },
          p,
          { operator: p.operator, now: services.store.now() },
        ),
      now: services.store.now,
      log: (msg, fields) => opts.logger.child('schedules').warn(msg, fields),
    });
    const withStore: HandlerMap = {
      ...handlers,
      ...createScheduleHandlers({
        scheduler: this.schedules,
        allowedFolders,
        audit: services.store.audit,
        tx: (fn) => services.store.tx(fn),
      }),
      ...createAuthHandlers(services),
      ...createUserHandlers(services),
      ...createInfractionHandlers(services),
      ...createAuditHandlers(services),
      ...createFinesHandlers({
        store: services.store,
        notice: {
          evidenceRoot: services.evidenceRoot,
          exportPackage: (id, actor) =>
            exportInfractionPackage({
              store: services.store,
              key: services.signer.key,
              evidenceRoot: services.evidenceRoot,
              infractionId: id,
              actor,
              ffmpegPath: this.ffmpeg.path,
            }),
          cameraName: (id) => this.cameras.get(id)?.name,
        },
      }),
      ...createSyncHandlers(services),
      ...(this.mqtt ? createMqttHandlers({ mqtt: this.mqtt }) : {}),
      ...(this.alarms ? createAlarmHandlers({ alarms: this.alarms, sync: services.sync }) : {}),
      ...createApiKeyHandlers({ apiKeys: services.store.apiKeys }),
      ...createFleetHandlers({
        fleet: opts.fleet,
        cameraExists: (id) => !!cameras.get(id),
        audit: services.store.audit,
        tx: (fn) => services.store.tx(fn),
      }),
      ...createRegistryHandlers({
        registry: services.store.models,
        modelsDir: opts.modelsDir ?? path.join(opts.dataDir, 'models'),
        cameras: () => cameras.list(),
      }),
      ...createPlateStatsHandlers({ store: services.store }),
      ...createPlateHandlers({
        store: services.store,
        registryName: services.registry.name,
        evidenceRoot: services.evidenceRoot,
        reads: {
          reads: this.plateReads,
          plateCountry: (id) => {
            const cam = this.cameras.get(id);
            return cam ? cameraPlateCountries(cam) : undefined;
          },
        },
      }),
    };
    return this.mqtt
      ? withMqttReviewUpdates(withStore, this.mqtt, (id) => services.store.infractions.get(id))
      : withStore;
  }

  private lastAssignment = '';
  private reassignTimer?: ReturnType<typeof setTimeout>;

  private stopping = false;
  /** Cameras handed to workers by the last reassign. */
  private assigned = new Set<string>();
  private offFleet?: () => void;
  private unsubscribeStore?: () => void;
  private unsubscribeRemoteAlarms?: () => void;

  start(): void {
    const f = this.ffmpeg;
    this.opts.logger.info('host starting', {
      version: WATCHER_VERSION,
      runtime: this.opts.runtime,
      dataDir: this.opts.dataDir,
      ffmpeg: `${f.path} (${f.source}, ${f.version}, ${f.release ?? '?'}, ${f.year ?? '?'})`,
    });
    if (f.outdated)
      this.opts.logger.warn('ffmpeg is more than five years old; install a current ffmpeg', {
        path: f.path,
        version: f.version,
        release: f.release,
        year: f.year,
      });
    this.cameras.load();
    this.offFleet = this.opts.fleet?.onChange(() => {
      this.reassign();
      // Owners of other nodes' cameras may have changed without this host's own set changing.
      this.markElsewhere();
    });
    this.opts.fleet?.start();
    this.reassign();
    this.evidenceBudget?.start();
    const mqtt = this.mqtt;
    if (mqtt) {
      this.offMqtt = this.onEvent((e) => mqtt.onHostEvent(e));
      void mqtt.start();
    }
    this.notifications?.start();
    this.alarmMonitor?.start(this.opts.alarmTickMs);
    this.anomalyMonitor?.start();
    // Alarms raised or changed on other workstations reach this wall as they arrive.
    this.unsubscribeRemoteAlarms = this.opts.services?.store.alarms.onRemoteChange((a, isNew) =>
      this.publish(isNew ? 'alarm.raised' : 'alarm.updated', publicAlarm(a)),
    );
    this.schedules?.start();
    // A new calibration or rule version (saved here or pulled by sync) reaches the workers.
    this.unsubscribeStore = this.opts.services?.store.onChange(() => {
      if (this.stopping) return;
      clearTimeout(this.reassignTimer);
      this.reassignTimer = setTimeout(() => this.reassign(), 500);
    });
  }

  async stop(): Promise<void> {
    // Store changes while the writer flushes must not schedule work on a closing database.
    this.stopping = true;
    this.unsubscribeStore?.();
    clearTimeout(this.reassignTimer);
    this.offAccessChange?.();
    this.evidenceBudget?.stop();
    this.offMqtt?.();
    this.alarmMonitor?.stop();
    this.anomalyMonitor?.stop();
    this.unsubscribeRemoteAlarms?.();
    this.liveEmbeddings.stop();
    await Promise.all([
      this.supervisor.stop(),
      this.plateReads.stop(),
      this.mqtt?.stop(),
      this.notifications?.stop(),
      this.schedules?.stop(),
    ]);
    // Leases go back only once the workers are down, so no camera runs on two nodes.
    this.offFleet?.();
    await this.opts.fleet?.stop();
    clearTimeout(this.reassignTimer);
    await this.opts.services?.close();
    clearTimeout(this.reassignTimer);
    this.listeners.clear();
    this.opts.logger.info('host stopped');
  }

  /**
   * A worker that stopped answering (or died) is not streaming anything: its cameras say so at
   * once instead of showing their last `streaming` status until the restarted worker reports.
   */
  private workerStalled(state: WorkerStateInfo): void {
    if (this.stopping || (state.state !== 'unresponsive' && state.state !== 'restarting')) return;
    for (const cameraId of state.cameras) {
      const last = this.statuses.get(cameraId);
      if (!last || last.state === 'stalled' || last.state === 'stopped') continue;
      const status: CameraStatus = {
        ...last,
        state: 'stalled',
        fps: 0,
        reason: `worker ${state.workerId} is not responding`,
        reasonCode: 'camera.error.workerHung',
      };
      this.statuses.set(cameraId, status);
      this.publish('camera.status', status);
    }
  }

  /** Other areas (store, reviews, models) add their handlers here at start-up. */
  registerHandlers(handlers: HandlerMap): void {
    Object.assign(this.handlers, handlers);
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish<T extends ApiEventTopic>(topic: T, payload: ApiEventPayload<T>): void {
    const event: EventEnvelope = { kind: 'event', topic, payload };
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (err) {
        this.opts.logger.warn('event listener failed', { topic, error: String(err) });
      }
    }
  }

  /** State a newly connected UI needs at once: statuses and the latest frame of each camera. */
  snapshotEvents(): EventEnvelope[] {
    return [
      ...[...this.statuses.values()].map((payload) => ({
        kind: 'event' as const,
        topic: 'camera.status',
        payload,
      })),
      ...[...this.latestPreview.values()].map((payload) => ({
        kind: 'event' as const,
        topic: 'camera.preview',
        payload,
      })),
    ];
  }

  cameraStatuses(): CameraStatus[] {
    return this.cameras.list().map(
      (c) =>
        this.statuses.get(c.id) ?? {
          cameraId: c.id,
          state:
            c.enabled && (!this.opts.fleet || this.assigned.has(c.id)) ? 'connecting' : 'stopped',
          frames: 0,
          fps: 0,
          droppedByRate: 0,
          lost: 0,
          reconnects: 0,
        },
    );
  }

  workerStates(): WorkerStateInfo[] {
    return this.supervisor.states();
  }

  /** One event to one open connection only, if its session may receive the topic. */
  pushToConnection(connectionId: string, event: EventEnvelope): boolean {
    for (const c of this.connections) if (c.id === connectionId) return c.push(event);
    return false;
  }

  newConnection(transport: ConnectionContext['transport']): ConnectionContext {
    return { connectionId: randomUUID(), transport };
  }

  /**
   * A client on any transport: it gets the snapshot at once, then every event its session may
   * receive (each topic's permission, re-checked when access changes), under one
   * back-pressure policy. The transport passes its requests to `receive` and closes it when the
   * peer goes.
   */
  connect(
    transport: ConnectionContext['transport'],
    sink: ConnectionSink,
    policy?: Partial<BackPressurePolicy>,
  ): Connection {
    const connection = new Connection({
      host: this,
      context: this.newConnection(transport),
      sink,
      logger: this.opts.logger.child('connections'),
      resolveSession: (token) => this.opts.services?.auth.session(token),
      access: this.eventAccess,
      policy,
    });
    this.connections.add(connection);
    connection.onClose(() => this.connections.delete(connection));
    return connection.open();
  }

  /**
   * One request from any transport: validated, authorised, handled, result checked (see
   * createDispatcher). Never throws: every failure becomes an error response with a code the UI
   * can translate.
   */
  handle(raw: unknown, ctx: ConnectionContext): Promise<ResponseEnvelope | undefined> {
    return this.dispatch(raw, ctx);
  }

  private shadowTracker?: ShadowTracker;

  /**
   * A camera naming a registry version or alias runs that version's file; one naming its group's
   * champion also runs the group's challenger in shadow mode.
   */
  private withRegistryModel<C extends CameraConfig>(camera: C): C & { shadow?: ShadowSpec } {
    const registry = this.opts.services?.store.models;
    const id = camera.detector.modelId;
    if (!registry || !id?.startsWith('registry:') || camera.detector.kind !== 'onnx') return camera;
    this.shadowTracker ??= new ShadowTracker(registry);
    const shadow = this.shadowTracker.specFor(id);
    return {
      ...camera,
      detector: { ...camera.detector, modelId: registry.workerModelId(id) },
      ...(shadow ? { shadow } : {}),
    };
  }

  private reassign(): void {
    if (this.stopping) return;
    const per = Math.max(1, this.opts.camerasPerWorker ?? 4);
    const fleet = this.opts.fleet;
    const enabled = this.cameras
      .listForWorkers()
      .filter((c) => c.enabled && (!fleet || fleet.allows(c.id)));
    const assignment = new Map<string, WorkerCamera[]>();
    enabled.forEach((camera, i) => {
      const id = `worker-${Math.floor(i / per) + 1}`;
      assignment.set(id, [
        ...(assignment.get(id) ?? []),
        { ...this.withRegistryModel(camera), scene: this.sceneFor(camera) },
      ]);
    });
    // Store changes are frequent (event batches); only a real configuration change goes out.
    const signature = JSON.stringify([...assignment]);
    if (signature === this.lastAssignment) return;
    this.lastAssignment = signature;
    for (const id of [...this.statuses.keys()]) if (!this.cameras.get(id)) this.statuses.delete(id);
    this.assigned = new Set(enabled.map((c) => c.id));
    if (fleet) this.markElsewhere();
    this.supervisor.assign(assignment);
  }

  /** Whether a camera is assigned to a worker here or its worker still reports it. */
  isAnalysing(cameraId: string): boolean {
    return (
      this.assigned.has(cameraId) ||
      this.supervisor.states().some((w) => w.state !== 'stopped' && w.cameras.includes(cameraId))
    );
  }

  /** Fleet mode: a camera another node analyses shows as stopped here, not as its last status. */
  private markElsewhere(): void {
    if (!this.opts.fleet) return;
    const owners = this.opts.fleet.remoteOwners?.() ?? new Map<string, { nodeId: string }>();
    for (const c of this.cameras.list()) {
      if (this.assigned.has(c.id)) continue;
      const last = this.statuses.get(c.id);
      const ownerNode = owners.get(c.id)?.nodeId;
      if (last?.state === 'stopped' && last.ownerNode === ownerNode) continue;
      const status: CameraStatus = {
        cameraId: c.id,
        state: 'stopped',
        frames: last?.frames ?? 0,
        fps: 0,
        droppedByRate: last?.droppedByRate ?? 0,
        lost: last?.lost ?? 0,
        reconnects: last?.reconnects ?? 0,
        reason: ownerNode ? `analysed by node ${ownerNode}` : 'analysed by another node',
        reasonCode: 'fleet.camera.elsewhere',
        ...(ownerNode ? { ownerNode } : {}),
      };
      this.statuses.set(c.id, status);
      this.publish('camera.status', status);
    }
  }

  /** The camera's latest saved calibration and rule set; an invalid stored version is skipped, loudly. */
  private sceneFor(camera: CameraConfig): CameraScene | undefined {
    const config = this.opts.services?.store.config;
    if (!config) return undefined;
    const scene: CameraScene = {};
    const calibration = calibrationConfigSchema.safeParse(config.calibration(camera.id)?.data);
    if (calibration.success) scene.calibration = calibration.data;
    else if (config.calibration(camera.id))
      this.opts.logger.warn('stored calibration is invalid; ignored', { cameraId: camera.id });
    const rules = ruleSetSchema.safeParse(config.ruleSet(camera.id)?.data);
    if (rules.success) scene.rules = rules.data;
    else if (config.ruleSet(camera.id))
      this.opts.logger.warn('stored rule set is invalid; ignored', { cameraId: camera.id });
    return scene.calibration || scene.rules ? scene : undefined;
  }

  /** A sealed infraction from a worker: queued for the store (never blocks), shown on every wall, enriched. */
  ingestInfraction(infraction: InfractionEvent): void {
    // Fleet mode: written only under a lease this node still holds, stamped with it (fencing).
    const lease = this.opts.fleet?.stamp?.(infraction.cameraId);
    if (this.opts.fleet?.stamp && !lease) {
      this.opts.logger.warn('infraction fenced: this node no longer holds the camera lease', {
        cameraId: infraction.cameraId,
        infractionId: infraction.id,
      });
      return;
    }
    this.opts.services?.writer.infraction(infraction, lease);
    void this.opts.services?.signer.sealed(infraction).catch((e: unknown) =>
      this.opts.logger.error('signing the evidence checkpoint failed', {
        cameraId: infraction.cameraId,
        infractionId: infraction.id,
        error: String(e),
      }),
    );
    this.evidenceBudget?.soon();
    this.publish('infraction.created', infraction);
    try {
      this.alarms?.raiseFromInfraction(infraction, lease);
    } catch (e) {
      this.opts.logger.error('raising the alarm failed', {
        infractionId: infraction.id,
        error: String(e),
      });
    }
    void this.opts.services?.enrich(infraction);
  }

  private onSceneEvent(
    cameraId: string,
    event: Extract<WorkerToHost, { type: 'event' }>['event'],
  ): void {
    const writer = this.opts.services?.writer;
    switch (event.kind) {
      case 'infraction':
        this.ingestInfraction(event.infraction);
        break;
      case 'count':
        writer?.event({
          ts: event.ts,
          cameraId,
          kind: 'line-crossing',
          trackId: event.trackId,
          classLabel: event.classLabel,
          lineId: event.lineId,
          direction: event.direction,
        });
        this.mqtt?.count({
          cameraId,
          lineId: event.lineId,
          classLabel: event.classLabel,
          ts: event.ts,
        });
        break;
      case 'zone':
        // One row per entry, so today's zone counts survive a restart like line counts.
        for (const [classLabel, n] of Object.entries(event.entered))
          for (let i = 0; i < n; i++)
            writer?.event({
              ts: event.ts,
              cameraId,
              kind: 'zone-entry',
              classLabel,
              zoneId: event.zoneId,
            });
        this.mqtt?.zone({ cameraId, ...event });
        break;
      case 'track':
        this.opts.services?.trackHistory?.push(event.track);
        break;
      case 'evidence-failed':
        this.opts.logger.error('infraction evidence failed', {
          cameraId,
          ruleId: event.ruleId,
          trackId: event.trackId,
          reason: event.reason,
        });
        break;
    }
  }

  private onWorkerMessage(workerId: string, msg: WorkerToHost): void {
    switch (msg.type) {
      case 'camera-status':
        // A worker still shutting down must not show a camera that now runs elsewhere as live.
        if (this.opts.fleet && !this.assigned.has(msg.status.cameraId)) break;
        this.statuses.set(msg.status.cameraId, msg.status);
        this.publish('camera.status', msg.status);
        this.opts.services?.writer.metric({
          ts: Date.now(),
          cameraId: msg.status.cameraId,
          state: msg.status.state,
          fps: msg.status.fps,
          inferenceMs: msg.status.inferenceMs,
          provider: msg.status.provider,
          dropped: msg.status.droppedByRate + msg.status.lost,
          data: { reconnects: msg.status.reconnects },
        });
        break;
      case 'event':
        this.onSceneEvent(msg.cameraId, msg.event);
        if (msg.event.kind === 'infraction')
          this.shadowTracker?.onInfraction(msg.cameraId, msg.event.infraction);
        break;
      case 'shadow-sample':
        this.shadowTracker?.onSample(msg);
        break;
      case 'preview': {
        const { type: _t, ...payload } = msg;
        this.latestPreview.set(msg.cameraId, payload);
        this.publish('camera.preview', payload);
        break;
      }
      case 'detections': {
        const { type: _t, ...payload } = msg;
        this.publish('camera.detections', payload);
        break;
      }
      case 'log':
        this.opts.logger.log(msg.level, msg.msg, { workerId, ...msg.fields });
        break;
      case 'plate-read-result':
        this.plateReads.receive(workerId, msg.result);
        break;
      case 'live-embedding-result':
        this.liveEmbeddings.receive(workerId, msg.result);
        break;
      case 'metrics':
        this.metrics.workerSnapshot(workerId, msg.snapshot);
        break;
      default:
        break;
    }
  }
}
