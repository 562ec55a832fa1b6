import { useState } from 'react';
import type { ApiResult } from '../../../electron/shared/api/contract';
import type { CameraConfig } from '../../../electron/shared/config/camera';
import { useClient } from '../api/client-context';
import { errorCode } from '../api/optional';
import { useAccess } from '../app/access';
import { translateError, useT } from '../i18n/i18n';

/**
 * The PTZ presets of an ONVIF camera on its wall tile: listed when the menu opens, one click moves
 * the camera there. Shown disabled with the reason to a role that may not move cameras.
 */
export function PtzMenu({ camera }: { camera: CameraConfig }) {
  const client = useClient();
  const t = useT();
  const access = useAccess();
  const [presets, setPresets] = useState<ApiResult<'ptz.presets'> | 'loading'>();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const denied = access.reason('ptz');

  if (denied)
    return (
      <button type="button" className="tile__fps" disabled title={denied}>
        {t('ptz.menu')}
      </button>
    );

  const load = () => {
    setPresets('loading');
    setMessage(undefined);
    client
      .call('ptz.presets', { cameraId: camera.id })
      .then(setPresets)
      .catch((e: unknown) => {
        setPresets([]);
        setMessage({ ok: false, text: translateError(t, errorCode(e)) });
      });
  };
  const go = (token: string, name: string) =>
    client
      .call('ptz.goto', { cameraId: camera.id, presetToken: token })
      .then(() => setMessage({ ok: true, text: t('ptz.moved', { name }) }))
      .catch((e: unknown) => setMessage({ ok: false, text: translateError(t, errorCode(e)) }));

  return (
    <details
      className="ptz-menu"
      data-testid={`ptz-menu-${camera.id}`}
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open) load();
      }}
    >
      <summary aria-label={t('ptz.menu.label', { name: camera.name })}>{t('ptz.menu')}</summary>
      <ul className="ptz-menu__list" aria-label={t('ptz.menu.label', { name: camera.name })}>
        {presets === 'loading' ? <li>{t('ptz.loading')}</li> : null}
        {Array.isArray(presets) && !presets.length && !message ? <li>{t('ptz.none')}</li> : null}
        {Array.isArray(presets)
          ? presets.map((p) => (
              <li key={p.token}>
                <button
                  type="button"
                  onClick={() => void go(p.token, p.name)}
                  aria-label={t('ptz.goto', { name: p.name })}
                >
                  {p.name}
                </button>
              </li>
            ))
          : null}
        {message ? (
          <li className={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </li>
        ) : null}
      </ul>
    </details>
  );
}
