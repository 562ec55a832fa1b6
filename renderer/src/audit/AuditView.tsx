import { useCallback, useEffect, useState } from 'react';
import { useClient } from '../api/client-context';
import { callStore, errorCode } from '../api/optional';
import {
  formatDateTime,
  translateError,
  translateOr,
  useI18n,
  useT,
  type Translate,
} from '../i18n/i18n';
import type { ApiResult } from '../../../electron/shared/api/contract';
import './audit.css';
import { LocaleDateInput } from '../app/LocaleDateInput';

type Entry = ApiResult<'audit.list'>['entries'][number];
type Verify = ApiResult<'audit.verify'>;

const PAGE = 100;

interface Filters {
  actor: string;
  action: string;
  target: string;
  from: string;
  to: string;
}
const EMPTY: Filters = { actor: '', action: '', target: '', from: '', to: '' };

function query(f: Filters) {
  return {
    ...(f.actor.trim() ? { actor: f.actor.trim() } : {}),
    ...(f.action.trim() ? { action: f.action.trim() } : {}),
    ...(f.target.trim() ? { target: f.target.trim() } : {}),
    ...(f.from ? { from: new Date(f.from).getTime() } : {}),
    ...(f.to ? { to: new Date(f.to).getTime() } : {}),
  };
}

/** A status or a reason stored as a message key reads in the operator's language. */
function detailValue(t: Translate, k: string, v: unknown): string {
  if (typeof v !== 'string') return String(v);
  if (k === 'from' || k === 'to' || k === 'status') return translateOr(t, `review.status.${v}`, v);
  return translateOr(t, v, v);
}

/**
 * An entry's details: its fields by their translated names; a nested record (a configuration's
 * before and after) folded, as the JSON it was recorded as.
 */
function Details({ details }: { details: Record<string, unknown> }) {
  const t = useT();
  const entries = Object.entries(details);
  const flat = entries.filter(([, v]) => v === null || typeof v !== 'object');
  const nested = entries.filter(([, v]) => v !== null && typeof v === 'object');
  return (
    <>
      {flat
        .map(([k, v]) => `${translateOr(t, `audit.field.${k}`, k)}: ${detailValue(t, k, v)}`)
        .join(' · ')}
      {nested.map(([k, v]) => (
        <details key={k}>
          <summary>{translateOr(t, `audit.field.${k}`, k)}</summary>
          <code className="audit__json" data-raw-data>
            {JSON.stringify(v, null, 1)}
          </code>
        </details>
      ))}
    </>
  );
}

/**
 * The hash-chained audit log for auditors and administrators: filter by user, action, target and
 * time, page back through older entries, and verify the whole chain.
 */
export function AuditView() {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string>();
  const [verify, setVerify] = useState<Verify | 'running'>();

  const load = useCallback(
    (before?: number) =>
      callStore(client, 'audit.list', {
        ...query(filters),
        limit: PAGE,
        ...(before !== undefined ? { before } : {}),
      })
        .then((r) => {
          setError(undefined);
          setEntries((xs) => (before === undefined ? r.entries : [...xs, ...r.entries]));
          setMore(r.entries.length === PAGE);
        })
        .catch((e: unknown) => setError(translateError(t, errorCode(e)))),
    [client, filters, t],
  );
  useEffect(() => void load(), [load]);

  const runVerify = () => {
    setVerify('running');
    callStore(client, 'audit.verify', {})
      .then(setVerify)
      .catch((e: unknown) => {
        setVerify(undefined);
        setError(translateError(t, errorCode(e)));
      });
  };

  const field = (k: keyof Filters, type = 'text') => (
    <label>
      {t(`audit.ui.${k}`)}
      {type === 'datetime' ? (
        <LocaleDateInput
          kind="datetime"
          value={draft[k]}
          onChange={(v) => setDraft({ ...draft, [k]: v })}
        />
      ) : (
        <input
          type={type}
          value={draft[k]}
          onChange={(e) => setDraft({ ...draft, [k]: e.target.value })}
        />
      )}
    </label>
  );

  return (
    <section className="card audit" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('audit.ui.title')}</h2>
      <p className="muted">{t('audit.ui.intro')}</p>
      <form
        className="filters audit__filters"
        aria-label={t('audit.ui.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        {field('actor')}
        {field('action')}
        {field('target')}
        {field('from', 'datetime')}
        {field('to', 'datetime')}
        <button type="submit" className="primary">
          {t('audit.ui.search')}
        </button>
        <button type="button" onClick={runVerify} disabled={verify === 'running'}>
          {verify === 'running' ? t('audit.ui.verifying') : t('audit.ui.verify')}
        </button>
      </form>
      {verify && verify !== 'running' ? (
        <div role="status" className={verify.ok ? 'ok' : 'error'} data-testid="audit-verify-result">
          {verify.ok
            ? t('audit.ui.verifyOk', { n: verify.checked })
            : t('audit.ui.verifyBad', { n: verify.checked, problems: verify.problems.length })}
          {verify.problems.length ? (
            <ul>
              {verify.problems.slice(0, 50).map((p) => (
                <li key={`${p.origin}:${p.originSeq}`}>
                  {p.origin} #{p.originSeq}: {t(`audit.ui.problem.${p.kind}`)}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <p className="muted small">{t('audit.ui.count', { n: entries.length })}</p>
      {entries.length === 0 ? (
        <p className="muted">{t('audit.ui.empty')}</p>
      ) : (
        <table className="simple wide audit__table" data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">{t('audit.ui.at')}</th>
              <th scope="col">{t('audit.ui.actor')}</th>
              <th scope="col">{t('audit.ui.action')}</th>
              <th scope="col">{t('audit.ui.target')}</th>
              <th scope="col">{t('audit.ui.details')}</th>
              <th scope="col">{t('audit.ui.origin')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{formatDateTime(locale, e.at)}</td>
                <td>{e.actor}</td>
                <td title={e.action}>{translateOr(t, `audit.${e.action}`, e.action)}</td>
                <td className="audit__target">{e.target ?? ''}</td>
                <td className="audit__details">
                  <Details details={e.details} />
                </td>
                <td title={e.hash}>
                  {e.origin.slice(0, 8)} #{e.originSeq}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more ? (
        <button type="button" onClick={() => void load(entries[entries.length - 1]?.at)}>
          {t('audit.ui.more')}
        </button>
      ) : null}
    </section>
  );
}
