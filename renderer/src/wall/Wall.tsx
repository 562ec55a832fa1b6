import { useLiveStore } from '../state/live-store';
import { useT } from '../i18n/i18n';
import { CameraTile } from './CameraTile';

/** The live wall: a square-ish grid sized to the number of cameras. */
export function Wall() {
  const cameras = useLiveStore((s) => s.cameras);
  const t = useT();
  if (!cameras.length) return <p className="wall__empty">{t('wall.empty')}</p>;
  const cols = Math.ceil(Math.sqrt(cameras.length));
  return (
    <section className="wall" aria-label={t('wall.title')} style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))` }}>
      {cameras.map((c) => (
        <CameraTile key={c.id} camera={c} />
      ))}
    </section>
  );
}
