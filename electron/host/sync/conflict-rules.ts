import { newerThan, type ConfigSnapshot } from './config-adapters';

/**
 * Pure conflict rules: what to do with a row when the server and this workstation both have a
 * version of it. Store look-ups the rules need only sometimes are passed as callbacks and called
 * only when the rule gets that far.
 */

/** The server's copy of an infraction, as the push sees it. */
export interface RemoteInfractionHead {
  version: number;
  change_id: string;
}

/** What the push knows of a queued local infraction. */
export interface LocalInfractionPush {
  changeId: string;
  /** The version last confirmed by the server (0: never synced). */
  syncedVersion: number;
}

export type InfractionPushAction = 'insert' | 'already' | 'update' | 'conflict';

/**
 * Pushing a queued infraction: new on the server → insert; the server already has exactly this
 * change → nothing to send; the server is still at the version we built on (or at one of our
 * own earlier changes) → update; otherwise someone else decided first → conflict.
 */
export function infractionPushAction(
  local: LocalInfractionPush,
  remote: RemoteInfractionHead | undefined,
  isOwnChange: () => boolean,
): InfractionPushAction {
  if (!remote) return 'insert';
  if (remote.change_id === local.changeId) return 'already';
  if ((remote.version === local.syncedVersion && local.syncedVersion > 0) || isOwnChange())
    return 'update';
  return 'conflict';
}

/** The local infraction row's sync columns, as the pull sees them. */
export interface LocalInfractionHead {
  change_id: string;
  version: number;
  synced_version: number;
}

export type InfractionPullAction = 'apply' | 'mark-synced' | 'ignore' | 'conflict';

/**
 * Pulling an infraction another workstation pushed: unknown here → apply; our own change coming
 * back → mark synced; nothing queued locally → apply unless it is older than ours; queued and
 * the server's is one of our own earlier states → ignore (the queued push moves the server
 * forward); otherwise the server's decision came first → conflict.
 */
export function infractionPullAction(
  local: LocalInfractionHead | undefined,
  remote: { version: number },
  changeId: string,
  isOwnChange: () => boolean,
): InfractionPullAction {
  if (!local) return 'apply';
  if (local.change_id === changeId) return 'mark-synced';
  const hasPending = local.version !== local.synced_version;
  if (!hasPending) return remote.version >= local.version ? 'apply' : 'ignore';
  if (isOwnChange()) return 'ignore';
  return 'conflict';
}

export type ConfigPullAction = 'skip' | 'apply' | 'conflict' | 'keep-ours';

/**
 * Pulling a configuration row: the same stamp is already here → skip; a local edit still queued
 * → last writer wins (the server's newer one is a conflict; ours newer is kept and the push will
 * replace the server's copy); otherwise → apply.
 */
export function configPullAction(
  local: ConfigSnapshot | undefined,
  remote: ConfigSnapshot,
  isPending: () => boolean,
): ConfigPullAction {
  if (local && local.updatedAt === remote.updatedAt && local.origin === remote.origin)
    return 'skip';
  if (local && isPending()) return newerThan(remote, local) ? 'conflict' : 'keep-ours';
  return 'apply';
}

/**
 * The pushed configuration rows the server refused (its copy was newer): every pushed
 * (entity, key) not among those the upsert returned.
 */
export function refusedConfigs<T extends { entity: string; key: string }>(
  pushed: readonly T[],
  applied: readonly { entity: string; key: string }[],
): T[] {
  const ok = new Set(applied.map((r) => `${r.entity}\n${r.key}`));
  return pushed.filter((c) => !ok.has(`${c.entity}\n${c.key}`));
}
