import { useCallback, useEffect, useState } from 'react';
import { useClient } from '../api/client-context';
import { newRunId } from './run-id';
import { errorCode } from '../api/optional';
import { formatNumber, translateError, useI18n, useT } from '../i18n/i18n';
import type { CatalogModel, CatalogProgress } from '../../../electron/shared/api/methods/model-lab';
import { uploadPercent } from '../../../electron/shared/api/methods/models';

const mb = (bytes: number) => bytes / (1024 * 1024);

/**
 * Models → catalog: the downloadable models with their size and SHA-256, and a download button
 * (administrators) with a progress bar; an interrupted download offers to resume, and a file that
 * fails verification is named as such.
 */
export function ModelCatalog({
  canDownload,
  onInstalled,
}: {
  canDownload: boolean;
  onInstalled(): void;
}) {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const [models, setModels] = useState<CatalogModel[]>([]);
  const [active, setActive] = useState<{ id: string; p?: CatalogProgress }>();
  const [msg, setMsg] = useState<{ kind: 'ok' | 'error'; text: string }>();

  const load = useCallback(
    () =>
      client
        .call('modelCatalog.list', {})
        .then((r) => setModels(r.models))
        .catch((err: unknown) =>
          setMsg({ kind: 'error', text: translateError(t, errorCode(err)) }),
        ),
    [client, t],
  );
  useEffect(() => void load(), [load]);

  const download = (m: CatalogModel) => {
    const runId = newRunId('dl');
    setActive({ id: m.id });
    setMsg(undefined);
    const off = client.on('modelCatalog.progress', (p) => {
      if (p.runId === runId) setActive({ id: m.id, p });
    });
    client
      .call('modelCatalog.download', { id: m.id, runId })
      .then(() => {
        setMsg({ kind: 'ok', text: t('models.catalog.done', { id: m.id }) });
        onInstalled();
      })
      .catch((err: unknown) =>
        setMsg({
          kind: 'error',
          text: t('models.catalog.failed', { id: m.id, reason: translateError(t, errorCode(err)) }),
        }),
      )
      .finally(() => {
        off();
        setActive(undefined);
        void load();
      });
  };

  if (!models.length) return null;
  const n1 = (v: number) => formatNumber(locale, v, 1);
  return (
    <section
      className="models__catalog"
      aria-labelledby="models-catalog-title"
      data-testid="model-catalog"
    >
      <h3 id="models-catalog-title">{t('models.catalog.title')}</h3>
      <p className="muted small">{t('models.catalog.intro')}</p>
      <table className="table">
        <thead>
          <tr>
            <th>{t('models.catalog.col.model')}</th>
            <th>{t('models.catalog.col.size')}</th>
            <th>{t('models.catalog.col.sha')}</th>
            <th>{t('models.catalog.col.licence')}</th>
            <th>{t('models.catalog.col.state')}</th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.id} data-testid={`catalog-row-${m.id}`}>
              <td>
                <strong>{m.name ?? m.id}</strong>
                <br />
                <span className="muted small">{m.id}</span>
              </td>
              <td>{m.sizeBytes ? `${n1(mb(m.sizeBytes))} MB` : '—'}</td>
              <td>
                <code title={m.sha256}>{m.sha256.slice(0, 12)}…</code>
              </td>
              <td className="small">{m.licence}</td>
              <td>
                {m.installed ? (
                  <span data-testid={`catalog-installed-${m.id}`}>
                    {t('models.catalog.installed')}
                  </span>
                ) : !m.url ? (
                  <span className="muted small">{t('models.catalog.no_url')}</span>
                ) : active?.id === m.id ? (
                  <span role="status" data-testid={`catalog-progress-${m.id}`}>
                    <progress
                      max={active.p?.total ?? 1}
                      value={active.p ? active.p.received : undefined}
                      aria-label={t('models.catalog.download')}
                    />{' '}
                    {active.p
                      ? t('models.catalog.progress', {
                          id: m.id,
                          percent: uploadPercent(active.p.received, active.p.total ?? 0),
                          mb: n1(mb(active.p.received)),
                        })
                      : null}
                  </span>
                ) : canDownload ? (
                  <>
                    <button
                      type="button"
                      disabled={!!active}
                      onClick={() => download(m)}
                      data-testid={`catalog-download-${m.id}`}
                    >
                      {m.partialBytes ? t('models.catalog.resume') : t('models.catalog.download')}
                    </button>
                    {m.partialBytes ? (
                      <span className="muted small">
                        {' '}
                        {t('models.catalog.partial', { mb: n1(mb(m.partialBytes)) })}
                      </span>
                    ) : null}
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {msg ? (
        <p
          role={msg.kind === 'error' ? 'alert' : 'status'}
          className={msg.kind}
          data-testid="catalog-message"
        >
          {msg.text}
        </p>
      ) : null}
    </section>
  );
}
