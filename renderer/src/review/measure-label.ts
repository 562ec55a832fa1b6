import { translateOr, type Translator } from '../../../electron/shared/i18n';

/**
 * The label of one measured value of an infraction (`speedKmh`, `thresholdKmh`, `missing:helmet`
 * for a PPE item), translated; a name the catalog does not know is shown as it is.
 */
export function measureLabel(t: Translator, name: string): string {
  const missing = /^missing:(.+)$/.exec(name);
  if (missing)
    return t('measure.missing', { item: translateOr(t, `class.${missing[1]}`, missing[1]) });
  return translateOr(t, `measure.${name}`, name);
}
