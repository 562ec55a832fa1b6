import type { InputHTMLAttributes } from 'react';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>;

/**
 * A labelled text input whose label is its accessible name; `onChange` gets the text. `hint` is
 * the label's tooltip.
 */
export function TextField({
  label,
  hint,
  value,
  onChange,
  ...input
}: { label: string; hint?: string; value: string; onChange(value: string): void } & InputProps) {
  return (
    <label title={hint}>
      {label}
      <input value={value} onChange={(e) => onChange(e.target.value)} {...input} />
    </label>
  );
}
