import type { ReactNode } from 'react';
import type { Permission } from '../../../electron/shared/api/methods/auth';
import { useAccess } from './access';
import './read-only.css';

/**
 * Shows its content to everyone but, for a role without `permission`, with every control in it
 * disabled and the reason above it: nothing fails after a click.
 */
export function ReadOnlyUnless({
  permission,
  children,
}: {
  permission: Permission;
  children: ReactNode;
}) {
  const why = useAccess().reason(permission);
  if (!why) return <>{children}</>;
  return (
    <>
      <p className="muted read-only__why" data-testid="read-only-reason">
        {why}
      </p>
      <fieldset className="read-only" disabled title={why}>
        {children}
      </fieldset>
    </>
  );
}
