import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { useClient } from '../api/client-context';
import { callStore, errorCode } from '../api/optional';
import {
  formatDateTime,
  formatNumber,
  translateError,
  translateOr,
  useI18n,
  useT,
} from '../i18n/i18n';
import { measureLabel } from './measure-label';
import type { InfractionRecord } from '../../../electron/shared/api/methods/infractions';
import type { ApiResult } from '../../../electron/shared/api/contract';
import { nextRate, type ReviewCommand } from './review-keys';
import { PlateInsights } from './PlateInsights';
import { TrackAppearance } from '../appearance/TrackAppearance';
import { PlateReread } from './PlateReread';
import { PlateStateNote } from './PlateReviewFields';
import { downloadBase64 } from '../reports/download';
import { EvidenceLock } from './EvidenceLock';
import { useAccess } from '../app/access';
import { FinePanel } from './FinePanel';
import { useLiveStore } from '../state/live-store';
import { useCameraZones } from '../reports/use-camera-zones';

export interface DetailHandle {
  command(cmd: ReviewCommand): void;
  reload(): void;
}

type History = Awaited<ReturnType<typeof callStore<'infractions.get'>>>['history'];
type Evidence = ApiResult<'evidence.get'> & { url: string };

const FRAME_SEC = 1 / 25;

