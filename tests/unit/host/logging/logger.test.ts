import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Logger } from '../../../../electron/host/logging/logger';

describe('Logger', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'watcher-log-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('writes JSON lines with level and scope, filtered by level, with secrets redacted', () => {
    const dir = tmp();
    const log = new Logger({ dir, level: 'info', console: false }).child('worker');
    log.debug('hidden');
    log.info('camera connecting', { url: 'rtsp://admin:hunter2@10.0.0.9/live' });
    log.error('boom');
    const lines = readFileSync(path.join(dir, 'watcher.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.level, l.scope, l.msg])).toEqual([
      ['info', 'worker', 'camera connecting'],
      ['error', 'worker', 'boom'],
    ]);
    expect(lines[0].url).toBe('rtsp://admin:***@10.0.0.9/live');
    expect(readFileSync(path.join(dir, 'watcher.log'), 'utf8')).not.toContain('hunter2');
  });

  it('rotates by size and keeps a bounded number of files', () => {
    const dir = tmp();
    const log = new Logger({ dir, console: false, maxBytes: 2000, keep: 3 });
    for (let i = 0; i < 200; i++) log.info(`line ${i}`, { pad: 'x'.repeat(40) });
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['watcher.log', 'watcher.log.1', 'watcher.log.2', 'watcher.log.3']);
    for (const f of files) expect(readFileSync(path.join(dir, f)).length).toBeLessThanOrEqual(2000);
    expect(readFileSync(path.join(dir, 'watcher.log'), 'utf8')).toContain('line 199');
  });
});
