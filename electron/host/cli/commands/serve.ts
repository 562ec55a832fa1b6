import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import path from 'node:path';
import type { CliCommand } from '../command';
import { ControlRoomHost } from '../../control-room-host';
import { openHostServices } from '../../host-services';
import { defaultDataDir, prepareDataDir } from '../../data-dir';
import { guardStdio, writeStdio } from '../../logging/stdio';
import { Logger, type LogLevel } from '../../logging/logger';
import { startHttpServer } from '../../server/http-server';
import { metricsKeyFromEnv } from '../../server/integration-listener';
import { MIN_TOKEN_LENGTH, newAccessToken } from '../../server/access-token';
import { forkWithChildProcess } from '../../workers/node-forker';
import { resolveRendererDir, resolveWorkerEntry } from '../../workers/worker-entry';
import { mqttEnvOverride, type MqttEnvOverride } from '../../integrations/mqtt/mqtt-settings';
import {
  inferenceEnvLayer,
  parseInferenceLayer,
  type InferenceLayer,
} from '../../inference/inference-settings';
import { parseFleetArgs, FLEET_USAGE } from '../../fleet/fleet-args';
import { createFleetGate } from '../../fleet/fleet-mode';
import { FleetRelay } from '../../fleet/relay';

const usage = `
watcher serve [options]

Runs the control-room host without a screen and serves the UI to browsers.

Options:
  --port <n>         HTTP port (default 7400; 0 picks a free one)
  --host <addr>      Address to bind (default 127.0.0.1; anything else exposes the wall on the network)
  --data-dir <dir>   Where cameras, logs and evidence live (default $WATCHER_DATA_DIR or ~/.local/share/watcher)
  --token-file <f>   Read the access token from this file (first line); keeps it out of \`ps\`
  --token <t>        Access token on the command line (visible to local users in \`ps\`: prefer
                     --token-file or $WATCHER_TOKEN). Default: a new random one each start.
                     At least ${MIN_TOKEN_LENGTH} characters.
  --log-level <l>    debug | info | warn | error (default info)
  --provider <p>     auto | cuda | tensorrt | webgpu | cpu: the execution provider the cameras ask
                     for (default: Settings → System, else auto: the GPUs in order, then the CPU)
  --device-id <n>    GPU index for cuda / tensorrt (default 0)
  --threads <n>      ONNX Runtime intra-op threads (0: automatic)

${FLEET_USAGE}
Environment:
  WATCHER_MQTT_URL       Publish events to this MQTT broker (mqtt://, mqtts://, ws://, wss://),
                         overriding Settings → MQTT; WATCHER_MQTT_USERNAME and
                         WATCHER_MQTT_PASSWORD give its credentials (never on the command line).
  WATCHER_PROVIDER, WATCHER_DEVICE_ID, WATCHER_THREADS
                         Like --provider, --device-id, --threads (the flags win), over the
                         setting saved in Settings → System.
`;

