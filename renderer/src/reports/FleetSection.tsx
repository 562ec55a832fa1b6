import { useCallback, useEffect, useState } from 'react';
import { useClient } from '../api/client-context';
import { callStore, errorCode, isUnavailable } from '../api/optional';
import { formatDateTime, formatNumber, translateError, useI18n, useT } from '../i18n/i18n';
import { useLiveStore } from '../state/live-store';
import { useSession } from '../state/session-store';
import type { FleetOverview } from '../../../electron/shared/api/methods/fleet';

type Msg = { kind: 'ok' | 'error'; text: string };

/**
 * System view → Fleet (fleet mode: hosts sharing cameras through PostgreSQL leases): the nodes
 * with their heartbeat and load, every camera's lease, recent failovers (each started a new
 * evidence buffer on its camera) and, for administrators, "move camera to node". Every 2 s.
 */
export function FleetSection() {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const cameras = useLiveStore((s) => s.cameras);
  const { auth, user } = useSession();
  const isAdmin = auth === 'none' || user?.role === 'admin';
  const [fleet, setFleet] = useState<FleetOverview | null>();
  const [problem, setProblem] = useState<string>();
  const [camera, setCamera] = useState('');
  const [target, setTarget] = useState('');
  const [msg, setMsg] = useState<Msg>();

  const refresh = useCallback(
    () =>
      callStore(client, 'fleet.overview', {})
        .then((f) => (setFleet(f), setProblem(undefined)))
        .catch((e: unknown) =>
          isUnavailable(e) || errorCode(e).code === 'store.error.forbidden'
            ? setFleet(null)
            : setProblem(translateError(t, errorCode(e))),
        ),
    [client, t],
  );
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), 2000);
    return () => clearInterval(timer);
  }, [refresh]);

  if (fleet === undefined && !problem) return null;
  const cameraName = (id: string) => cameras.find((c) => c.id === id)?.name ?? id;
  const nodeName = (id: string | undefined) =>
    id === undefined
      ? t('fleetView.nobody')
      : id === fleet?.self
        ? `${id} ${t('fleetView.self')}`
        : id;

  const move = () => {
    if (!camera) return;
    const nodeId = target || null;
    callStore(client, 'fleet.moveCamera', { cameraId: camera, nodeId })
      .then(() => {
        setMsg({
          kind: 'ok',
          text: nodeId
            ? t('fleetView.move.done', { camera: cameraName(camera), node: nodeName(nodeId) })
            : t('fleetView.move.cleared', { camera: cameraName(camera) }),
        });
        void refresh();
      })
      .catch((e: unknown) => setMsg({ kind: 'error', text: translateError(t, errorCode(e)) }));
  };

  return (
    <section aria-labelledby="fleet-title" data-testid="fleet">
      <h3 id="fleet-title">{t('fleetView.title')}</h3>
      {problem ? (
        <p role="alert" className="error">
          {t('fleetView.unreachable', { error: problem })}
        </p>
      ) : null}
      {!fleet?.enabled ? (
        fleet !== undefined ? (
          <p className="muted" data-testid="fleet-off">
            {t('fleetView.off')}
          </p>
        ) : null
      ) : (
        <>
          <table className="simple wide" data-testid="fleet-nodes">
            <caption>{t('fleetView.nodes')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('fleetView.node')}</th>
                <th scope="col">{t('fleetView.role')}</th>
                <th scope="col">{t('fleetView.address')}</th>
                <th scope="col">{t('fleetView.provider')}</th>
                <th scope="col">{t('fleetView.capacity')}</th>
                <th scope="col">{t('fleetView.heartbeat')}</th>
                <th scope="col">{t('fleetView.camerasHeld')}</th>
                <th scope="col">{t('fleetView.load')}</th>
              </tr>
            </thead>
            <tbody>
              {fleet.nodes.map((n) => (
                <tr key={n.id} data-testid={`fleet-node-${n.id}`}>
                  <th scope="row">{nodeName(n.id)}</th>
                  <td>
                    {n.role === 'node' || n.role === 'workstation'
                      ? t(`fleetView.role.${n.role}`)
                      : n.role}
                  </td>
                  <td>{n.address ?? '—'}</td>
                  <td>{n.provider}</td>
                  <td>{formatNumber(locale, n.capacity, 0)}</td>
                  <td className={n.alive ? undefined : 'error'}>
                    {t('fleetView.heartbeatAge', {
                      sec: formatNumber(locale, n.heartbeatAgeSec, 0),
                    })}
                    {n.alive ? '' : ` · ${t('fleetView.down')}`}
                  </td>
                  <td>
                    {formatNumber(locale, n.cameras.length, 0)}
                    {n.cameras.length ? ` (${n.cameras.map(cameraName).join(', ')})` : ''}
                  </td>
                  <td>
                    <meter
                      min={0}
                      max={1}
                      high={0.9}
                      value={Math.min(1, n.load)}
                      aria-label={t('fleetView.load')}
                    />{' '}
                    {formatNumber(locale, n.load * 100, 0)} %
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="simple wide" data-testid="fleet-leases">
            <caption>{t('fleetView.leases')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('fleetView.camera')}</th>
                <th scope="col">{t('fleetView.owner')}</th>
                <th scope="col">{t('fleetView.expires')}</th>
                <th scope="col">{t('fleetView.epoch')}</th>
                <th scope="col">{t('fleetView.moveTo')}</th>
              </tr>
            </thead>
            <tbody>
              {fleet.leases.map((l) => (
                <tr key={l.cameraId} data-testid={`fleet-lease-${l.cameraId}`}>
                  <th scope="row">{cameraName(l.cameraId)}</th>
                  <td data-testid={`fleet-lease-owner-${l.cameraId}`}>
                    {l.valid && l.nodeId ? nodeName(l.nodeId) : t('fleetView.free')}
                  </td>
                  <td>
                    {l.expiresInSec === undefined
                      ? '—'
                      : l.valid
                        ? t('fleetView.expiresIn', {
                            sec: formatNumber(locale, Math.max(0, l.expiresInSec), 0),
                          })
                        : t('fleetView.expired')}
                  </td>
                  <td>{l.epoch}</td>
                  <td>{l.moveTo ? nodeName(l.moveTo) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h4>{t('fleetView.failovers')}</h4>
          {fleet.failovers.length === 0 ? (
            <p className="muted">{t('fleetView.noFailovers')}</p>
          ) : (
            <ul data-testid="fleet-failovers">
              {fleet.failovers.map((f) => (
                <li key={`${f.cameraId}-${f.epoch}`}>
                  {formatDateTime(locale, f.at)} ·{' '}
                  {t(`fleetView.failover.${f.reason}`, {
                    camera: cameraName(f.cameraId),
                    from: nodeName(f.fromNode),
                    to: nodeName(f.toNode),
                  })}
                </li>
              ))}
            </ul>
          )}
          {isAdmin ? (
            <form
              className="form-grid"
              aria-labelledby="fleet-move-title"
              onSubmit={(e) => {
                e.preventDefault();
                move();
              }}
            >
              <h4 id="fleet-move-title">{t('fleetView.move.title')}</h4>
              <label>
                {t('fleetView.move.camera')}
                <select
                  data-testid="fleet-move-camera"
                  value={camera}
                  onChange={(e) => setCamera(e.target.value)}
                >
                  <option value="" disabled>
                    —
                  </option>
                  {fleet.leases.map((l) => (
                    <option key={l.cameraId} value={l.cameraId}>
                      {cameraName(l.cameraId)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('fleetView.move.node')}
                <select
                  data-testid="fleet-move-node"
                  value={target}
                  onChange={(e) => setTarget(e.target.value)}
                >
                  <option value="">{t('fleetView.move.auto')}</option>
                  {fleet.nodes
                    .filter((n) => n.alive)
                    .map((n) => (
                      <option key={n.id} value={n.id}>
                        {nodeName(n.id)}
                      </option>
                    ))}
                </select>
              </label>
              <div>
                <button type="submit" data-testid="fleet-move-submit" disabled={!camera}>
                  {t('fleetView.move.submit')}
                </button>
              </div>
              {msg ? (
                <p
                  role={msg.kind === 'error' ? 'alert' : 'status'}
                  className={msg.kind === 'error' ? 'error' : 'muted'}
                  data-testid="fleet-move-msg"
                >
                  {msg.text}
                </p>
              ) : null}
            </form>
          ) : null}
        </>
      )}
    </section>
  );
}
