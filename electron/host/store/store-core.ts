import type Database from 'better-sqlite3';
import type { SecretBox } from '../secrets/secret-box';
import type { AuditLog } from './audit';

export type OutboxEntity =
  | 'camera'
  | 'zone'
  | 'rule_set'
  | 'calibration'
  | 'user'
  | 'infraction'
  | 'audit'
  | 'evidence'
  | 'checkpoint'
  | 'signing_key'
  | 'alarm'
  | 'alarm_history'
  | 'model_version'
  | 'model_alias'
  | 'model_alias_history'
  | 'model_evaluation'
  | 'model_shadow'
  | 'model_shadow_decision'
  | 'model_file'
  | 'track_batch'
  | 'legal_code';

/**
 * What a repository needs of the store it belongs to: the database, transactions, the sync outbox,
 * the audit log, secrets and the clock. `ControlRoomStore` implements it and groups the
 * repositories; the repositories depend on this interface only, so the two do not import each other.
 */
export interface StoreCore {
  readonly db: Database.Database;
  readonly hostId: string;
  readonly audit: AuditLog;
  readonly secretBox: SecretBox;
  readonly now: () => number;
  tx<T>(fn: () => T): T;
  enqueue(entity: OutboxEntity, key: string): void;
}
