import type { ReactNode } from 'react';

/** A labelled checkbox whose label is its accessible name; `onChange` gets the new state. */
export function CheckField({
  label,
  checked,
  onChange,
  hint,
  className,
}: {
  label: ReactNode;
  checked: boolean;
  onChange(checked: boolean): void;
  hint?: string;
  className?: string;
}) {
  return (
    <label title={hint} className={className}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

/**
 * One checkbox per option, each toggling that option's membership of `selected` (the order of
 * `selected` is the order options were ticked in).
 */
export function CheckList<T extends string>({
  options,
  selected,
  onChange,
  label,
}: {
  options: readonly T[];
  selected: readonly T[];
  onChange(selected: T[]): void;
  label(option: T): ReactNode;
}) {
  return (
    <>
      {options.map((o) => (
        <CheckField
          key={o}
          label={label(o)}
          checked={selected.includes(o)}
          onChange={(on) =>
            onChange(on ? [...selected.filter((x) => x !== o), o] : selected.filter((x) => x !== o))
          }
        />
      ))}
    </>
  );
}
