import { useCallback, useEffect, useState } from 'react';
import { useClient } from '../api/client-context';
import { callStore, errorCode } from '../api/optional';
import { formatDateTime, translateError, useI18n, useT } from '../i18n/i18n';
import { useSession } from '../state/session-store';
import type { ApiResult } from '../../../electron/shared/api/contract';
import type {
  ModelAlias,
  ModelVersion,
  Normalisation,
} from '../../../electron/shared/domain/model-registry';
import { SettingsMessage, type Msg } from './SettingsMessage';
import { ShadowChart } from './ShadowChart';

type ListResult = ApiResult<'registry.list'>;
type GroupResult = ApiResult<'registry.group'>;
type ShadowResult = ApiResult<'registry.shadow'>;

const TASK_LABEL = {
  detect: 'registry.ui.task.detect',
  classify: 'registry.ui.task.classify',
  embed: 'registry.ui.task.embed',
  'plate-ocr': 'registry.ui.task.plate-ocr',
} as const;
const ALIAS_LABEL = {
  champion: 'registry.ui.alias.champion',
  challenger: 'registry.ui.alias.challenger',
} as const;
const ACTION_LABEL = {
  set: 'registry.ui.history.action.set',
  promote: 'registry.ui.history.action.promote',
  rollback: 'registry.ui.history.action.rollback',
  clear: 'registry.ui.history.action.clear',
} as const;

const short = (sha: string) => sha.slice(0, 12);
const num = (v: number | undefined, digits = 1) => (v === undefined ? '—' : v.toFixed(digits));

/** "BGR 0..255 · mean/std · top-left pad 114": a version's preprocessing in one line. */
function normalisationText(n: Normalisation): string {
  const parts = [n.channelOrder.toUpperCase(), n.scale === 'unit' ? '0..1' : '0..255'];
  if (n.mean) parts.push(`mean [${n.mean.join(', ')}]`);
  if (n.std) parts.push(`std [${n.std.join(', ')}]`);
  if (n.tensorLayout === 'nhwc') parts.push('NHWC');
  parts.push(n.letterbox === 'stretch' ? 'stretch' : `${n.letterbox} pad ${n.padValue}`);
  return parts.join(' · ');
}

/**
 * Settings → Model registry: every version with its metadata and evaluations, the aliases of a
 * camera group, and (administrators) register, set champion / challenger, promote (past a failing
 * gate only with the audited override) and roll back. Shows the challenger's shadow figures.
 */
