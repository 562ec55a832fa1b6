import { scopesGrant } from '../../shared/api/methods/api-keys';
import { CodedError } from '../../shared/coded-error';
import type { Authorizer } from '../api-types';
import { FORBIDDEN } from './permissions';

/**
 * The dispatcher's authorizer for every caller: a call with an API key principal (REST) is
 * allowed only the methods its scopes grant (SCOPE_METHODS), whatever the method's permission;
 * every other call goes to the session authorizer. Still the one check of a call.
 */
export function withApiKeys(sessions: Authorizer): Authorizer {
  return (ctx, permission, method) => {
    if (!ctx.apiKey) return sessions(ctx, permission, method);
    if (method && scopesGrant(ctx.apiKey.scopes, method)) return;
    throw new CodedError(
      FORBIDDEN,
      `API key ${ctx.apiKey.id} may not call ${method ?? permission}`,
      {
        role: 'apikey',
        permission,
      },
    );
  };
}
