import { CodedError } from '../../../../electron/shared/coded-error';
import { describe, expect, it } from 'vitest';
import { classifyPgError } from '../../../../electron/host/sync/pg-errors';
import {
  describeServer,
  pgClientConfig,
  splitPassword,
  toStoredConfig,
} from '../../../../electron/host/sync/sync-config';

const clientOpts = { connectTimeoutMs: 5000, queryTimeoutMs: 15_000, hostId: '0123456789abcdef' };

describe('stored sync settings', () => {
  it('moves a password out of the connection string', () => {
    const { rest, secret } = splitPassword({
      connectionString: 'postgres://watcher:p%40ss@db:5432/watcher',
      tls: false,
      enabled: true,
    });
    expect(secret).toBe('p@ss');
    expect(rest.connectionString).toBe('postgres://watcher@db:5432/watcher');
  });

  it('moves a ?password= query parameter out of the connection string too', () => {
    const { rest, secret } = splitPassword({
      connectionString: 'postgres://watcher@db:5432/watcher?password=Qu3ry&sslmode=require',
      tls: false,
      enabled: true,
    });
    expect(secret).toBe('Qu3ry');
    expect(rest.connectionString).toBe('postgres://watcher@db:5432/watcher?sslmode=require');
    expect(
      describeServer({
        connectionString: 'postgres://u@db/w?password=x',
        tls: false,
        enabled: true,
      }),
    ).toBe('postgres://u@db/w?password=***');
  });

  it('prefers the separate password field', () => {
    const { secret } = splitPassword({
      connectionString: 'postgres://watcher:url@db/watcher',
      password: 'field',
      tls: false,
      enabled: true,
    });
    expect(secret).toBe('field');
  });

  it('refuses a connection string that is no URL', () => {
    expect(() =>
      splitPassword({ connectionString: 'postgres://[bad', tls: false, enabled: true }),
    ).toThrow(CodedError);
  });

  it('keeps only the encrypted password', () => {
    const stored = toStoredConfig(
      { host: 'db', password: 'secret', tls: true, enabled: true },
      (s) => `enc(${s})`,
    );
    expect(stored).toEqual({ host: 'db', tls: true, enabled: true, passwordBlob: 'enc(secret)' });
    expect(toStoredConfig({ host: 'db', tls: false, enabled: true }, String).passwordBlob).toBe(
      undefined,
    );
  });
});

describe('pg client settings', () => {
  it('puts the password back into the URL', () => {
    const c = pgClientConfig(
      { connectionString: 'postgres://watcher@db:5432/watcher', tls: false, enabled: true },
      'p@ss',
      clientOpts,
    );
    expect(c.connectionString).toBe('postgres://watcher:p%40ss@db:5432/watcher');
    expect(c.password).toBe('p@ss');
    expect(c.ssl).toBeUndefined();
    expect(c.application_name).toBe('watcher-01234567');
    expect(c.connectionTimeoutMillis).toBe(5000);
    expect(c.query_timeout).toBe(15_000);
  });

  it('passes separate fields and TLS on', () => {
    const c = pgClientConfig(
      { host: 'db', port: 6432, database: 'w', user: 'u', tls: true, enabled: true },
      undefined,
      clientOpts,
    );
    expect(c).toMatchObject({ host: 'db', port: 6432, database: 'w', user: 'u' });
    expect(c.ssl).toEqual({ rejectUnauthorized: true });
    expect('password' in c).toBe(false);
    expect('connectionString' in c).toBe(false);
  });
});

describe('server description', () => {
  it('never shows a password', () => {
    const d = describeServer({
      connectionString: 'postgres://u:hunter2@db/w',
      tls: false,
      enabled: true,
    });
    expect(d).not.toContain('hunter2');
  });

  it('builds one from separate fields', () => {
    expect(describeServer({ user: 'u', database: 'w', tls: false, enabled: true })).toBe(
      'postgres://u@localhost:5432/w',
    );
    expect(describeServer(undefined)).toBeUndefined();
  });
});

describe('pg error classification', () => {
  it('maps server and socket codes', () => {
    expect(classifyPgError({ code: '28P01', message: 'x' }).code).toBe('sync.error.auth');
    expect(classifyPgError({ code: '3D000', message: 'x' }).code).toBe('sync.error.database');
    expect(classifyPgError({ code: 'ECONNREFUSED', message: 'x' }).code).toBe(
      'sync.error.unreachable',
    );
    expect(classifyPgError({ code: '57P01', message: 'x' }).code).toBe('sync.error.unreachable');
  });

  it('falls back on the message', () => {
    expect(classifyPgError(new Error('SASL: bad')).code).toBe('sync.error.auth');
    expect(classifyPgError(new Error('Query read timeout')).code).toBe('sync.error.timeout');
    expect(classifyPgError(new Error('Connection terminated')).code).toBe('sync.error.unreachable');
    expect(classifyPgError(new Error('boom')).code).toBe('sync.error.failed');
  });

  it('keeps a store error as it is', () => {
    const e = new CodedError('sync.error.notConfigured', 'no shared server configured');
    expect(classifyPgError(e)).toEqual({
      code: 'sync.error.notConfigured',
      message: 'no shared server configured',
    });
  });

  it('redacts credentials in the message', () => {
    const r = classifyPgError(new Error('cannot reach postgres://u:hunter2@db/w'));
    expect(r.message).not.toContain('hunter2');
  });
});
