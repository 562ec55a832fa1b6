import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseCommandArgs, type CliCommand } from '../command';
import { defaultDataDir, prepareDataDir } from '../../data-dir';
import type { SecretBox } from '../../secrets/secret-box';
import { ControlRoomStore } from '../../store/store';
import {
  apiKeyScopeSchema,
  createApiKeySchema,
  DEFAULT_RATE_PER_MINUTE,
  type ApiKeyInfo,
} from '../../../shared/api/methods/api-keys';
import { describeZodError } from '../../../shared/api/envelope';
import { CodedError } from '../../../shared/coded-error';

const usage = `watcher apikey create --name NAME --scopes a,b [--expires-days D] [--rate-per-minute R]
watcher apikey list [--json]
watcher apikey revoke <id>

API keys for the REST API under /api/v1 (see docs/api.md). \`create\` prints the new key once,
alone on stdout: it is stored only as a SHA-256 hash and cannot be shown again. Creating and
revoking are recorded in the audit log.

  --name <name>            what the key is for (e.g. "traffic-light controller")
  --scopes <a,b>           ${apiKeyScopeSchema.options.join(', ')}
  --expires-days <d>       the key stops working after d days (default: never)
  --rate-per-minute <r>    requests per minute (default ${DEFAULT_RATE_PER_MINUTE})
  --data-dir <dir>         the host's data directory (default $WATCHER_DATA_DIR or ~/.local/share/watcher)
  --actor <name>           who does it, for the audit log (default $USER)
Exit code 0 when done, 1 when it cannot be, 2 on bad usage.`;

/** API keys never touch encrypted secrets: a store opened only for them needs no key file. */
const noSecrets: SecretBox = {
  kind: 'none',
  encrypt: () => {
    throw new Error('secrets are not available to `watcher apikey`');
  },
  decrypt: () => {
    throw new Error('secrets are not available to `watcher apikey`');
  },
};

const when = (ms: number | undefined) => (ms === undefined ? '-' : new Date(ms).toISOString());

function line(k: ApiKeyInfo): string {
  const state =
    k.revokedAt !== undefined
      ? 'revoked'
      : k.expiresAt !== undefined && k.expiresAt <= Date.now()
        ? 'expired'
        : 'active';
  return [
    k.id,
    state,
    JSON.stringify(k.name),
    k.scopes.join(','),
    `${k.ratePerMinute}/min`,
    `expires=${when(k.expiresAt)}`,
    `lastUsed=${when(k.lastUsedAt)}`,
    `created=${when(k.createdAt)} by ${k.createdBy}`,
  ].join('  ');
}

export const command: CliCommand = {
  name: 'apikey',
  summary: 'Create, list and revoke API keys for the REST API',
  usage,
  async run(argv) {
    const parsed = parseCommandArgs('apikey', usage, argv, {
      name: { type: 'string' },
      scopes: { type: 'string' },
      'expires-days': { type: 'string' },
      'rate-per-minute': { type: 'string' },
      'data-dir': { type: 'string' },
      actor: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (!parsed) return 2;
    const { values, positionals } = parsed;
    const [sub, ...rest] = positionals;
    const bad = (msg: string) => {
      process.stderr.write(`watcher apikey: ${msg}\n\n${usage}\n`);
      return 2;
    };
    if (sub !== 'create' && sub !== 'list' && sub !== 'revoke')
      return bad('expected `create`, `list` or `revoke`');
    if (sub === 'revoke' ? rest.length !== 1 : rest.length !== 0)
      return bad(sub === 'revoke' ? 'expected `revoke <id>`' : `unexpected ${rest.join(' ')}`);
    let create;
    if (sub === 'create') {
      const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
      const input = createApiKeySchema.safeParse({
        name: values.name,
        scopes: values.scopes
          ?.split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        expiresInDays: num(values['expires-days']),
        ratePerMinute: num(values['rate-per-minute']),
      });
      if (!input.success) return bad(describeZodError(input.error));
      create = input.data;
    }
    const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
    const dbFile = path.join(dataDir, 'watcher.db');
    if (!existsSync(dbFile) && sub !== 'create') {
      process.stderr.write(`watcher apikey: ${dataDir} holds no Watcher database\n`);
      return 1;
    }
    prepareDataDir(dataDir);
    let store: ControlRoomStore;
    try {
      store = ControlRoomStore.open({ file: dbFile, secretBox: noSecrets });
    } catch (e) {
      process.stderr.write(`watcher apikey: ${(e as Error).message}\n`);
      return 1;
    }
    const actor = values.actor ?? process.env.USER ?? 'cli';
    try {
      if (create) {
        const { key, info } = store.apiKeys.create(create, actor);
        process.stdout.write(`${key}\n`);
        process.stderr.write(
          `created API key ${info.id} (${info.scopes.join(', ')}); it is shown only this once: store it now\n`,
        );
      } else if (sub === 'list') {
        const keys = store.apiKeys.list();
        if (values.json) process.stdout.write(`${JSON.stringify(keys, null, 2)}\n`);
        else process.stdout.write(keys.length ? `${keys.map(line).join('\n')}\n` : 'no API keys\n');
      } else {
        const info = store.apiKeys.revoke(rest[0], actor);
        process.stdout.write(`revoked ${info.id} at ${when(info.revokedAt)}\n`);
      }
      return 0;
    } catch (e) {
      process.stderr.write(
        `watcher apikey: ${e instanceof CodedError ? `${e.code}: ` : ''}${(e as Error).message}\n`,
      );
      return 1;
    } finally {
      store.close();
    }
  },
};
