import { create } from 'zustand';
import type { User } from '../../../electron/shared/api/methods/auth';

/**
 * Who is using the UI. `none`: the host has no user store (yet), everything runs unauthenticated.
 * `required`: the host has `auth.*`, so login (or first-run admin creation) comes first.
 */
interface SessionState {
  auth: 'checking' | 'none' | 'required';
  needsFirstAdmin: boolean;
  user?: User;
  setAuth(auth: SessionState['auth'], needsFirstAdmin?: boolean): void;
  setUser(user: User | undefined): void;
}

export const useSession = create<SessionState>((set) => ({
  auth: 'checking',
  needsFirstAdmin: false,
  setAuth: (auth, needsFirstAdmin = false) => set({ auth, needsFirstAdmin }),
  setUser: (user) => set({ user }),
}));

/** Key under which per-user UI preferences (wall layout) are kept. */
export function userKey(): string {
  return useSession.getState().user?.username ?? 'local';
}
