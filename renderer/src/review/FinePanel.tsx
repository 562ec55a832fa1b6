import { useState } from 'react';
import { useClient } from '../api/client-context';
import { callStore, errorCode } from '../api/optional';
import { formatDateTime, translateError, useI18n, useT } from '../i18n/i18n';
import { useAccess } from '../app/access';
import type { InfractionRecord } from '../../../electron/shared/api/methods/infractions';
import { allowedActions, type FineAction } from '../../../electron/shared/domain/fine-lifecycle';
import './fines.css';
import { downloadBase64 } from '../reports/download';

/** The lifecycle actions after the decision (validate and reject are the detail's own buttons). */
const LATER: readonly FineAction[] = ['notify', 'appeal', 'pay', 'close'];

export function formatAmount(locale: string, amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(locale === 'es' ? 'es' : 'en', {
      style: 'currency',
      currency,
    }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

/**
 * The fine of a case: its code, the legal code and amount fixed at validation, every lifecycle
 * step (who, when, why, the appeal's outcome) and the actions the case's status allows.
 */
export function FinePanel({
  infraction: inf,
  onChanged,
}: {
  infraction: InfractionRecord;
  onChanged(rec: InfractionRecord): void;
}) {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const why = useAccess().reason('review.decide');
  const [pending, setPending] = useState<{ action: FineAction; reason: string }>();
  const [error, setError] = useState<string>();
  const actions = allowedActions(inf.status).filter((a) => LATER.includes(a));

  const run = (action: FineAction, reason?: string) => {
    setError(undefined);
    callStore(client, 'infractions.decide', {
      id: inf.id,
      action,
      ...(reason ? { reason } : {}),
      expectedVersion: inf.version,
    })
      .then((r) => {
        setPending(undefined);
        onChanged(r.infraction);
      })
      .catch((e: unknown) => setError(translateError(t, errorCode(e))));
  };

  return (
    <section className="fine" aria-labelledby="fine-title" data-testid="fine-panel">
      <h3 id="fine-title">{t('fines.fine')}</h3>
      <dl className="facts">
        <dt>{t('fines.code')}</dt>
        <dd data-testid="infraction-code">{inf.code ?? '—'}</dd>
        <dt>{t('fines.ui.code')}</dt>
        <dd data-testid="fine-value">
          {inf.fine ? (
            <>
              {t('fines.fineValue', {
                code: inf.fine.code,
                amount: formatAmount(locale, inf.fine.amount, inf.fine.currency),
                points: inf.fine.points,
              })}
              <br />
              <span className="muted small">
                {locale === 'es' ? inf.fine.descriptionEs : inf.fine.descriptionEn} ·{' '}
                {t('fines.fixed', {
                  by: inf.fine.fixedBy,
                  at: formatDateTime(locale, inf.fine.fixedAt),
                })}
              </span>
            </>
          ) : inf.status === 'pending' ? (
            '—'
          ) : (
            <span className="muted">{t('fines.noFine')}</span>
          )}
        </dd>
      </dl>
      {inf.lifecycle?.length ? (
        <>
          <h4>{t('fines.lifecycle')}</h4>
          <ol className="history" data-testid="lifecycle">
            {inf.lifecycle.map((s, i) => (
              <li key={i}>
                <span className={`badge badge--${s.to}`}>
                  {t(`review.status.${s.to as InfractionRecord['status']}`)}
                </span>{' '}
                {t('fines.step', {
                  action: t(`review.action.${s.action}`),
                  by: s.by,
                  at: formatDateTime(locale, s.at),
                })}
                {s.outcome ? ` — ${t(`fines.outcome.${s.outcome}`)}` : ''}
                {s.reason ? ` — ${s.reason}` : ''}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {actions.length || (inf.status !== 'pending' && inf.status !== 'rejected') ? (
        <div className="detail__actions" role="group" aria-label={t('fines.actions')}>
          {inf.status !== 'pending' && inf.status !== 'rejected' ? (
            <button
              type="button"
              data-testid="notice-pdf"
              onClick={() =>
                callStore(client, 'fines.notice', { infractionId: inf.id, locale })
                  .then((r) => downloadBase64(r.filename, r.mime, r.base64))
                  .catch((e: unknown) => setError(translateError(t, errorCode(e))))
              }
            >
              {t('fines.notice.download')}
            </button>
          ) : null}
          {actions.map((a) => (
            <button
              key={a}
              type="button"
              disabled={!!why}
              title={why}
              onClick={() => setPending({ action: a, reason: '' })}
            >
              {t(`review.action.${a}`)}
            </button>
          ))}
        </div>
      ) : null}
      {pending ? (
        <form
          className="prompt"
          onSubmit={(e) => {
            e.preventDefault();
            run(pending.action, pending.reason.trim() || undefined);
          }}
          onKeyDown={(e) => e.key === 'Escape' && setPending(undefined)}
        >
          <label>
            {t('fines.reasonFor', { action: t(`review.action.${pending.action}`) })}
            <input
              autoFocus
              value={pending.reason}
              onChange={(e) => setPending({ ...pending, reason: e.target.value })}
            />
          </label>
          <button type="submit" className="primary">
            {t('common.confirm')}
          </button>
          <button type="button" onClick={() => setPending(undefined)}>
            {t('common.cancel')}
          </button>
        </form>
      ) : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
