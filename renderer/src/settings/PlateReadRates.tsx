import { useEffect, useState } from 'react';
import { useClient } from '../api/client-context';
import { useLiveStore } from '../state/live-store';
import { useT } from '../i18n/i18n';
import type { CameraReadRate } from '../../../electron/shared/api/methods/plate-stats';

/**
 * Plate read rate per camera over the last 7 days, worst first: a camera that reads few plates,
 * or reads them with low confidence, is badly placed (too far, too steep, backlit).
 */
export function PlateReadRates() {
  const client = useClient();
  const t = useT();
  const cameras = useLiveStore((s) => s.cameras);
  const [rates, setRates] = useState<CameraReadRate[] | null>();
  useEffect(() => {
    client
      .call('plateStats.readRates', { days: 7 })
      .then((r) => setRates(r.cameras))
      .catch(() => setRates(null));
  }, [client]);
  const nameOf = (id: string) => cameras.find((c) => c.id === id)?.name ?? id;
  const pct = (v: number) => `${Math.round(v * 100)} %`;

  return (
    <section className="card" aria-labelledby="plate-rates-title" data-testid="plate-read-rates">
      <h2 id="plate-rates-title">{t('plates.stats.title')}</h2>
      <p className="muted">{t('plates.stats.intro')}</p>
      {rates === null ? (
        <p className="muted">{t('plates.stats.unavailable')}</p>
      ) : rates && rates.length === 0 ? (
        <p className="muted">{t('plates.stats.none')}</p>
      ) : rates ? (
        <table className="simple wide">
          <caption className="sr-only">{t('plates.stats.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('plates.stats.col.camera')}</th>
              <th scope="col">{t('plates.stats.col.vehicles')}</th>
              <th scope="col">{t('plates.stats.col.readRate')}</th>
              <th scope="col">{t('plates.stats.col.confidence')}</th>
              <th scope="col">{t('plates.stats.col.low')}</th>
              <th scope="col">{t('plates.stats.col.unreadable')}</th>
            </tr>
          </thead>
          <tbody>
            {rates.map((r) => (
              <tr key={r.cameraId}>
                <td>{nameOf(r.cameraId)}</td>
                <td>{r.infractions}</td>
                <td>{pct(r.readRate)}</td>
                <td>{r.meanConfidence === null ? '—' : pct(r.meanConfidence)}</td>
                <td>{r.lowConfidence}</td>
                <td data-testid="plate-unreadable-share">{pct(r.unreadableShare)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
