import { useState } from 'react';
import { useClient } from '../api/client-context';
import { errorCode } from '../api/optional';
import { formatNumber, translateError, useI18n, useT } from '../i18n/i18n';
import { useSession } from '../state/session-store';
import { roleAllows } from '../../../electron/shared/api/methods/auth';
import type { ApiResult } from '../../../electron/shared/api/contract';

type Reread = ApiResult<'plates.read'>;

/**
 * "Read plate again": the host has an inference worker read the stored vehicle crop (or snapshot)
 * again and shows the answer with every candidate. Nothing changes until the operator accepts a
 * reading, which goes through the plate correction (audited, synced) like a typed one.
 */
export function PlateReread({
  infractionId,
  current,
  onAccept,
  onRead,
}: {
  infractionId: string;
  /** The plate text on record. */
  current?: string;
  onAccept?(text: string): void;
  /** A reading came back (it is in the infraction's history now). */
  onRead?(): void;
}) {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const role = useSession((s) => s.user?.role);
  const [state, setState] = useState<
    | { kind: 'idle' }
    | { kind: 'running' }
    | { kind: 'done'; r: Reread }
    | { kind: 'error'; text: string }
  >({ kind: 'idle' });

  // Reading again is for those who can act on the answer (the host checks it too).
  if (role && !roleAllows(role, 'review.decide')) return null;

  const read = () => {
    setState({ kind: 'running' });
    client
      .call('plates.read', { infractionId })
      .then((r) => {
        setState({ kind: 'done', r });
        onRead?.();
      })
      .catch((e: unknown) => setState({ kind: 'error', text: translateError(t, errorCode(e)) }));
  };
  const pct = (v: number) => formatNumber(locale, v * 100, 0);
  const same = (text: string) =>
    !!current && text.replace(/[^A-Z0-9]/gi, '') === current.replace(/[^A-Z0-9]/gi, '');
  const accept = (text: string) =>
    onAccept && !same(text) ? (
      <button
        type="button"
        className="primary"
        onClick={() => onAccept(text)}
        data-testid="plate-reread-accept"
      >
        {t('plates.read.accept', { text })}
      </button>
    ) : null;

  return (
    <div className="reread" data-testid="plate-reread">
      <button
        type="button"
        onClick={read}
        disabled={state.kind === 'running'}
        title={t('plates.read.againHint')}
        data-testid="plate-reread-button"
      >
        {t('plates.read.again')}
      </button>
      {state.kind === 'running' ? (
        <span role="status" className="muted">
          {' '}
          {t('plates.read.running')}
        </span>
      ) : null}
      {state.kind === 'error' ? (
        <p role="alert" className="error">
          {state.text}
        </p>
      ) : null}
      {state.kind === 'done' ? (
        <div className="reread__result" role="status" data-testid="plate-reread-result">
          {state.r.ok ? (
            <p>
              <span className="plate">{state.r.plate.text}</span>{' '}
              {t('plates.read.confidence', { percent: pct(state.r.plate.confidence) })}{' '}
              <span className="muted small">
                {t(`plates.read.source.${state.r.source}`)} ·{' '}
                {t('plates.read.elapsed', { ms: formatNumber(locale, state.r.elapsedMs, 0) })}
              </span>{' '}
              {same(state.r.plate.text) ? (
                <span className="ok">{t('plates.read.same')}</span>
              ) : (
                accept(state.r.plate.text)
              )}
            </p>
          ) : (
            <p>
              {t('plates.read.noPlate', {
                reason: translateError(t, { code: state.r.code, message: state.r.message }),
              })}{' '}
              <span className="muted small">{t(`plates.read.source.${state.r.source}`)}</span>
            </p>
          )}
          {state.r.ok && state.r.plateCropJpegBase64 ? (
            <img
              className="reread__crop"
              src={`data:image/jpeg;base64,${state.r.plateCropJpegBase64}`}
              alt={t('plates.read.cropAlt')}
            />
          ) : null}
          {state.r.candidates.length ? (
            <>
              <p className="muted small">{t('plates.read.candidates')}</p>
              <ol className="reread__candidates" data-testid="plate-reread-candidates">
                {state.r.candidates.map((c, i) => (
                  <li key={`${c.text}-${i}`}>
                    {t('plates.read.candidate', {
                      text: c.text || '—',
                      raw: c.rawText || '—',
                      score: formatNumber(locale, c.score, 2),
                    })}
                  </li>
                ))}
              </ol>
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