export const command: CliCommand = {
  name: 'serve',
  summary: 'Run the headless host and serve the UI',
  usage,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '7400' },
        host: { type: 'string', default: '127.0.0.1' },
        'data-dir': { type: 'string' },
        token: { type: 'string' },
        'token-file': { type: 'string' },
        'log-level': { type: 'string', default: 'info' },
        provider: { type: 'string' },
        'device-id': { type: 'string' },
        threads: { type: 'string' },
        role: { type: 'string', default: 'workstation' },
        'max-cameras': { type: 'string' },
        'lease-seconds': { type: 'string' },
      },
      strict: true,
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      process.stderr.write(`watcher serve: --port must be 0..65535, got "${values.port}"\n`);
      return 2;
    }
    const fleetArgs = parseFleetArgs(values, process.env);
    if (typeof fleetArgs === 'string') {
      process.stderr.write(`watcher serve: ${fleetArgs}\n`);
      return 2;
    }
    // Keep running when the terminal or the pipe reading our output goes away.
    guardStdio();
    let token: string;
    try {
      token =
        values['token-file'] !== undefined
          ? (readFileSync(values['token-file'], 'utf8').split(/\r?\n/)[0] ?? '').trim()
          : (values.token ?? process.env.WATCHER_TOKEN ?? newAccessToken());
    } catch (err) {
      process.stderr.write(
        `watcher serve: cannot read --token-file: ${err instanceof Error ? err.message : String(err)}\n`,
      );
      return 2;
    }
    if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
      process.stderr.write(
        `watcher serve: the access token must be at least ${MIN_TOKEN_LENGTH} characters without spaces\n`,
      );
      return 2;
    }
    let mqttEnv: MqttEnvOverride | undefined;
    try {
      mqttEnv = mqttEnvOverride(process.env);
    } catch (err) {
      process.stderr.write(`watcher serve: ${err instanceof Error ? err.message : String(err)}\n`);
      return 2;
    }
    let inferenceFlags: InferenceLayer;
    let inferenceEnv: InferenceLayer;
    try {
      inferenceFlags = parseInferenceLayer(
        { provider: values.provider, deviceId: values['device-id'], threads: values.threads },
        { provider: '--provider', deviceId: '--device-id', threads: '--threads' },
      );
      inferenceEnv = inferenceEnvLayer(process.env);
    } catch (err) {
      process.stderr.write(`watcher serve: ${err instanceof Error ? err.message : String(err)}\n`);
      return 2;
    }
    const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
    // Owner-only data: database, logs, evidence and keys are nobody else's business.
    prepareDataDir(dataDir);
    const logger = new Logger({
      dir: path.join(dataDir, 'logs'),
      level: values['log-level'] as LogLevel,
    });
    if (values.token !== undefined)
      logger.warn(
        'the access token was given with --token, which other local users can read in the process list; use --token-file or WATCHER_TOKEN',
      );
    if (!['127.0.0.1', 'localhost', '::1'].includes(values.host)) {
      logger.warn(
        'binding to a non-loopback address: the wall is reachable from the network (token still required)',
        { host: values.host },
      );
    }

    let services;
    try {
      services = openHostServices({ dataDir, logger });
    } catch (err) {
      // E.g. a database written by a newer Watcher: refuse clearly rather than touch it.
      logger.error('cannot open the local store', {
        error: err instanceof Error ? err.message : String(err),
      });
      process.stderr.write(`watcher serve: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
    // The gate reads the host (built right after it) and the URL it serves (known once listening).
    const late: { host?: ControlRoomHost; url?: string } = {};
    const fleet = createFleetGate({
      store: services.store,
      ...fleetArgs,
      // What the node advertises: the provider its cameras ask for (flag, then environment).
      provider: inferenceFlags.provider ?? inferenceEnv.provider ?? fleetArgs.provider,
      logger,
      address: () => late.url,
      cameras: () => late.host?.cameras.list() ?? [],
      isRunning: (id) => late.host?.isAnalysing(id) ?? false,
    });
    const host = new ControlRoomHost({
      dataDir,
      fleet,
      runtime: 'node',
      forker: forkWithChildProcess,
      workerEntry: resolveWorkerEntry(),
      logger,
      services,
      mqtt: { env: mqttEnv },
      inference: inferenceFlags,
      inferenceEnv,
    });
    late.host = host;
    host.start();
    // Fleet mode: live previews and detections of cameras other nodes hold, relayed host to host.
    const relay =
      fleet &&
      new FleetRelay({
        selfId: services.store.hostId,
        fleet,
        host,
        logger: logger.child('relay'),
      });
    const http = await startHttpServer({
      fleetRelay: relay,
      host: values.host,
      port,
      token,
      staticDir: resolveRendererDir(),
      controlRoom: host,
      logger: logger.child('http'),
      metricsKey: metricsKeyFromEnv(process.env, logger),
    });
    // The registry shows where the node serves, never its access token.
    late.url = new URL('/', http.url).toString();
    writeStdio(process.stdout, `Watcher is running. Open the control room at:\n  ${http.url}\n`);
    relay?.start();

    return new Promise<number>((resolve) => {
      let stopping = false;
      const stop = (signal: string): void => {
        if (stopping) return;
        stopping = true;
        logger.info('shutting down', { signal });
        relay?.stop();
        void Promise.all([http.close(), host.stop()]).then(() => resolve(0));
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
  },
};
