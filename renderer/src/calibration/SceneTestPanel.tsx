import {
  formatDateTime,
  formatNumber,
  formatSpeed,
  translateError,
  translateOr,
  useI18n,
  useT,
} from '../i18n/i18n';
import type { EditorDoc } from './editor-state';
import {
  eventColor,
  lineName,
  measureOf,
  placeOf,
  type SceneTestEvent,
  type SceneTestOutcome,
} from './scene-test';
import './scene-test.css';

export const TEST_SECONDS = [30, 60, 90, 120] as const;

export interface SceneTestState {
  cameraId: string;
  outcome: SceneTestOutcome;
  /** The draft as it was when tested, to say when the results no longer match the screen. */
  doc: EditorDoc;
}

/**
 * Side-panel section of the calibration tool's test mode: run the replay of the camera's last
 * seconds with the draft, then the counts per line and the list of what would have fired. Each
 * row's number button shows that event's marker on the frozen frame.
 */
export function SceneTestPanel(props: {
  doc: EditorDoc;
  disabled: boolean;
  busy: boolean;
  seconds: number;
  onSeconds(s: number): void;
  onRun(): void;
  onClear(): void;
  result?: SceneTestState;
  picked?: number;
  onPick(i: number | undefined): void;
}) {
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const { result, doc, busy, picked } = props;
  const outcome = result?.outcome;
  const stopName = t('calib.tool.stop-line');
  const time = (ms: number) => formatDateTime(locale, ms, 'time');

  const measure = (e: SceneTestEvent): string => {
    const m = measureOf(e);
    if (!m) return '';
    switch (m.key) {
      case 'speed':
        return m.limitKmh !== undefined
          ? t('calib.test.speedOverLimit', {
              speed: formatSpeed(locale, m.speedKmh),
              limit: formatNumber(locale, m.limitKmh, 0),
            })
          : formatSpeed(locale, m.speedKmh);
      case 'dwell':
        return t('calib.test.dwell', { sec: formatNumber(locale, m.sec, 1) });
      case 'redFor':
        return t('calib.test.redFor', { sec: formatNumber(locale, m.sec, 1) });
      case 'direction':
        return translateOr(t, `rule.direction.${m.direction}`, m.direction);
    }
  };

  return (
    <section aria-labelledby="scene-test-title" aria-busy={busy} data-testid="scene-test">
      <h2 id="scene-test-title">{t('calib.test.title')}</h2>
      <p className="muted small">{t('calib.test.help')}</p>
      <div className="scene-test__controls">
        <label>
          {t('calib.test.seconds')}
          <select
            value={props.seconds}
            onChange={(e) => props.onSeconds(Number(e.target.value))}
            disabled={busy}
          >
            {TEST_SECONDS.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="primary"
          onClick={props.onRun}
          disabled={props.disabled || busy}
          aria-describedby="scene-test-status"
        >
          {t('calib.test.run')}
        </button>
        {outcome ? (
          <button
            type="button"
            onClick={props.onClear}
            disabled={busy}
            data-testid="scene-test-clear"
          >
            {t('calib.test.clear')}
          </button>
        ) : null}
      </div>
      <p id="scene-test-status" role="status" className="small" data-testid="scene-test-status">
        {busy ? (
          <span className="scene-test__busy">{t('calib.test.running')}</span>
        ) : outcome ? (
          t('calib.test.summary', {
            frames: outcome.framesReplayed,
            from: time(outcome.fromMs),
            to: time(outcome.toMs),
            events: outcome.events.length,
          })
        ) : null}
      </p>
      {outcome && !busy ? (
        <>
          {result.doc !== doc ? (
            <p className="scene-test__warn small" data-testid="scene-test-stale">
              {t('calib.test.stale')}
            </p>
          ) : null}
          {outcome.problems.map((p) => (
            <p key={p.code} className="scene-test__warn small" data-testid="scene-test-problem">
              {translateError(t, p)}
            </p>
          ))}
          {outcome.counts.length ? (
            <table className="scene-test__table" data-testid="scene-test-counts">
              <caption>{t('calib.test.counts')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('calib.test.col.line')}</th>
                  <th scope="col">{t('calib.test.col.direction')}</th>
                  <th scope="col">{t('calib.test.col.count')}</th>
                </tr>
              </thead>
              <tbody>
                {outcome.counts.map((c) => (
                  <tr key={`${c.lineId}:${c.direction}`} data-testid="scene-test-count">
                    <td>{lineName(c.lineId, doc, stopName)}</td>
                    <td>{t(`rule.direction.${c.direction}`)}</td>
                    <td>{c.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {outcome.events.length ? (
            <div className="scene-test__events">
              <table className="scene-test__table" data-testid="scene-test-events">
                <caption>{t('calib.test.events')}</caption>
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">{t('calib.test.col.time')}</th>
                    <th scope="col">{t('calib.test.col.type')}</th>
                    <th scope="col">{t('calib.test.col.track')}</th>
                    <th scope="col">{t('calib.test.col.measure')}</th>
                    <th scope="col">{t('calib.test.col.where')}</th>
                  </tr>
                </thead>
                <tbody>
                  {outcome.events.map((e, i) => (
                    <tr
                      key={i}
                      data-testid="scene-test-event"
                      data-type={e.type}
                      className={picked === i ? 'selected' : undefined}
                    >
                      <td>
                        <button
                          type="button"
                          className="scene-test__pick"
                          aria-label={t('calib.test.showEvent', { n: i + 1 })}
                          aria-pressed={picked === i}
                          onClick={() => props.onPick(picked === i ? undefined : i)}
                        >
                          {i + 1}
                        </button>
                      </td>
                      <td>{time(e.tsMs)}</td>
                      <td>
                        <span
                          className="scene-test__swatch"
                          style={{
                            background: eventColor(e),
                          }}
                          aria-hidden="true"
                        />
                        {e.type === 'count'
                          ? t('calib.test.type.count')
                          : t(`infraction.type.${e.type}`)}
                      </td>
                      <td>{t('calib.test.track', { id: e.trackId, label: e.classLabel })}</td>
                      <td>{measure(e)}</td>
                      <td>{placeOf(e, doc, stopName)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="muted small" data-testid="scene-test-none">
              {t('calib.test.none')}
            </p>
          )}
          {outcome.truncated ? (
            <p className="muted small">{t('calib.test.truncated', { n: outcome.events.length })}</p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
