import { formatDateTime, formatNumber, useI18n, useT } from '../i18n/i18n';
import type { RepeatPlate } from '../../../electron/shared/api/methods/report-schemas';

/**
 * The period's repeat plates with their repeat-offender score and every factor of the formula
 * (the same score review shows for a plate), highest first.
 */
export function RepeatPlatesTable({
  plates,
  scoredAt,
}: {
  plates: RepeatPlate[];
  scoredAt: number;
}) {
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const n = (v: number, d = 0) => formatNumber(locale, v, d);
  return (
    <table className="simple wide repeat-plates" data-testid="repeat-plates">
      <caption>
        {t('reports.repeat.caption')}
        <span className="muted small repeat-plates__formula">
          {t('plates.repeat.formula')} · {formatDateTime(locale, scoredAt)}
        </span>
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('reports.doc.plate')}</th>
          <th scope="col">{t('reports.repeat.inPeriod')}</th>
          <th scope="col">{t('reports.repeat.score')}</th>
          <th scope="col">{t('reports.repeat.factors')}</th>
          <th scope="col">{t('reports.repeat.severity')}</th>
          <th scope="col">{t('reports.repeat.recency')}</th>
          <th scope="col">{t('reports.doc.formula')}</th>
        </tr>
      </thead>
      <tbody>
        {plates.length ? (
          plates.map((p) => (
            <tr key={p.plate} data-testid="repeat-plate" title={p.repeat.explanation}>
              <th scope="row">
                <span className="plate">{p.plate}</span>
              </th>
              <td>{n(p.count)}</td>
              <td>
                <span className={`score score--${p.repeat.level}`} data-testid="repeat-score">
                  {p.repeat.score}/100
                </span>{' '}
                {t(`plates.repeat.level.${p.repeat.level}`)}
              </td>
              <td>
                {n(p.repeat.factors.count30)} / {n(p.repeat.factors.count90)} /{' '}
                {n(p.repeat.factors.count365)}
              </td>
              <td>× {n(p.repeat.factors.severityFactor, 2)}</td>
              <td>
                × {n(p.repeat.factors.recencyFactor, 2)}
                {p.repeat.factors.daysSinceLast !== null ? (
                  <span className="muted small">
                    {' '}
                    ({t('reports.repeat.lastDays', { n: p.repeat.factors.daysSinceLast })})
                  </span>
                ) : null}
              </td>
              <td className="formula">{p.repeat.explanation}</td>
            </tr>
          ))
        ) : (
          <tr>
            <td colSpan={7} className="muted">
              {t('reports.none')}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
