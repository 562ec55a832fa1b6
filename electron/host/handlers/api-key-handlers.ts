import { CodedError } from '../../shared/coded-error';
import { callerName, type DomainHandlers } from '../api-types';
import type { ApiKeyRepo } from '../store/api-keys';

/** What `apikeys.*` needs: the store's API keys (none: a host without a store). */
export interface ApiKeyContext {
  apiKeys?: Pick<ApiKeyRepo, 'list' | 'create' | 'revoke'>;
}

export function createApiKeyHandlers({ apiKeys }: ApiKeyContext): DomainHandlers<'apikeys'> {
  const repo = () => {
    if (!apiKeys)
      throw new CodedError('apikeys.error.noStore', 'this host has no store for API keys');
    return apiKeys;
  };
  return {
    'apikeys.list': () => ({ keys: repo().list() }),
    'apikeys.create': (p, ctx) => repo().create(p, callerName(ctx, 'local')),
    'apikeys.revoke': ({ id }, ctx) => ({ info: repo().revoke(id, callerName(ctx, 'local')) }),
  };
}
