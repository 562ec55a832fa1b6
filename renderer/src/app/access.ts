import { roleAllows, type Permission } from '../../../electron/shared/api/methods/auth';
import { deniedReasonKey, roleSeesView } from '../../../electron/shared/api/view-access';
import { isMessageKey } from '../../../electron/shared/i18n';
import { useT } from '../i18n/i18n';
import { useSession } from '../state/session-store';

export interface Access {
  /** Whether the signed-in user's role grants the permission (a host without users: always). */
  can(permission: Permission): boolean;
  /** Why a control guarded by the permission is disabled, or undefined when it is allowed. */
  reason(permission: Permission): string | undefined;
  /** Whether the role opens the view at all. */
  sees(view: string): boolean;
  /** The signed-in role's name in the UI language ('' without users). */
  roleName: string;
}

/**
 * What the signed-in user may do, for the UI to hide or disable what the host would refuse: the
 * host still checks every call, this only keeps the buttons honest.
 */
export function useAccess(): Access {
  const t = useT();
  const role = useSession((s) => s.user?.role);
  const roleName = role ? t(`role.${role}`) : '';
  const can = (p: Permission) => !role || roleAllows(role, p);
  return {
    can,
    sees: (view) => roleSeesView(role, view),
    roleName,
    reason: (p) => {
      if (can(p)) return undefined;
      const key = deniedReasonKey(p);
      return isMessageKey(key)
        ? t(key, { role: roleName })
        : t('access.denied.other', { role: roleName });
    },
  };
}