export function ModelRegistrySettings() {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const { auth, user } = useSession();
  const isAdmin = auth === 'none' || user?.role === 'admin';
  const canRead = isAdmin || user?.role === 'supervisor';
  const [list, setList] = useState<ListResult | null>();
  const [group, setGroup] = useState('default');
  const [detail, setDetail] = useState<GroupResult>();
  const [shadow, setShadow] = useState<ShadowResult>();
  const [installed, setInstalled] = useState<string[]>([]);
  const [pick, setPick] = useState('');
  const [override, setOverride] = useState(false);
  const [msg, setMsg] = useState<Msg>();

  const load = useCallback(
    () =>
      callStore(client, 'registry.list', {})
        .then((r) => setList(r))
        .catch(() => setList(null)),
    [client],
  );
  const loadGroup = useCallback(
    () =>
      callStore(client, 'registry.group', { group })
        .then((d) => {
          setDetail(d);
          const challenger = d.aliases.find((a) => a.alias === 'challenger')?.sha256;
          return challenger
            ? callStore(client, 'registry.shadow', { sha256: challenger })
            : undefined;
        })
        .then((sh) => setShadow(sh))
        .catch(() => setDetail(undefined)),
    [client, group],
  );
  const loadInstalled = useCallback(
    () =>
      callStore(client, 'models.list', {})
        .then((r) => {
          setInstalled(r.models.map((m) => m.id));
          setPick((p) => p || (r.models[0]?.id ?? ''));
        })
        .catch(() => setInstalled([])),
    [client],
  );

  useEffect(() => {
    if (!canRead) return;
    void load();
    void loadInstalled();
  }, [canRead, load, loadInstalled]);
  useEffect(() => {
    if (canRead) void loadGroup();
  }, [canRead, loadGroup]);
  if (!canRead) return null;

  const fail = (err: unknown) => setMsg({ kind: 'error', text: translateError(t, errorCode(err)) });
  const versions = list?.versions ?? [];
  const byId = new Map(versions.map((v) => [v.sha256, v]));
  const nameOf = (sha: string | null | undefined) =>
    sha ? (byId.get(sha)?.name ?? short(sha)) : t('registry.ui.unset');
  const refresh = async () => {
    await load();
    await loadGroup();
  };

  const register = () => {
    if (!pick) return;
    callStore(client, 'registry.register', { modelId: pick })
      .then(async (r) => {
        setMsg({
          kind: 'ok',
          text: t(r.created ? 'registry.ui.registered' : 'registry.ui.already', {
            sha: short(r.version.sha256),
          }),
        });
        await refresh();
      })
      .catch(fail);
  };
  const setAlias = (v: ModelVersion, alias: ModelAlias) =>
    callStore(client, 'registry.setAlias', { group, alias, sha256: v.sha256 })
      .then(async () => {
        setMsg({
          kind: 'ok',
          text: t('registry.ui.aliasSet', { alias: t(ALIAS_LABEL[alias]), group, name: v.name }),
        });
        await refresh();
      })
      .catch(fail);
  const promote = () =>
    callStore(client, 'registry.promote', { group, override })
      .then(async (r) => {
        setMsg({ kind: 'ok', text: t('registry.ui.promoted', { name: nameOf(r.champion) }) });
        setOverride(false);
        await refresh();
      })
      .catch(fail);
  const rollback = () =>
    callStore(client, 'registry.rollback', { group })
      .then(async (r) => {
        setMsg({ kind: 'ok', text: t('registry.ui.rolledBack', { name: nameOf(r.champion) }) });
        await refresh();
      })
      .catch(fail);

  const aliasesOf = (sha: string) =>
    (list?.aliases ?? [])
      .filter((a) => a.sha256 === sha)
      .map((a) => t('registry.ui.aliasIn', { alias: t(ALIAS_LABEL[a.alias]), group: a.group }));
  const champion = detail?.aliases.find((a) => a.alias === 'champion')?.sha256;
  const challenger = detail?.aliases.find((a) => a.alias === 'challenger')?.sha256;
  const gate = detail?.gate;

  return (
    <section className="card" aria-labelledby="registry-title">
      <h2 id="registry-title">{t('registry.ui.title')}</h2>
      <p className="muted">{t('registry.ui.intro')}</p>
      {list === null ? (
        <p className="muted">{t('registry.ui.unavailable')}</p>
      ) : (
        <>
          {versions.length === 0 ? (
            <p className="muted">{t('registry.ui.none')}</p>
          ) : (
            <table className="simple wide" data-testid="registry-versions">
              <caption className="sr-only">{t('registry.ui.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('registry.ui.col.name')}</th>
                  <th scope="col">{t('registry.ui.col.version')}</th>
                  <th scope="col">{t('registry.ui.col.task')}</th>
                  <th scope="col">{t('registry.ui.col.layout')}</th>
                  <th scope="col">{t('registry.ui.col.input')}</th>
                  <th scope="col">{t('registry.ui.col.normalisation')}</th>
                  <th scope="col">{t('registry.ui.col.labels')}</th>
                  <th scope="col">{t('registry.ui.col.licence')}</th>
                  <th scope="col">{t('registry.ui.col.imported')}</th>
                  <th scope="col">{t('registry.ui.col.evaluations')}</th>
                  <th scope="col">{t('registry.ui.col.aliases')}</th>
                  {isAdmin && <th scope="col">{t('registry.ui.col.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {versions.map((v) => (
                  <tr key={v.sha256} data-sha={v.sha256}>
                    <th scope="row">{v.name}</th>
                    <td>
                      <code title={v.sha256}>{short(v.sha256)}</code>
                      {!v.present && (
                        <span className="muted"> ({t('registry.ui.notPresent')})</span>
                      )}
                    </td>
                    <td>{t(TASK_LABEL[v.task])}</td>
                    <td>{v.layout}</td>
                    <td>
                      {v.inputSize.width}×{v.inputSize.height}
                    </td>
                    <td>{normalisationText(v.normalisation)}</td>
                    <td>{v.embeddingDim ? `D=${v.embeddingDim}` : v.labels.length}</td>
                    <td>{v.licence}</td>
                    <td>
                      {t('registry.ui.importedBy', {
                        at: formatDateTime(locale, v.importedAt),
                        by: v.importedBy,
                      })}
                    </td>
                    <td>
                      {v.evaluations.length
                        ? v.evaluations
                            .map(
                              (e) =>
                                `${e.kind}: ${Object.entries(e.metrics)
                                  .map(([k, n]) => `${k} ${n.toFixed(3)}`)
                                  .join(', ')}`,
                            )
                            .join(' · ')
                        : t('registry.ui.noEvaluations')}
                    </td>
                    <td>{aliasesOf(v.sha256).join(', ')}</td>
                    {isAdmin && (
                      <td className="actions">
                        <button type="button" onClick={() => void setAlias(v, 'champion')}>
                          {t('registry.ui.makeChampion')}
                        </button>
                        <button type="button" onClick={() => void setAlias(v, 'challenger')}>
                          {t('registry.ui.makeChallenger')}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {isAdmin && installed.length > 0 && (
            <div className="form-row">
              <label>
                {t('registry.ui.registerLabel')}
                <select value={pick} onChange={(e) => setPick(e.target.value)}>
                  {installed.map((id) => (
                    <option key={id} value={id}>
                      {id}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" onClick={register}>
                {t('registry.ui.register')}
              </button>
            </div>
          )}
          <div className="form-row">
            <label>
              {t('registry.ui.group')}
              <select value={group} onChange={(e) => setGroup(e.target.value)}>
                {(list?.groups ?? ['default']).map((g) => (
                  <option key={g} value={g}>
                    {g}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <p data-testid="registry-champion">
            {t('registry.ui.champion', { name: nameOf(champion) })}
          </p>
          <p data-testid="registry-challenger">
            {t('registry.ui.challenger', { name: nameOf(challenger) })}
          </p>
          {gate && challenger && (
            <div data-testid="registry-gate">
              <h3>{t('registry.ui.gate.title')}</h3>
              <p role="status">
                {gate.blocked
                  ? t('registry.ui.gate.blocked', {
                      reasons: gate.reasons
                        .map((r) =>
                          t(
                            r === 'f1'
                              ? 'registry.ui.gate.reason.f1'
                              : 'registry.ui.gate.reason.latency',
                          ),
                        )
                        .join('; '),
                    })
                  : t('registry.ui.gate.ok')}
              </p>
              <p className="muted">
                {t('registry.ui.gate.figures', {
                  cf: num(
                    gate.championFigures.f1 !== undefined
                      ? gate.championFigures.f1 * 100
                      : undefined,
                  ),
                  xf: num(
                    gate.challengerFigures.f1 !== undefined
                      ? gate.challengerFigures.f1 * 100
                      : undefined,
                  ),
                  decisions: gate.decisions,
                  cp: num(gate.championFigures.p95Ms),
                  xp: num(gate.challengerFigures.p95Ms),
                  frames: gate.shadowFrames,
                })}
              </p>
            </div>
          )}
          {isAdmin && (
            <div className="form-row">
              <button type="button" disabled={!challenger} onClick={() => void promote()}>
                {t('registry.ui.promote')}
              </button>
              <button type="button" disabled={!champion} onClick={() => void rollback()}>
                {t('registry.ui.rollback')}
              </button>
              {gate?.blocked && challenger && (
                <label className="check">
                  <input
                    type="checkbox"
                    checked={override}
                    onChange={(e) => setOverride(e.target.checked)}
                  />
                  {t('registry.ui.override')}
                </label>
              )}
            </div>
          )}
          {challenger && (
            <>
              <h3>{t('registry.ui.shadow.title')}</h3>
              {!shadow?.buckets.length ? (
                <p className="muted">{t('registry.ui.shadow.none')}</p>
              ) : (
                <>
                  <ShadowChart buckets={shadow.buckets} />
                  <table className="simple" data-testid="registry-shadow">
                    <thead>
                      <tr>
                        <th scope="col">{t('registry.ui.shadow.col.hour')}</th>
                        <th scope="col">{t('registry.ui.shadow.col.camera')}</th>
                        <th scope="col">{t('registry.ui.shadow.col.frames')}</th>
                        <th scope="col">{t('registry.ui.shadow.col.agreement')}</th>
                        <th scope="col">{t('registry.ui.shadow.col.p95')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {shadow.buckets.map((b) => (
                        <tr key={`${b.cameraId}-${b.bucketStart}`}>
                          <td>{formatDateTime(locale, b.bucketStart)}</td>
                          <td>{b.cameraId}</td>
                          <td>{b.frames}</td>
                          <td>{num(b.agreementF1 * 100)}</td>
                          <td>
                            {num(b.latencyP95Ms)} / {num(b.championLatencyP95Ms)} ms
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </>
              )}
            </>
          )}
          {detail && detail.history.length > 0 && (
            <>
              <h3>{t('registry.ui.history.title')}</h3>
              <ul data-testid="registry-history">
                {detail.history.map((h) => (
                  <li key={h.id}>
                    {t('registry.ui.history.entry', {
                      at: formatDateTime(locale, h.at),
                      by: h.by,
                      action: t(ACTION_LABEL[h.action]),
                      alias: t(ALIAS_LABEL[h.alias]),
                      name: nameOf(h.sha256),
                    })}
                    {h.override && ` ${t('registry.ui.history.override')}`}
                  </li>
                ))}
              </ul>
            </>
          )}
          <SettingsMessage msg={msg} />
        </>
      )}
    </section>
  );
}
