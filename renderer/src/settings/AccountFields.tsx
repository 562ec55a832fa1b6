import { useT } from '../i18n/i18n';
import { TextField } from './TextField';

export interface AccountFieldValues {
  username: string;
  displayName: string;
  password: string;
}

/**
 * The user name, display name and new password fields of a form that creates an account (first
 * administrator, or a user added in settings). `onChange` gets the changed fields.
 */
export function AccountFields({
  value,
  onChange,
  usernameAutoComplete,
  displayNameRequired,
}: {
  value: AccountFieldValues;
  onChange(patch: Partial<AccountFieldValues>): void;
  usernameAutoComplete?: string;
  displayNameRequired?: boolean;
}) {
  const t = useT();
  return (
    <>
      <TextField
        label={t('auth.username')}
        required
        autoComplete={usernameAutoComplete}
        value={value.username}
        onChange={(v) => onChange({ username: v })}
      />
      <TextField
        label={t('users.displayName')}
        required={displayNameRequired}
        value={value.displayName}
        onChange={(v) => onChange({ displayName: v })}
      />
      <TextField
        label={t('auth.password')}
        required
        type="password"
        autoComplete="new-password"
        value={value.password}
        onChange={(v) => onChange({ password: v })}
      />
    </>
  );
}
