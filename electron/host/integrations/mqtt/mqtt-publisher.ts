import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { MqttStatus } from '../../../shared/api/methods/mqtt';
import type { Logger } from '../../logging/logger';
import { BoundedQueue } from './bounded-queue';
import type { MqttConnectionConfig } from './mqtt-settings';
import { mqttTopics, type MqttTopics } from './topics';

export interface OutgoingMessage {
  topic: string;
  payload: string;
  retain: boolean;
}

export interface MqttPublisherOptions {
  logger: Logger;
  /** Messages kept while the broker is away; the oldest go first. */
  queueCapacity?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** Messages handed to the client at once while connected. */
  inFlight?: number;
}

/** The i18n class of a connection error: auth, refused, DNS, TLS, or a generic one. */
export function mqttErrorCode(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const code = e?.code;
  const message = typeof e?.message === 'string' ? e.message : '';
  // CONNACK 4/5 (MQTT 3.1.1) and 134/135 (MQTT 5): bad user name or password / not authorized.
  if (
    code === 4 ||
    code === 5 ||
    code === 134 ||
    code === 135 ||
    /not authori[sz]ed|bad user/i.test(message)
  )
    return 'mqtt.error.auth';
  if (code === 'ECONNREFUSED') return 'mqtt.error.refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'mqtt.error.dns';
  if (
    typeof code === 'string' &&
    /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|HOSTNAME/.test(code)
  )
    return 'mqtt.error.tls';
  return 'mqtt.error.connection';
}

/**
 * One broker connection: `<prefix>/available` online (retained) on every connect, `offline` as
 * the Last Will and on a clean stop. Everything published goes through a bounded in-memory queue
 * that drains while connected; reconnects forever with capped exponential backoff. Never throws
 * at callers and never blocks them.
 */
export class MqttPublisher {
  private client?: MqttClient;
  private config?: MqttConnectionConfig;
  private topics?: MqttTopics;
  private readonly queue: BoundedQueue<OutgoingMessage>;
  private readonly log: Logger;
  private readonly backoffInitialMs: number;
  private readonly backoffMaxMs: number;
  private readonly inFlightMax: number;
  private inFlight = 0;
  private backoffMs: number;
  private reconnectTimer?: ReturnType<typeof setTimeout>;
  private drainScheduled = false;
  private connected = false;
  private lastError?: string;
  private lastErrorCode?: string;
  private lastConnectedAt?: number;
  private published = 0;
  private dropBurst = 0;
  private generation = 0;
  private configureTicket = 0;
  private stopped = false;

  constructor(opts: MqttPublisherOptions) {
    this.log = opts.logger;
    this.queue = new BoundedQueue(opts.queueCapacity ?? 10_000);
    this.backoffInitialMs = opts.backoffInitialMs ?? 1000;
    this.backoffMaxMs = opts.backoffMaxMs ?? 30_000;
    this.inFlightMax = opts.inFlight ?? 100;
    this.backoffMs = this.backoffInitialMs;
  }

  get enabled(): boolean {
    return this.config?.enabled === true;
  }

  /** The topics of the current prefix (undefined while disabled). */
  get topicNames(): MqttTopics | undefined {
    return this.topics;
  }

  get qos(): 0 | 1 | 2 {
    return this.config?.qos ?? 1;
  }

  status(): MqttStatus {
    return {
      enabled: this.enabled,
      connected: this.connected,
      lastError: this.lastError,
      lastErrorCode: this.lastErrorCode,
      lastConnectedAt: this.lastConnectedAt,
      queued: this.queue.size + this.inFlight,
      dropped: this.queue.dropped,
      published: this.published,
    };
  }

  /** (Re)connects with these settings; a disabled config disconnects. */
  async configure(config: MqttConnectionConfig): Promise<void> {
    const ticket = ++this.configureTicket;
    await this.disconnect(true);
    // Stopped, or configured again, while the old connection was closing.
    if (this.stopped || ticket !== this.configureTicket) return;
    this.config = config;
    this.lastError = undefined;
    this.lastErrorCode = undefined;
    if (!config.enabled) {
      this.topics = undefined;
      return;
    }
    this.topics = mqttTopics(config.topicPrefix);
    this.backoffMs = this.backoffInitialMs;
    this.open();
  }

  /** Queues a message; sent at once when connected. Dropped silently while disabled. */
  publish(message: OutgoingMessage): void {
    if (!this.enabled) return;
    if (this.queue.push(message) !== undefined) {
      if (this.dropBurst === 0)
        this.log.warn('MQTT queue full while the broker is away; dropping the oldest messages', {
          capacity: this.queue.capacity,
        });
      this.dropBurst++;
    }
    this.scheduleDrain();
  }

