import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
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
  return { port, url: `mqtt://127.0.0.1:${port}`, start, stop, output: () => out };
}

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
  opts: { clientId?: string; clean?: boolean; username?: string; password?: string } = {},
): Promise<{ client: MqttClient; received: Received[]; close(): Promise<void> }> {
  const client = mqtt.connect(url, {
    clientId: opts.clientId,
    clean: opts.clean ?? true,
    username: opts.username,
    password: opts.password,
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
