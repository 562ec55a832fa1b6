import { useState } from 'react';
import type { ApiResult } from '../../../electron/shared/api/contract';
import { useClient } from '../api/client-context';
import { errorCode } from '../api/optional';
import { translateError, useT } from '../i18n/i18n';
import { withUserinfo, type CameraSiteFormValues } from './camera-site-form';

type Probe = ApiResult<'onvif.probe'>;
type Found = ApiResult<'onvif.discover'>;

/**
 * The camera form's ONVIF section: the device address, user and password; "Search the network"
 * (WS-Discovery) fills the address, "Read profiles" lists the device's profiles and "Use this
 * stream" puts the profile's RTSP URI into the source (saved through the same checks as a typed
 * URL).
 */
export function OnvifFields<F extends CameraSiteFormValues & { kind: string; location: string }>({
  form,
  setForm,
  editing,
}: {
  form: F;
  setForm(f: F): void;
  editing: string | undefined;
}) {
  const client = useClient();
  const t = useT();
  const [found, setFound] = useState<Found | 'running'>();
  const [probe, setProbe] = useState<Probe | 'running'>();
  const [error, setError] = useState<string>();
  const [chosen, setChosen] = useState<string>();

  const discover = () => {
    setFound('running');
    setError(undefined);
    client
      .call('onvif.discover', {})
      .then(setFound)
      .catch((e: unknown) => {
        setFound(undefined);
        setError(translateError(t, errorCode(e)));
      });
  };
  const read = () => {
    setProbe('running');
    setError(undefined);
    setChosen(undefined);
    client
      .call('onvif.probe', {
        url: form.onvifUrl.trim(),
        ...(form.onvifUser.trim() ? { username: form.onvifUser.trim() } : {}),
        ...(form.onvifPassword ? { password: form.onvifPassword } : {}),
        ...(editing ? { cameraId: editing } : {}),
      })
      .then(setProbe)
      .catch((e: unknown) => {
        setProbe(undefined);
        setError(translateError(t, errorCode(e)));
      });
  };
  const use = (p: Probe, profile: Probe['profiles'][number]) => {
    if (!profile.streamUri) return;
    setForm({
      ...form,
      kind: 'rtsp',
      // The RTSP server of an ONVIF camera takes the same account; its password is sealed on save.
      location: withUserinfo(profile.streamUri, form.onvifUser.trim(), form.onvifPassword),
      onvifProfileToken: profile.token,
      onvifPtz: p.ptz && profile.ptz,
    });
    setChosen(profile.name);
  };

  return (
    <fieldset className="form-grid__wide" data-testid="camera-onvif">
      <legend>{t('onvif.section')}</legend>
      <p className="small">{t('onvif.hint')}</p>
      <label>
        {t('onvif.url')}
        <input
          value={form.onvifUrl}
          onChange={(e) => setForm({ ...form, onvifUrl: e.target.value })}
          placeholder="http://192.168.1.64/onvif/device_service"
          data-testid="camera-onvif-url"
        />
      </label>
      <label>
        {t('onvif.username')}
        <input
          value={form.onvifUser}
          onChange={(e) => setForm({ ...form, onvifUser: e.target.value })}
          autoComplete="off"
          data-testid="camera-onvif-user"
        />
      </label>
      <label>
        {t('onvif.password')}
        <input
          type="password"
          value={form.onvifPassword}
          onChange={(e) => setForm({ ...form, onvifPassword: e.target.value })}
          placeholder={editing && form.onvifUser ? t('onvif.password.kept') : undefined}
          autoComplete="new-password"
          data-testid="camera-onvif-password"
        />
      </label>
      <div className="form-grid__actions">
        <button type="button" onClick={discover} disabled={found === 'running'}>
          {t('onvif.discover')}
        </button>
        <button
          type="button"
          onClick={read}
          disabled={!form.onvifUrl.trim() || probe === 'running'}
          data-testid="camera-onvif-probe"
        >
          {t('onvif.probe')}
        </button>
      </div>
      <div aria-live="polite" data-testid="camera-onvif-result">
        {found === 'running' ? <p className="small">{t('onvif.discovering')}</p> : null}
        {Array.isArray(found) && !found.length ? (
          <p className="small">{t('onvif.discover.none')}</p>
        ) : null}
        {Array.isArray(found) && found.length ? (
          <ul>
            {found.map((d) => (
              <li key={d.endpoint}>
                <button type="button" onClick={() => setForm({ ...form, onvifUrl: d.xaddrs[0] })}>
                  {t('onvif.discover.use', { name: d.name ?? d.from })}
                </button>{' '}
                <code>{d.xaddrs[0]}</code>
              </li>
            ))}
          </ul>
        ) : null}
        {probe === 'running' ? <p className="small">{t('onvif.probing')}</p> : null}
        {probe && probe !== 'running' ? (
          <>
            <p className="small" data-testid="camera-onvif-device">
              {t('onvif.device', {
                name: [probe.device.manufacturer, probe.device.model].filter(Boolean).join(' '),
              })}
              {probe.ptz ? ` · ${t('onvif.ptz.yes')}` : ''}
            </p>
            <table className="small">
              <caption>{t('onvif.profiles')}</caption>
              <tbody>
                {probe.profiles.map((p) => (
                  <tr key={p.token} data-testid={`camera-onvif-profile-${p.token}`}>
                    <td>{p.name}</td>
                    <td>
                      {[
                        p.encoding,
                        p.width && p.height ? `${p.width}×${p.height}` : '',
                        p.fps ? `${p.fps} fps` : '',
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </td>
                    <td>
                      {p.streamUri ? (
                        <button type="button" onClick={() => use(probe, p)}>
                          {t('onvif.profile.use')}
                        </button>
                      ) : (
                        <span
                          title={
                            p.streamErrorCode
                              ? translateError(t, { code: p.streamErrorCode, message: '' })
                              : undefined
                          }
                        >
                          {t('onvif.profile.noStream')}
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}
        {chosen ? (
          <p className="ok small" role="status">
            {t('onvif.profile.chosen', { name: chosen })}
          </p>
        ) : null}
        {error ? (
          <p className="error" role="alert" data-testid="camera-onvif-error">
            {error}
          </p>
        ) : null}
      </div>
    </fieldset>
  );
}
