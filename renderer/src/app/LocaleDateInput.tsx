import { useState } from 'react';
import { intlTag, useI18n, useT } from '../i18n/i18n';
import {
  datePlaceholder,
  formatDateField,
  parseDateField,
  type DateFieldKind,
} from './locale-date';

interface Props {
  kind: DateFieldKind;
  /** The native input's value: `2026-12-31`, `2026-12-31T18:30` or `18:30`; '' when empty. */
  value: string;
  onChange(value: string): void;
  /** Earliest and latest accepted values, in the same shape. */
  min?: string;
  max?: string;
  required?: boolean;
  'data-testid'?: string;
  'aria-label'?: string;
}

/**
 * A date, date-and-time or time field written in the chosen language's format (see
 * locale-date.ts), with the format as its placeholder and a say-what-is-wrong message when what
 * was typed is not a date.
 */
export function LocaleDateInput({ kind, value, onChange, min, max, required, ...rest }: Props) {
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const tag = intlTag(locale);
  const [text, setText] = useState(() => formatDateField(value, tag, kind));
  const [invalid, setInvalid] = useState(false);
  const [shown, setShown] = useState({ value, tag, kind });
  if (shown.value !== value || shown.tag !== tag || shown.kind !== kind) {
    // A value set from outside (a reset, a preset range) or a change of language rewrites the
    // text; the operator's own typing, which produced this value, is left as typed.
    setShown({ value, tag, kind });
    if (shown.tag !== tag || (parseDateField(text, tag, kind) ?? '') !== value) {
      setText(formatDateField(value, tag, kind));
      setInvalid(false);
    }
  }
  const placeholder = datePlaceholder(tag, kind, {
    day: t('date.letters.day'),
    month: t('date.letters.month'),
    year: t('date.letters.year'),
    hour: t('date.letters.hour'),
    minute: t('date.letters.minute'),
  });
  const commit = (s: string) => {
    if (!s.trim()) {
      setInvalid(!!required);
      if (!required) onChange('');
      return;
    }
    const v = parseDateField(s, tag, kind);
    const outside = v !== undefined && ((min && v < min) || (max && v > max));
    setInvalid(v === undefined || !!outside);
    if (v !== undefined && !outside && v !== value) onChange(v);
  };
  return (
    <input
      type="text"
      inputMode="numeric"
      lang={locale}
      className="locale-date"
      value={text}
      placeholder={placeholder}
      aria-invalid={invalid || undefined}
      title={invalid ? t('date.invalid', { format: placeholder }) : placeholder}
      size={placeholder.length + 1}
      onChange={(e) => {
        setText(e.target.value);
        // Whole values take effect as they are typed; partial ones wait for the blur.
        if (parseDateField(e.target.value, tag, kind) !== undefined || !e.target.value)
          commit(e.target.value);
      }}
      onBlur={(e) => commit(e.target.value)}
      onKeyDown={(e) => e.key === 'Enter' && commit(e.currentTarget.value)}
      {...rest}
    />
  );
}