  /** Publishes `offline` (retained) and disconnects cleanly; waits a bounded time. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.disconnect(true);
    this.config = undefined;
    this.topics = undefined;
  }

  private open(): void {
    const config = this.config;
    const topics = this.topics;
    if (!config || !topics) return;
    const gen = ++this.generation;
    const options: IClientOptions = {
      clientId: config.clientId,
      username: config.username,
      password: config.password,
      clean: true,
      // Our own capped backoff decides when to try again.
      reconnectPeriod: 0,
      connectTimeout: 15_000,
      keepalive: 30,
      rejectUnauthorized: config.rejectUnauthorized,
      ca: config.caPem ? [config.caPem] : undefined,
      will: {
        topic: topics.available,
        payload: Buffer.from('offline'),
        qos: config.qos,
        retain: true,
      },
      // While not connected nothing is handed to the client: our queue holds it.
      queueQoSZero: false,
    };
    let client: MqttClient;
    try {
      client = mqtt.connect(config.url, options);
    } catch (err) {
      this.fail(err);
      this.scheduleReconnect(gen);
      return;
    }
    this.client = client;
    client.on('connect', () => {
      if (gen !== this.generation) return;
      this.connected = true;
      this.lastConnectedAt = Date.now();
      this.lastError = undefined;
      this.lastErrorCode = undefined;
      this.backoffMs = this.backoffInitialMs;
      this.log.info('MQTT connected', { url: config.url, clientId: config.clientId });
      client.publish(topics.available, 'online', { qos: config.qos, retain: true }, () => {});
      this.scheduleDrain();
    });
    client.on('error', (err) => {
      if (gen !== this.generation) return;
      this.fail(err);
    });
    client.on('close', () => {
      if (gen !== this.generation) return;
      if (this.connected) this.log.warn('MQTT connection lost', { url: config.url });
      this.connected = false;
      this.scheduleReconnect(gen);
    });
  }

  private fail(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    const code = mqttErrorCode(err);
    if (message !== this.lastError)
      this.log.warn('MQTT connection failed', { url: this.config?.url, code, error: message });
    this.lastError = message || code;
    this.lastErrorCode = code;
  }

  private scheduleReconnect(gen: number): void {
    if (gen !== this.generation || this.reconnectTimer || !this.enabled) return;
    const base = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMaxMs, this.backoffMs * 2);
    const delay = Math.round(base * (0.75 + Math.random() * 0.5));
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (gen !== this.generation || !this.client) return;
      this.client.reconnect();
    }, delay);
    this.reconnectTimer.unref?.();
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    setImmediate(() => {
      this.drainScheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    const client = this.client;
    const qos = this.qos;
    while (this.connected && client && this.inFlight < this.inFlightMax) {
      const message = this.queue.shift();
      if (!message) break;
      this.inFlight++;
      const gen = this.generation;
      client.publish(message.topic, message.payload, { qos, retain: message.retain }, (err) => {
        this.inFlight--;
        if (err) {
          // Still ours: back to the front, sent after the next connect.
          if (gen === this.generation && this.enabled) this.queue.unshift(message);
        } else this.published++;
        this.scheduleDrain();
      });
    }
    if (this.queue.size === 0 && this.dropBurst > 0) {
      this.log.warn('MQTT queue drained after dropping messages', {
        droppedInBurst: this.dropBurst,
        droppedTotal: this.queue.dropped,
      });
      this.dropBurst = 0;
    }
  }

  private async disconnect(sayOffline: boolean): Promise<void> {
    this.generation++;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const client = this.client;
    const topics = this.topics;
    const qos = this.qos;
    this.client = undefined;
    const wasConnected = this.connected;
    this.connected = false;
    if (!client) return;
    await new Promise<void>((resolve) => {
      const guard = setTimeout(() => {
        client.end(true);
        resolve();
      }, 3000);
      const end = () =>
        client.end(false, {}, () => {
          clearTimeout(guard);
          resolve();
        });
      if (sayOffline && wasConnected && topics)
        client.publish(topics.available, 'offline', { qos, retain: true }, () => end());
      else {
        client.end(true, {}, () => {
          clearTimeout(guard);
          resolve();
        });
      }
    });
    client.removeAllListeners();
    // A late socket error after end must not become an unhandled 'error'.
    client.on('error', () => {});
  }
}
