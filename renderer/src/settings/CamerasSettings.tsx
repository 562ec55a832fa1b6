import { useState, type FormEvent } from 'react';
import { useClient } from '../api/client-context';
import { errorCode } from '../api/optional';
import { useLiveStore } from '../state/live-store';
import {
  formatDateTime,
  formatNumber,
  translateCode,
  translateError,
  useI18n,
  useT,
} from '../i18n/i18n';
import { useLastCameraErrors } from './camera-last-error';
import type { CameraConfig } from '../../../electron/shared/config/camera';
import { describeZodError } from '../../../electron/shared/api/envelope';
import {
  blankCameraForm,
  buildCamera,
  formOf,
  mergeCamera,
  type CameraFormValues,
} from './camera-form';
import { CameraForm, type CameraTest } from './CameraForm';
import { useModels } from './model-upload';
import { SettingsMessage, type Msg } from './SettingsMessage';

/** The cameras list with edit/remove, and the form that adds or edits one. */
export function CamerasSettings() {
  const client = useClient();
  const t = useT();
  const cameras = useLiveStore((s) => s.cameras);
  const statuses = useLiveStore((s) => s.statuses);
  const lastErrors = useLastCameraErrors((s) => s.errors);
  const locale = useI18n((s) => s.locale);
  const [form, setForm] = useState<CameraFormValues>();
  const [editing, setEditing] = useState<string>();
  const [msg, setMsg] = useState<Msg>();
  const [test, setTest] = useState<CameraTest>();
  const models = useModels((s) => s.models);
  const loadModels = useModels((s) => s.load);

  const reload = () =>
    client.call('cameras.list', {}).then((c) => {
      useLiveStore.getState().setCameras(c);
      // Which cameras use which model changed: the Models panel shows it.
      void loadModels(client);
    });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    const parsed = buildCamera(form);
    if (!parsed.success)
      return setMsg({
        kind: 'error',
        text: t('settings.invalid', { details: describeZodError(parsed.error) }),
      });
    // Keep fields the form does not show (buffer, stall timeout, preview size) when editing.
    const camera = mergeCamera(
      cameras.find((c) => c.id === editing),
      parsed.data,
    );
    client
      .call('cameras.upsert', { camera })
      .then(() => reload())
      .then(() => {
        setMsg({ kind: 'ok', text: t('settings.saved', { name: camera.name }) });
        setForm(undefined);
        setEditing(undefined);
      })
      .catch((err: unknown) => setMsg({ kind: 'error', text: translateError(t, errorCode(err)) }));
  };

  const runTest = () => {
    if (!form) return;
    const parsed = buildCamera(form);
    if (!parsed.success)
      return setMsg({
        kind: 'error',
        text: t('settings.invalid', { details: describeZodError(parsed.error) }),
      });
    setTest('running');
    client
      .call('cameras.test', { source: parsed.data.source })
      .then(setTest)
      .catch(
        (err: unknown) => (
          setTest(undefined),
          setMsg({ kind: 'error', text: translateError(t, errorCode(err)) })
        ),
      );
  };

  const remove = (c: CameraConfig) => {
    if (!window.confirm(t('settings.confirmRemove', { name: c.name }))) return;
    client
      .call('cameras.remove', { id: c.id })
      .then(() => reload())
      .then(() => setMsg({ kind: 'ok', text: t('settings.removed', { name: c.name }) }))
      .catch((err: unknown) => setMsg({ kind: 'error', text: translateError(t, errorCode(err)) }));
  };

  return (
    <section className="card" aria-labelledby="cams-title">
      <h2 id="cams-title">{t('settings.cameras')}</h2>
      <table className="simple wide" data-testid="camera-list">
        <thead>
          <tr>
            <th scope="col">{t('cameraList.col.name')}</th>
            <th scope="col">{t('cameraList.col.id')}</th>
            <th scope="col">{t('cameraList.col.kind')}</th>
            <th scope="col">{t('cameraList.col.state')}</th>
            <th scope="col">{t('cameraList.col.fps')}</th>
            <th scope="col">{t('cameraList.col.lastError')}</th>
            <th scope="col">{t('cameraList.col.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {cameras.map((c) => {
            const status = statuses[c.id];
            const last = lastErrors[c.id];
            return (
              <tr key={c.id} data-testid={`camera-row-${c.id}`}>
                <th scope="row">{c.name}</th>
                <td>{c.id}</td>
                <td>{t(`settings.kind.${c.source.kind}`)}</td>
                <td
                  data-testid="camera-row-state"
                  data-state={c.enabled ? (status?.state ?? '') : 'disabled'}
                >
                  {!c.enabled
                    ? t('cameraList.disabled')
                    : status
                      ? t(`camera.state.${status.state}`)
                      : t('cameraList.noStatus')}
                </td>
                <td data-testid="camera-row-fps">
                  {c.enabled && status?.state === 'streaming'
                    ? formatNumber(locale, status.fps)
                    : '—'}
                </td>
                <td data-testid="camera-row-error">
                  {last
                    ? t('cameraList.errorAt', {
                        error: last.code ? translateCode(t, last.code) : (last.reason ?? ''),
                        time: formatDateTime(locale, last.at, 'time'),
                      })
                    : t('cameraList.noError')}
                </td>
                <td>
                  <button
                    type="button"
                    onClick={() => (setEditing(c.id), setForm(formOf(c)), setTest(undefined))}
                  >
                    {t('settings.edit')}
                  </button>{' '}
                  <button type="button" onClick={() => remove(c)}>
                    {t('settings.remove')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button
        type="button"
        onClick={() => (setEditing(undefined), setForm(blankCameraForm), setTest(undefined))}
      >
        {t('settings.addCamera')}
      </button>
      <SettingsMessage msg={msg} />
      {form ? (
        <CameraForm
          form={form}
          setForm={setForm}
          editing={editing}
          test={test}
          models={models}
          onSubmit={submit}
          onTest={runTest}
          onCancel={() => (setForm(undefined), setEditing(undefined))}
        />
      ) : null}
    </section>
  );
}
