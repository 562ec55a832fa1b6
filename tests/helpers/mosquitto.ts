import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { until } from './until';

export const MOSQUITTO = '/usr/sbin/mosquitto';
export const MOSQUITTO_PASSWD = '/usr/bin/mosquitto_passwd';

/** A free TCP port from the OS (bind port 0, read it, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1');
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => resolve(false));
  });
}

export interface Broker {
  port: number;
  url: string;
  /** Stops the broker (SIGTERM, so a persistent one saves its sessions) and waits for its exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same configuration. */
  start(): Promise<void>;
  output(): string;
}

export interface BrokerOptions {
  dir: string;
  /** user → password; the broker then refuses anonymous clients. */
  users?: Record<string, string>;
  /** Keep sessions and queued QoS>0 messages across restarts. */
  persistent?: boolean;
  /** A TLS listener (`mqtts://`) with this server certificate and key (PEM files). */
  tls?: { certFile: string; keyFile: string };
  /** A websockets listener (`ws://`) instead of plain MQTT over TCP. */
  websockets?: boolean;
}

/** Writes mosquitto's password file with `mosquitto_passwd -U` (hashes a plain `user:pass` file in place). */
function writePasswordFile(file: string, users: Record<string, string>): void {
  writeFileSync(
    file,
    Object.entries(users)
      .map(([u, p]) => `${u}:${p}\n`)
      .join(''),
    { mode: 0o600 },
  );
  execFileSync(MOSQUITTO_PASSWD, ['-U', file]);
}

/** Debian's mosquitto on a free loopback port with a generated configuration in `dir`. */
export async function startBroker(opts: BrokerOptions): Promise<Broker> {
  const port = await freePort();
  const conf = path.join(opts.dir, `mosquitto-${port}.conf`);
  const lines = [
    `listener ${port} 127.0.0.1`,
    ...(opts.websockets ? ['protocol websockets'] : []),
    ...(opts.tls ? [`certfile ${opts.tls.certFile}`, `keyfile ${opts.tls.keyFile}`] : []),
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    // Started as root, mosquitto would switch to its own user and not read our temp files.
    `user ${os.userInfo().username}`,
  ];
  if (opts.users) {
    const pw = path.join(opts.dir, `passwd-${port}`);
    writePasswordFile(pw, opts.users);
    lines.push('allow_anonymous false', `password_file ${pw}`);
  } else lines.push('allow_anonymous true');
  if (opts.persistent)
    lines.push(
      'persistence true',
      `persistence_location ${opts.dir}/`,
      `persistence_file broker-${port}.db`,
    );
  else lines.push('persistence false');
  writeFileSync(conf, lines.join('\n') + '\n');
  let proc: ChildProcess | undefined;
  let out = '';
  const start = async () => {
    const p = spawn(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    proc = p;
    await until(
      async () => {
        if (p.exitCode !== null) throw new Error(`mosquitto exited ${p.exitCode}:\n${out}`);
        return accepts(port);
      },
      30_000,
      'mosquitto to listen',
    );
  };
  const stop = async () => {
    const p = proc;
    proc = undefined;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise<void>((r) => p.once('exit', () => r()));
    p.kill('SIGTERM');
    await exited;
  };
  await start();
  const scheme = opts.websockets ? (opts.tls ? 'wss' : 'ws') : opts.tls ? 'mqtts' : 'mqtt';
  return { port, url: `${scheme}://127.0.0.1:${port}`, start, stop, output: () => out };
}

export interface TestPki {
  /** The CA certificate (PEM) that signed the server certificate. */
  caPem: string;
  caFile: string;
  certFile: string;
  keyFile: string;
}

/**
 * A throw-away CA and a server certificate it signed for 127.0.0.1 / localhost, made with
 * openssl in `dir` (keys never leave it).
 */
export function makeTestPki(dir: string): TestPki {
  const f = (name: string) => path.join(dir, name);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-days',
    '2',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
    '-subj',
    '/CN=Watcher Test CA',
  );
  ssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-keyout',
    f('server.key'),
    '-out',
    f('server.csr'),
    '-subj',
    '/CN=localhost',
  );
  writeFileSync(
    f('server.ext'),
    [
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      'basicConstraints=CA:FALSE',
      'keyUsage=digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
    ].join('\n') + '\n',
  );
  ssl(
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-out',
    f('server.pem'),
    '-days',
    '2',
    '-sha256',
    '-extfile',
    f('server.ext'),
  );
  chmodSync(f('server.key'), 0o600);
  return {
    caPem: readFileSync(f('ca.pem'), 'utf8'),
    caFile: f('ca.pem'),
    certFile: f('server.pem'),
    keyFile: f('server.key'),
  };
}

export const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();

export const hasMosquitto = existsSync(MOSQUITTO);
export const hasMosquittoPasswd = existsSync(MOSQUITTO_PASSWD);

export interface Received {
  topic: string;
  payload: string;
  retain: boolean;
}

/** An mqtt.js subscriber recording everything it receives under `filter`. */
export async function subscriber(
  url: string,
  filter: string,
  opts: {
    clientId?: string;
    clean?: boolean;
    username?: string;
    password?: string;
    /** CA certificate (PEM) for mqtts:// / wss://. */
    ca?: string;
  } = {},
): Promise<{ client: MqttClient; received: Received[]; close(): Promise<void> }> {
  const client = mqtt.connect(url, {
    clientId: opts.clientId,
    clean: opts.clean ?? true,
    username: opts.username,
    password: opts.password,
    ...(opts.ca ? { ca: [opts.ca] } : {}),
    reconnectPeriod: 200,
  });
  const received: Received[] = [];
  client.on('message', (topic, payload, packet) =>
    received.push({ topic, payload: payload.toString(), retain: packet.retain }),
  );
  client.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  await client.subscribeAsync(filter, { qos: 1 });
  return { client, received, close: () => client.endAsync(true) };
}
