import type { FormEvent } from 'react';
import type { ApiResult } from '../../../electron/shared/api/contract';
import { COUNTRY_CODES, PLATE_AUTO } from '../../../electron/shared/domain/plate-country';
import { translateOr, useT } from '../i18n/i18n';
import {
  hwaccelSchema,
  STREAM_ROLES,
  type StreamRole,
} from '../../../electron/shared/config/camera';
import { CAMERA_ID_PATTERN, withKind, withName, type CameraFormValues } from './camera-form';
import { InstalledModelOptions } from './InstalledModelOptions';
import { CameraSiteFields } from '../map/CameraSiteFields';
import { OnvifFields } from '../map/OnvifFields';

export type CameraTest = ApiResult<'cameras.test'> | 'running' | undefined;

/** Adding or editing one camera: its fields, a connection test with a frame, save and cancel. */
export function CameraForm({
  form,
  setForm,
  editing,
  test,
  models,
  onSubmit,
  onTest,
  onCancel,
}: {
  form: CameraFormValues;
  setForm: (f: CameraFormValues) => void;
  /** The id of the camera being edited; undefined when adding one. */
  editing: string | undefined;
  test: CameraTest;
  models: readonly { id: string; layout?: string; task?: string }[];
  onSubmit: (e: FormEvent) => void;
  onTest: () => void;
  onCancel: () => void;
}) {
  const t = useT();
  // A plate-OCR model reads plate crops only: it is offered as the plate recogniser, never as a
  // detector.
  const plateOcrModels = models.filter((m) => m.task === 'plate-ocr');
  const detectorModels = models.filter((m) => m.task !== 'plate-ocr');
  const field = (k: keyof CameraFormValues) => ({
    value: String(form[k] ?? ''),
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }),
  });

  return (
    <form
      className="form-grid"
      onSubmit={onSubmit}
      aria-label={editing ? t('settings.editCamera') : t('settings.addCamera')}
    >
      <label>
        {t('settings.name')}
        <input
          required
          value={form.name}
          onChange={(e) => setForm(withName(form, e.target.value, !!editing))}
          data-testid="camera-name"
        />
      </label>
      <label>
        {t('settings.id')}
        <input
          required
          {...field('id')}
          readOnly={!!editing}
          pattern={CAMERA_ID_PATTERN}
          aria-describedby="camera-id-hint"
          data-testid="camera-id"
        />
        <span id="camera-id-hint" className="small">
          {t('cameraForm.id.hint')}
        </span>
      </label>
      <label>
        {t('settings.sourceKind')}
        <select
          value={form.kind}
          onChange={(e) => setForm(withKind(form, e.target.value as CameraFormValues['kind']))}
          data-testid="camera-kind"
        >
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
          <input
            required
            {...field('location')}
            placeholder={form.kind === 'rtsp' ? 'rtsp://' : undefined}
            data-testid="camera-location"
          />
        </label>
      ) : null}
      {form.kind === 'file' ? (
        <label className="check">
          <input
            type="checkbox"
            checked={form.loop}
            onChange={(e) => setForm({ ...form, loop: e.target.checked })}
            data-testid="camera-loop"
          />
          {t('cameraForm.loop')}
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
            models={detectorModels}
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
          {([...COUNTRY_CODES, PLATE_AUTO] as const).map((c) => (
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
          <InstalledModelOptions models={detectorModels} current={form.plateDetectorModelId} />
        </select>
        <span id="camera-plate-detector-hint" className="small">
          {t('plates.settings.detector.hint')}
        </span>
      </label>
      <label>
        {t('plates.recognizer.label')}
        <select {...field('plateRecognizerModelId')} data-testid="camera-plate-recognizer">
          <option value="">{t('plates.recognizer.ppocr')}</option>
          <InstalledModelOptions models={plateOcrModels} current={form.plateRecognizerModelId} />
        </select>
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
      <label>
        {t('settings.evidenceMaxKbps')}
        <input inputMode="numeric" {...field('evidenceMaxKbps')} />
      </label>
      <label>
        {t('settings.evidenceBudgetMB')}
        <input inputMode="numeric" {...field('evidenceBudgetMB')} />
      </label>
      <label>
        {t('settings.evidenceWarnPercent')}
        <input inputMode="numeric" {...field('evidenceWarnPercent')} />
      </label>
      <fieldset className="form-grid__wide" data-testid="camera-streams">
        <legend>{t('streams.section')}</legend>
        <p className="small">{t('streams.hint')}</p>
        <label>
          {t('streams.subUrl')}
          <input {...field('subUrl')} placeholder="rtsp://…/sub" data-testid="camera-sub-url" />
        </label>
        <div role="group" aria-label={t('streams.subRoles')}>
          {t('streams.subRoles')}
          {STREAM_ROLES.map((role: StreamRole) => (
            <label key={role} className="check">
              <input
                type="checkbox"
                disabled={!form.subUrl.trim()}
                checked={form.subRoles.includes(role)}
                onChange={(e) =>
                  setForm({
                    ...form,
                    subRoles: e.target.checked
                      ? STREAM_ROLES.filter((r) => r === role || form.subRoles.includes(r))
                      : form.subRoles.filter((r) => r !== role),
                  })
                }
                data-testid={`camera-sub-role-${role}`}
              />
              {t(`streams.role.${role}`)}
            </label>
          ))}
        </div>
        <label>
          {t('streams.detectSize')}
          <input
            {...field('detectSize')}
            placeholder="640x360"
            disabled={!!form.subUrl.trim() && form.subRoles.includes('detect')}
            title={t('streams.detectSize.withSub')}
            data-testid="camera-detect-size"
          />
        </label>
        <label>
          {t('streams.detectFps')}
          <input
            inputMode="decimal"
            {...field('detectFps')}
            placeholder={form.analysisFps}
            data-testid="camera-detect-fps"
          />
        </label>
        <label>
          {t('streams.hwaccel')}
          <select {...field('hwaccel')} data-testid="camera-hwaccel">
            {hwaccelSchema.options.map((h) => (
              <option key={h} value={h}>
                {t(`streams.hwaccel.${h}`)}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      <CameraSiteFields form={form} setForm={setForm} />
      <OnvifFields form={form} setForm={setForm} editing={editing} />
      <label className="check">
        <input
          type="checkbox"
          checked={form.enabled}
          onChange={(e) => setForm({ ...form, enabled: e.target.checked })}
        />
        {t('settings.enabled')}
      </label>
      <div className="form-grid__actions">
        <button type="button" onClick={onTest} disabled={test === 'running'}>
          {t('settings.test')}
        </button>
        <button type="submit" className="primary">
          {t('settings.save')}
        </button>
        <button type="button" onClick={onCancel}>
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
  );
}
