import type { InputHTMLAttributes } from 'react';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>;

/** A labelled text input whose label is its accessible name; `onChange` gets the text. */
export function TextField({
  label,
  value,
  onChange,
  ...input
}: { label: string; value: string; onChange(value: string): void } & InputProps) {
  return (
    <label>
      {label}
      <input value={value} onChange={(e) => onChange(e.target.value)} {...input} />
    </label>
  );
}
