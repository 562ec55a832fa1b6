import { roleAllows } from '../../../electron/shared/api/methods/auth';
import { useSession } from '../state/session-store';

/** Whether the signed-in user may act on alarms (a host without users allows everything). */
export function useCanActOnAlarms(): { canAct: boolean; role?: string } {
  const role = useSession((s) => s.user?.role);
  return { canAct: !role || roleAllows(role, 'alarms.act'), role };
}
