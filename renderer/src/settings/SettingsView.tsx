import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useClient } from '../api/client-context';
import { callStore, errorCode, isUnavailable } from '../api/optional';
import { useLiveStore } from '../state/live-store';
import { translateCode, translateError, translateOr, useT } from '../i18n/i18n';
import {
  cameraConfigSchema,
  type CameraConfig,
  type CameraSource,
} from '../../../electron/shared/config/camera';
import { describeZodError } from '../../../electron/shared/api/envelope';
import type { ApiResult } from '../../../electron/shared/api/contract';
import type { Role, User } from '../../../electron/shared/api/methods/store';
import { roleSchema } from '../../../electron/shared/api/methods/store';
import { ModelsSettings } from './ModelsSettings';
import { useModels } from './model-upload';
import { TextField } from './TextField';

type Msg = { kind: 'ok' | 'error'; text: string } | undefined;

export function SettingsView() {
  return (
    <div className="settings">
      <CamerasSettings />
      <ModelsSettings />
      <DatabaseSettings />
      <UsersSettings />
    </div>
  );
}

interface CameraForm {
  id: string;
  name: string;
  enabled: boolean;
  kind: CameraSource['kind'];
  location: string;
  detector: 'motion' | 'onnx';
  modelId: string;
  classes: string;
  analysisFps: string;
  previewFps: string;
  /** '' = every format competes. */
  plateCountry: string;
  /** '' = the OCR text detector finds the plate. */
  plateDetectorModelId: string;
}

const blank: CameraForm = {
  id: '',
  name: '',
  enabled: true,
  kind: 'rtsp',
  location: 'rtsp://',
  detector: 'motion',
  modelId: '',
  classes: '',
  analysisFps: '10',
  previewFps: '10',
  plateCountry: '',
  plateDetectorModelId: '',
};

function formOf(c: CameraConfig): CameraForm {
  const s = c.source;
  const location =
    s.kind === 'demo' ? '' : s.kind === 'file' ? s.path : s.kind === 'v4l2' ? s.device : s.url;
  return {
    id: c.id,
    name: c.name,
    enabled: c.enabled,
    kind: s.kind,
    location,
    detector: c.detector.kind,
    modelId: c.detector.modelId ?? '',
    classes: c.detector.classes.join(', '),
    analysisFps: String(c.analysis.fps),
    previewFps: String(c.preview.fps),
    plateCountry: c.plateCountry ?? '',
    plateDetectorModelId: c.plateDetectorModelId ?? '',
  };
}

function sourceOf(f: CameraForm): unknown {
  switch (f.kind) {
    case 'demo':
      return { kind: 'demo' };
    case 'file':
      return { kind: 'file', path: f.location };
    case 'v4l2':
      return { kind: 'v4l2', device: f.location };
    default:
      return { kind: f.kind, url: f.location };
  }
}

