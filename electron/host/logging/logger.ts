import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { redactSecrets } from '../../shared/util/redact';
import { writeStdio } from './stdio';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  level?: LogLevel;
  /** Directory for `watcher.log` (JSON lines). Omit for console only. */
  dir?: string;
  /** Rotate when the file passes this size; keep this many old files. */
  maxBytes?: number;
  keep?: number;
  console?: boolean;
}

/**
 * Structured logger: JSON lines to a size-rotated file, a short human line to stderr. Every line
 * passes through redactSecrets, so an RTSP URL with a password can be logged without leaking it.
 */
export class Logger {
  private readonly level: number;
  private readonly file?: string;
  private written = 0;

  constructor(
    private readonly opts: LoggerOptions = {},
    private readonly scope = 'host',
  ) {
    this.level =
      RANK[opts.level ?? ((process.env.WATCHER_LOG_LEVEL as LogLevel) || 'info')] ?? RANK.info;
    if (opts.dir) {
      mkdirSync(opts.dir, { recursive: true });
      this.file = path.join(opts.dir, 'watcher.log');
      this.written = existsSync(this.file) ? statSync(this.file).size : 0;
    }
  }

  child(scope: string): Logger {
    const c = Object.create(this) as Logger;
    Object.defineProperty(c, 'scope', { value: scope });
    return c;
  }

  debug(msg: string, fields?: Record<string, unknown>): void {
    this.log('debug', msg, fields);
  }
  info(msg: string, fields?: Record<string, unknown>): void {
    this.log('info', msg, fields);
  }
  warn(msg: string, fields?: Record<string, unknown>): void {
    this.log('warn', msg, fields);
  }
  error(msg: string, fields?: Record<string, unknown>): void {
    this.log('error', msg, fields);
  }

  log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void {
    if (RANK[level] < this.level) return;
    const time = new Date().toISOString();
    const line = redactSecrets(JSON.stringify({ time, level, scope: this.scope, msg, ...fields }));
    if (this.opts.console !== false) {
      const extra =
        fields && Object.keys(fields).length ? ` ${redactSecrets(JSON.stringify(fields))}` : '';
      writeStdio(
        process.stderr,
        `${time} ${level.toUpperCase().padEnd(5)} [${this.scope}] ${redactSecrets(msg)}${extra}\n`,
      );
    }
    if (this.file) this.append(line + '\n');
  }

  private append(text: string): void {
    const max = this.opts.maxBytes ?? 10 * 1024 * 1024;
    try {
      if (this.written + text.length > max) this.rotate();
      appendFileSync(this.file!, text);
      this.written += Buffer.byteLength(text);
    } catch {
      // Logging must never take the host down (disk full, permissions): drop the line.
    }
  }

  private rotate(): void {
    const keep = this.opts.keep ?? 5;
    const f = this.file!;
    rmSync(`${f}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--)
      if (existsSync(`${f}.${i}`)) renameSync(`${f}.${i}`, `${f}.${i + 1}`);
    if (existsSync(f)) renameSync(f, `${f}.1`);
    this.written = 0;
  }
}