function useEvidence(id: string, kind: 'clip' | 'snapshot' | 'crop', has: boolean) {
  const client = useClient();
  const [ev, setEv] = useState<Evidence | { error: string }>();
  const t = useT();
  useEffect(() => {
    if (!has) return;
    let url: string | undefined;
    let live = true;
    client
      .call('evidence.get', { infractionId: id, kind })
      .then((r) => {
        const bin = Uint8Array.from(atob(r.base64), (c) => c.charCodeAt(0));
        url = URL.createObjectURL(new Blob([bin], { type: r.mime }));
        if (live) setEv({ ...r, url });
      })
      .catch((e: unknown) => live && setEv({ error: translateError(t, errorCode(e)) }));
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [client, id, kind, has, t]);
  return ev;
}

/** Downloads the infraction's signed evidence package (zip) and says which key signed it. */
function ExportPackageButton({ id }: { id: string }) {
  const client = useClient();
  const t = useT();
  const [state, setState] = useState<
    { busy: true } | { done: string } | { error: string } | undefined
  >();
  return (
    <span className="detail__export">
      <button
        type="button"
        disabled={!!state && 'busy' in state}
        onClick={() => {
          setState({ busy: true });
          client
            .call('evidence.exportPackage', { infractionId: id })
            .then((r) => {
              downloadBase64(r.filename, r.mime, r.base64);
              setState({ done: r.publicKeyId });
            })
            .catch((e: unknown) => setState({ error: translateError(t, errorCode(e)) }));
        }}
      >
        {t('review.exportPackage')}
      </button>
      <span role="status" className={state && 'error' in state ? 'error' : 'muted'}>
        {state && 'busy' in state
          ? t('review.exportPackage.busy')
          : state && 'done' in state
            ? t('review.exportPackage.done', { keyId: state.done })
            : state && 'error' in state
              ? state.error
              : ''}
      </span>
    </span>
  );
}

/** One infraction: clip player, annotated snapshot, crop, measurements, integrity and history. */
export function InfractionDetail({
  id,
  onDecide,
  onAskReject,
  onEditPlate,
  onChanged,
  ref,
}: {
  id: string;
  /** A lifecycle action changed the case (the queue shows the new status). */
  onChanged?(rec: InfractionRecord): void;
  onDecide(a: 'validate'): void;
  onAskReject(): void;
  /** Corrects the plate (the same audited path as typing it after E). */
  onEditPlate?(text: string): void;
  ref?: Ref<DetailHandle>;
}) {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const [data, setData] = useState<{ infraction: InfractionRecord; history: History }>();
  const [error, setError] = useState<string>();
  const [rate, setRate] = useState(1);
  const [nonce, setNonce] = useState(0);
  const video = useRef<HTMLVideoElement>(null);
  const decideWhy = useAccess().reason('review.decide');
  const cameras = useLiveStore((s) => s.cameras);
  const zonesOf = useCameraZones(data ? [data.infraction.cameraId] : []);

  useEffect(() => {
    callStore(client, 'infractions.get', { id })
      .then((r) => (setData(r), setError(undefined)))
      .catch((e: unknown) => setError(translateError(t, errorCode(e))));
  }, [client, id, nonce, t]);

  const inf = data?.infraction;
  // Names instead of ids: the camera's and the zone's as configured.
  const cameraName = inf && cameras.find((c) => c.id === inf.cameraId)?.name;
  const zoneName =
    inf?.zoneId !== undefined
      ? zonesOf(inf.cameraId)?.find((z) => z.id === inf.zoneId)?.name
      : undefined;
  const has = (k: string) => !!inf?.evidence.some((e) => e.kind === k);
  const clip = useEvidence(id, 'clip', has('clip'));
  const snapshot = useEvidence(id, 'snapshot', has('snapshot'));
  const crop = useEvidence(id, 'crop', has('crop'));

  useEffect(() => {
    if (video.current) video.current.playbackRate = rate;
  }, [rate]);

  useImperativeHandle(ref, () => ({
    reload: () => setNonce((n) => n + 1),
    command: (cmd) => {
      const v = video.current;
      if (cmd === 'slower' || cmd === 'faster')
        return setRate((r) => nextRate(r, cmd === 'faster'));
      if (!v) return;
      if (cmd === 'playPause') void (v.paused ? v.play() : v.pause());
      else if (cmd === 'stepForward' || cmd === 'stepBack') {
        v.pause();
        v.currentTime = Math.max(
          0,
          v.currentTime + (cmd === 'stepForward' ? FRAME_SEC : -FRAME_SEC),
        );
      }
    },
  }));

  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (!inf) return <p className="muted">{t('app.loading')}</p>;

  const integrity = [clip, snapshot, crop].filter((e): e is Evidence => !!e && 'integrity' in e);
  const tampered = integrity.some((e) => e.integrity !== 'ok');
  return (
    <article className="detail" aria-labelledby="detail-title">
      <header className="detail__head">
        <h2 id="detail-title">
          {t(`infraction.type.${inf.type}`)}{' '}
          {inf.code ? <code className="detail__code">{inf.code}</code> : null}{' '}
          <span className={`badge badge--${inf.status}`}>{t(`review.status.${inf.status}`)}</span>
          {inf.lockedAt !== undefined ? (
            <span
              className="badge badge--locked"
              title={t('review.lock.lockedBy', {
                by: inf.lockedBy ?? '',
                at: formatDateTime(locale, inf.lockedAt),
              })}
              data-testid="locked-badge"
            >
              {t('review.lock.badge')}
            </span>
          ) : null}
        </h2>
        <div className="detail__actions">
          <EvidenceLock infraction={inf} onChanged={() => setNonce((n) => n + 1)} />
          <button
            type="button"
            className="primary"
            onClick={() => onDecide('validate')}
            disabled={(inf.status !== 'pending' && inf.status !== 'appealed') || !!decideWhy}
            title={decideWhy}
          >
            {t('review.cmd.validate')} <kbd>V</kbd>
          </button>
          <button
            type="button"
            onClick={onAskReject}
            disabled={(inf.status !== 'pending' && inf.status !== 'appealed') || !!decideWhy}
            title={decideWhy}
          >
            {t('review.cmd.reject')} <kbd>R</kbd>
          </button>
          {decideWhy ? (
            <span className="muted small" data-testid="decide-denied">
              {decideWhy}
            </span>
          ) : null}
          <ExportPackageButton key={inf.id} id={inf.id} />
        </div>
      </header>
      <div className="detail__media">
        <figure>
          <figcaption>{t('review.clip')}</figcaption>
          {clip && 'url' in clip ? (
            <>
              <video
                ref={video}
                src={clip.url}
                controls
                preload="auto"
                aria-label={t('review.clip')}
              />
              <div className="player">
                <button
                  type="button"
                  onClick={() =>
                    video.current &&
                    (video.current.paused ? void video.current.play() : video.current.pause())
                  }
                >
                  {t('review.cmd.playPause')}
                </button>
                <button
                  type="button"
                  onClick={() => (
                    video.current?.pause(),
                    video.current && (video.current.currentTime -= FRAME_SEC)
                  )}
                  aria-label={t('review.cmd.stepBack')}
                >
                  ◀|
                </button>
                <button
                  type="button"
                  onClick={() => (
                    video.current?.pause(),
                    video.current && (video.current.currentTime += FRAME_SEC)
                  )}
                  aria-label={t('review.cmd.stepForward')}
                >
                  |▶
                </button>
                <label>
                  {t('review.speed')}
                  <select value={rate} onChange={(e) => setRate(Number(e.target.value))}>
                    {[0.25, 0.5, 1, 2, 4].map((r) => (
                      <option key={r} value={r}>
                        {formatNumber(locale, r, 2)}×
                      </option>
                    ))}
                  </select>
                </label>
              </div>
            </>
          ) : (
            <p className="muted">
              {clip && 'error' in clip
                ? clip.error
                : has('clip')
                  ? t('app.loading')
                  : t('review.noEvidence')}
            </p>
          )}
        </figure>
        <figure>
          <figcaption>{t('review.snapshot')}</figcaption>
          {snapshot && 'url' in snapshot ? (
            <AnnotatedSnapshot
              url={snapshot.url}
              box={inf.box}
              label={`${inf.classLabel} #${inf.trackId}`}
            />
          ) : (
            <p className="muted">
              {snapshot && 'error' in snapshot ? snapshot.error : t('review.noEvidence')}
            </p>
          )}
        </figure>
        <figure>
          <figcaption>{t('review.crop')}</figcaption>
          {crop && 'url' in crop ? (
            <img src={crop.url} alt={t('review.crop')} className="detail__crop" />
          ) : (
            <p className="muted">{t('review.noEvidence')}</p>
          )}
        </figure>
      </div>
      <dl className="facts">
        <dt>{t('review.occurredAt')}</dt>
        <dd>{formatDateTime(locale, inf.occurredAt)}</dd>
        <dt>{t('review.camera')}</dt>
        <dd>
          {cameraName ?? inf.cameraId}
          {inf.zoneId ? ` · ${zoneName ?? inf.zoneId}` : ''}
        </dd>
        <dt>{t('review.object')}</dt>
        <dd>
          {translateOr(t, `class.${inf.classLabel}`, inf.classLabel)} #{inf.trackId} ·{' '}
          {t('review.confidence', { pct: formatNumber(locale, inf.confidence * 100, 0) })}
        </dd>
        {Object.entries(inf.measured).map(([k, v]) => (
          <div key={k} className="facts__row">
            <dt>{measureLabel(t, k)}</dt>
            <dd>{formatNumber(locale, v, 1)}</dd>
          </div>
        ))}
        <dt>{t('review.versions')}</dt>
        <dd>
          {t('review.versionsValue', {
            rule: inf.ruleVersion,
            calibration: inf.calibrationVersion ?? '—',
          })}
        </dd>
        <dt>{t('review.plate')}</dt>
        <dd>
          {inf.plate ? <span className="plate">{inf.plate.text}</span> : null}
          <PlateStateNote item={inf} />
          {inf.plateOriginalText
            ? ` (${t('review.plateOriginal', { text: inf.plateOriginalText })})`
            : ''}
        </dd>
        <dt>{t('plates.read.title')}</dt>
        <dd>
          <PlateReread
            key={`${inf.id}:${inf.version}`}
            infractionId={inf.id}
            current={inf.plate?.text}
            onAccept={onEditPlate}
            onRead={() => setNonce((n) => n + 1)}
          />
        </dd>
        <PlateInsights key={inf.id} infractionId={inf.id} plate={inf.plate?.text} />
        <TrackAppearance
          key={`track:${inf.id}`}
          cameraId={inf.cameraId}
          trackId={inf.trackId}
          at={inf.occurredAt}
        />
        <dt>{t('review.integrity')}</dt>
        <dd
          className={tampered ? 'error' : integrity.length ? 'ok' : 'muted'}
          data-testid="integrity"
        >
          {tampered
            ? t('review.integrity.modified')
            : integrity.length
              ? t('review.integrity.ok', { n: integrity.length })
              : t('review.integrity.unchecked')}
        </dd>
        {inf.decidedBy ? (
          <>
            <dt>{t('review.decided')}</dt>
            <dd>
              {t('review.decidedValue', {
                by: inf.decidedBy,
                at: formatDateTime(locale, inf.decidedAt ?? 0),
              })}
              {inf.reason ? ` — ${inf.reason}` : ''}
            </dd>
          </>
        ) : null}
      </dl>
      <FinePanel
        infraction={inf}
        onChanged={(rec) => {
          setNonce((n) => n + 1);
          onChanged?.(rec);
        }}
      />
      <h3>{t('review.history')}</h3>
      <ol className="history">
        {data.history.map((h) => (
          <li key={h.id}>
            <time>{formatDateTime(locale, h.at)}</time> · <strong>{h.actor}</strong> ·{' '}
            {translateOr(t, `audit.${h.action}`, h.action)}
          </li>
        ))}
      </ol>
    </article>
  );
}

function AnnotatedSnapshot({
  url,
  box,
  label,
}: {
  url: string;
  box: InfractionRecord['box'];
  label: string;
}) {
  const [dims, setDims] = useState<{ w: number; h: number }>();
  return (
    <div className="snapshot">
      <img
        src={url}
        alt={label}
        onLoad={(e) =>
          setDims({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })
        }
      />
      {dims ? (
        <svg viewBox={`0 0 ${dims.w} ${dims.h}`} className="snapshot__overlay" aria-hidden="true">
          <rect
            x={box.x1}
            y={box.y1}
            width={box.x2 - box.x1}
            height={box.y2 - box.y1}
            fill="none"
            stroke="#ff5c5c"
            strokeWidth={Math.max(2, dims.w / 300)}
          />
        </svg>
      ) : null}
    </div>
  );
}