function CamerasSettings() {
  const client = useClient();
  const t = useT();
  const cameras = useLiveStore((s) => s.cameras);
  const [form, setForm] = useState<CameraForm>();
  const [editing, setEditing] = useState<string>();
  const [msg, setMsg] = useState<Msg>();
  const [test, setTest] = useState<ApiResult<'ui.cameras.test'> | 'running'>();
  const models = useModels((s) => s.models);
  const loadModels = useModels((s) => s.load);

  const reload = () =>
    client.call('cameras.list', {}).then((c) => {
      useLiveStore.getState().setCameras(c);
      // Which cameras use which model changed: the Models panel shows it.
      void loadModels(client);
    });

  const build = (f: CameraForm) =>
    cameraConfigSchema.safeParse({
      id: f.id,
      name: f.name,
      enabled: f.enabled,
      source: sourceOf(f),
      analysis: { fps: Number(f.analysisFps) },
      preview: { fps: Number(f.previewFps) },
      detector: {
        // One choice in the form: a model runs the ONNX detector, none the motion detector.
        kind: f.detector === 'onnx' && f.modelId ? 'onnx' : 'motion',
        ...(f.detector === 'onnx' && f.modelId ? { modelId: f.modelId } : {}),
        classes: f.classes
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      },
      ...(f.plateCountry ? { plateCountry: f.plateCountry } : {}),
      ...(f.plateDetectorModelId ? { plateDetectorModelId: f.plateDetectorModelId } : {}),
    });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    const parsed = build(form);
    if (!parsed.success)
      return setMsg({
        kind: 'error',
        text: t('settings.invalid', { details: describeZodError(parsed.error) }),
      });
    // Keep fields the form does not show (buffer, stall timeout, preview size) when editing.
    const existing = cameras.find((c) => c.id === editing);
    const camera = existing
      ? {
          ...existing,
          ...parsed.data,
          analysis: { ...existing.analysis, fps: parsed.data.analysis.fps },
          preview: { ...existing.preview, fps: parsed.data.preview.fps },
          // Cleared in the form: cleared in the camera, not kept from before.
          plateCountry: parsed.data.plateCountry,
          plateDetectorModelId: parsed.data.plateDetectorModelId,
        }
      : parsed.data;
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
    const parsed = build(form);
    if (!parsed.success)
      return setMsg({
        kind: 'error',
        text: t('settings.invalid', { details: describeZodError(parsed.error) }),
      });
    setTest('running');
    client
      .call('ui.cameras.test', { source: parsed.data.source })
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

  const field = (k: keyof CameraForm) => ({
    value: String(form?.[k] ?? ''),
    onChange: (e: { target: { value: string } }) =>
      form && setForm({ ...form, [k]: e.target.value }),
  });

  return (
    <section className="card" aria-labelledby="cams-title">
      <h2 id="cams-title">{t('settings.cameras')}</h2>
      <table className="simple wide">
        <tbody>
          {cameras.map((c) => (
            <tr key={c.id}>
              <th scope="row">{c.name}</th>
              <td>{c.id}</td>
              <td>{t(`settings.kind.${c.source.kind}`)}</td>
              <td>{c.enabled ? t('settings.enabled') : t('settings.disabled')}</td>
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
          ))}
        </tbody>
      </table>
      <button
        type="button"
        onClick={() => (setEditing(undefined), setForm(blank), setTest(undefined))}
      >
        {t('settings.addCamera')}
      </button>
      {msg ? (
        <p role={msg.kind === 'error' ? 'alert' : 'status'} className={msg.kind}>
          {msg.text}
        </p>
      ) : null}
      {form ? (
        <form
          className="form-grid"
          onSubmit={submit}
          aria-label={editing ? t('settings.editCamera') : t('settings.addCamera')}
        >
          <label>
            {t('settings.id')}
            <input required {...field('id')} readOnly={!!editing} pattern="[A-Za-z0-9_-]+" />
          </label>
          <label>
            {t('settings.name')}
            <input required {...field('name')} />
          </label>
          <label>
            {t('settings.sourceKind')}
            <select {...field('kind')}>
              {(['rtsp', 'file', 'http', 'hls', 'v4l2', 'demo'] as const).map((k) => (
                <option key={k} value={k}>
                  {t(`settings.kind.${k}`)}
                </option>
              ))}
            </select>
          </label>
          {form.kind !== 'demo' ? (
            <label>
              {t(`settings.location.${form.kind}`)}
              <input required {...field('location')} />
            </label>
          ) : null}
          <label>
            {t('models.ui.camera.model')}
            <select
              value={form.detector === 'onnx' ? form.modelId : ''}
              onChange={(e) =>
                setForm({
                  ...form,
                  detector: e.target.value ? 'onnx' : 'motion',
                  modelId: e.target.value,
                })
              }
              aria-describedby="camera-model-hint"
              data-testid="camera-model"
            >
              <option value="">{t('models.ui.camera.motion')}</option>
              <InstalledModelOptions
                models={models}
                current={form.detector === 'onnx' ? form.modelId : ''}
                withLayout
              />
            </select>
            <span id="camera-model-hint" className="small">
              {t('models.ui.camera.hint')}
            </span>
          </label>
          <label>
            {t('plates.settings.country')}
            <select {...field('plateCountry')} data-testid="camera-plate-country">
              <option value="">{t('plates.settings.country.any')}</option>
              {(['PE', 'ES', 'BR', 'AR', 'US'] as const).map((c) => (
                <option key={c} value={c}>
                  {t(`plates.settings.country.${c}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('plates.settings.detector')}
            <select
              {...field('plateDetectorModelId')}
              aria-describedby="camera-plate-detector-hint"
              data-testid="camera-plate-detector"
            >
              <option value="">{t('plates.settings.detector.text')}</option>
              <InstalledModelOptions models={models} current={form.plateDetectorModelId} />
            </select>
            <span id="camera-plate-detector-hint" className="small">
              {t('plates.settings.detector.hint')}
            </span>
          </label>
          <label>
            {t('settings.classes')}
            <input {...field('classes')} placeholder="car, truck, person" />
          </label>
          <label>
            {t('settings.analysisFps')}
            <input inputMode="decimal" {...field('analysisFps')} />
          </label>
          <label>
            {t('settings.previewFps')}
            <input inputMode="decimal" {...field('previewFps')} />
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={form.enabled}
              onChange={(e) => setForm({ ...form, enabled: e.target.checked })}
            />
            {t('settings.enabled')}
          </label>
          <div className="form-grid__actions">
            <button type="button" onClick={runTest} disabled={test === 'running'}>
              {t('settings.test')}
            </button>
            <button type="submit" className="primary">
              {t('settings.save')}
            </button>
            <button type="button" onClick={() => (setForm(undefined), setEditing(undefined))}>
              {t('common.cancel')}
            </button>
          </div>
          <div className="test-result" aria-live="polite" data-testid="camera-test">
            {test === 'running' ? <progress aria-label={t('settings.testing')} /> : null}
            {test && test !== 'running' && test.ok ? (
              <>
                <p className="ok">
                  {t('settings.testOk', {
                    w: test.width ?? '?',
                    h: test.height ?? '?',
                    ms: test.elapsedMs,
                  })}
                </p>
                <img
                  src={`data:image/jpeg;base64,${test.jpegBase64}`}
                  alt={t('settings.testFrame')}
                  className="test-result__img"
                />
              </>
            ) : null}
            {test && test !== 'running' && !test.ok ? (
              <p className="error" role="alert">
                {translateOr(t, test.errorCode ?? '', t('ui.cameras.test.failed'))}{' '}
                {test.error ? <code>{test.error}</code> : null}
              </p>
            ) : null}
          </div>
        </form>
      ) : null}
    </section>
  );
}

function DatabaseSettings() {
  const client = useClient();
  const t = useT();
  const [available, setAvailable] = useState<boolean>();
  const [conn, setConn] = useState('');
  const [msg, setMsg] = useState<Msg>();

  useEffect(() => {
    callStore(client, 'sync.status', {})
      .then((s) => (setAvailable(true), setConn(s.server ?? '')))
      .catch((e: unknown) => setAvailable(!isUnavailable(e)));
  }, [client]);

  const cfg = () => ({ connectionString: conn, tls: false, enabled: true });
  return (
    <section className="card" aria-labelledby="db-title">
      <h2 id="db-title">{t('settings.database')}</h2>
      {available === false ? (
        <p className="muted">{t('settings.databaseUnavailable')}</p>
      ) : (
        <form
          className="form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            callStore(client, 'sync.configure', cfg())
              .then((r) => setMsg({ kind: 'ok', text: t(`system.syncState.${r.status.state}`) }))
              .catch((err: unknown) =>
                setMsg({ kind: 'error', text: translateError(t, errorCode(err)) }),
              );
          }}
        >
          <TextField
            label={t('settings.connectionString')}
            placeholder="postgres://watcher:•••@db:5432/watcher"
            autoComplete="off"
            value={conn}
            onChange={setConn}
          />
          <div className="form-grid__actions">
            <button
              type="button"
              onClick={() =>
                callStore(client, 'sync.test', cfg())
                  .then((r) =>
                    setMsg(
                      r.ok
                        ? {
                            kind: 'ok',
                            text: t('settings.dbOk', { version: r.serverVersion ?? '?' }),
                          }
                        : {
                            kind: 'error',
                            text: r.errorCode ? translateCode(t, r.errorCode) : (r.error ?? ''),
                          },
                    ),
                  )
                  .catch((err: unknown) =>
                    setMsg({ kind: 'error', text: translateError(t, errorCode(err)) }),
                  )
              }
            >
              {t('settings.test')}
            </button>
            <button type="submit" className="primary">
              {t('settings.save')}
            </button>
          </div>
          {msg ? (
            <p role={msg.kind === 'error' ? 'alert' : 'status'} className={msg.kind}>
              {msg.text}
            </p>
          ) : null}
        </form>
      )}
    </section>
  );
}

function UsersSettings() {
  const client = useClient();
  const t = useT();
  const [users, setUsers] = useState<User[] | null>();
  const [form, setForm] = useState({
    username: '',
    displayName: '',
    password: '',
    role: 'operator' as Role,
  });
  const [msg, setMsg] = useState<Msg>();
  const load = useCallback(
    () =>
      callStore(client, 'users.list', {})
        .then((r) => setUsers(r.users))
        .catch(() => setUsers(null)),
    [client],
  );
  useEffect(() => void load(), [load]);

  return (
    <section className="card" aria-labelledby="users-title">
      <h2 id="users-title">{t('settings.users')}</h2>
      {users === null ? (
        <p className="muted">{t('settings.usersUnavailable')}</p>
      ) : (
        <>
          <table className="simple wide">
            <tbody>
              {(users ?? []).map((u) => (
                <tr key={u.id}>
                  <th scope="row">{u.displayName}</th>
                  <td>{u.username}</td>
                  <td>
                    <select
                      aria-label={t('settings.role')}
                      value={u.role}
                      onChange={(e) =>
                        callStore(client, 'users.update', {
                          id: u.id,
                          role: e.target.value as Role,
                        })
                          .then(load)
                          .catch((err: unknown) =>
                            setMsg({ kind: 'error', text: translateError(t, errorCode(err)) }),
                          )
                      }
                    >
                      {roleSchema.options.map((r) => (
                        <option key={r} value={r}>
                          {t(`role.${r}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <button
                      type="button"
                      onClick={() =>
                        callStore(client, 'users.disable', { id: u.id, disabled: !u.disabled })
                          .then(load)
                          .catch((err: unknown) =>
                            setMsg({ kind: 'error', text: translateError(t, errorCode(err)) }),
                          )
                      }
                    >
                      {u.disabled ? t('settings.enableUser') : t('settings.disableUser')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <form
            className="form-grid"
            onSubmit={(e) => {
              e.preventDefault();
              callStore(client, 'users.create', form)
                .then(
                  () => (
                    setMsg({
                      kind: 'ok',
                      text: t('settings.userCreated', { name: form.username }),
                    }),
                    load()
                  ),
                )
                .catch((err: unknown) =>
                  setMsg({ kind: 'error', text: translateError(t, errorCode(err)) }),
                );
            }}
          >
            <TextField
              label={t('auth.username')}
              required
              value={form.username}
              onChange={(v) => setForm({ ...form, username: v })}
            />
            <TextField
              label={t('users.displayName')}
              required
              value={form.displayName}
              onChange={(v) => setForm({ ...form, displayName: v })}
            />
            <TextField
              label={t('auth.password')}
              required
              type="password"
              autoComplete="new-password"
              value={form.password}
              onChange={(v) => setForm({ ...form, password: v })}
            />
            <label>
              {t('settings.role')}
              <select
                value={form.role}
                onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
              >
                {roleSchema.options.map((r) => (
                  <option key={r} value={r}>
                    {t(`role.${r}`)}
                  </option>
                ))}
              </select>
            </label>
            <div className="form-grid__actions">
              <button type="submit" className="primary">
                {t('settings.addUser')}
              </button>
            </div>
          </form>
          {msg ? (
            <p role={msg.kind === 'error' ? 'alert' : 'status'} className={msg.kind}>
              {msg.text}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

/**
 * The installed models as <option>s, plus the select's current model when it is not installed
 * (a camera saved with a model since removed), so the form shows what the camera has.
 */
function InstalledModelOptions({
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
