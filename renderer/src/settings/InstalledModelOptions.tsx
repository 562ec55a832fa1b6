import { translateOr, useT } from '../i18n/i18n';

/**
 * The installed models as <option>s, plus the select's current model when it is not installed
 * (a camera saved with a model since removed), so the form shows what the camera has.
 */
export function InstalledModelOptions({
  models,
  current,
  withLayout = false,
}: {
  models: readonly { id: string; layout?: string }[];
  current: string;
  withLayout?: boolean;
}) {
  const t = useT();
  return (
    <>
      {models.map((m) => (
        <option key={m.id} value={m.id}>
          {withLayout && m.layout
            ? `${m.id} · ${translateOr(t, `models.ui.layout.${m.layout}`, m.layout)}`
            : m.id}
        </option>
      ))}
      {current && !models.some((m) => m.id === current) ? (
        <option value={current}>{t('models.ui.camera.notInstalled', { id: current })}</option>
      ) : null}
    </>
  );
}
