import { useT } from '../i18n/i18n';
import { parseChannelTriple } from '../../../electron/shared/api/methods/model-lab';
import type { Normalisation } from '../../../electron/shared/domain/model-registry';

export type ImportTask = 'auto' | 'detect' | 'classify' | 'embed' | 'plate-ocr';

/** The normalisation fields as typed (mean and std as text until submitted). */
export interface NormalisationForm {
  channelOrder: Normalisation['channelOrder'];
  scale: Normalisation['scale'];
  mean: string;
  std: string;
  tensorLayout: Normalisation['tensorLayout'];
  letterbox: Normalisation['letterbox'];
  padValue: number;
}

/** ImageNet's convention, the usual one for classifiers. */
export const DEFAULT_NORMALISATION_FORM: NormalisationForm = {
  channelOrder: 'rgb',
  scale: 'unit',
  mean: '0.485, 0.456, 0.406',
  std: '0.229, 0.224, 0.225',
  tensorLayout: 'nchw',
  letterbox: 'stretch',
  padValue: 0,
};

/** The form as the API's normalisation; undefined when mean or std is not three numbers. */
export function normalisationFromForm(f: NormalisationForm): Normalisation | undefined {
  const mean = f.mean.trim() ? parseChannelTriple(f.mean) : undefined;
  const std = f.std.trim() ? parseChannelTriple(f.std) : undefined;
  if ((f.mean.trim() && !mean) || (f.std.trim() && !std)) return undefined;
  return {
    channelOrder: f.channelOrder,
    scale: f.scale,
    ...(mean ? { mean } : {}),
    ...(std ? { std } : {}),
    tensorLayout: f.tensorLayout,
    letterbox: f.letterbox,
    padValue: Math.max(0, Math.min(255, Math.round(f.padValue))),
  };
}

/**
 * Import form: what the model does (detected from its outputs, or chosen) and, for a
 * classifier or an embedding model, its preprocessing when it is not the family's default.
 */
export function NormalisationFields(p: {
  disabled: boolean;
  task: ImportTask;
  onTask(t: ImportTask): void;
  custom: boolean;
  onCustom(v: boolean): void;
  value: NormalisationForm;
  onChange(v: NormalisationForm): void;
}) {
  const t = useT();
  const set = <K extends keyof NormalisationForm>(k: K, v: NormalisationForm[K]) =>
    p.onChange({ ...p.value, [k]: v });
  return (
    <>
      <label>
        {t('models.lab.import.task')}
        <select
          value={p.task}
          disabled={p.disabled}
          onChange={(e) => p.onTask(e.target.value as ImportTask)}
          data-testid="model-task"
        >
          <option value="auto">{t('models.lab.import.task.auto')}</option>
          <option value="detect">{t('registry.ui.task.detect')}</option>
          <option value="classify">{t('registry.ui.task.classify')}</option>
          <option value="embed">{t('registry.ui.task.embed')}</option>
          <option value="plate-ocr">{t('registry.ui.task.plate-ocr')}</option>
        </select>
      </label>
      {p.task !== 'detect' && p.task !== 'plate-ocr' ? (
        <label className="check">
          <input
            type="checkbox"
            checked={p.custom}
            disabled={p.disabled}
            onChange={(e) => p.onCustom(e.target.checked)}
            data-testid="model-custom-norm"
          />
          {t('models.lab.import.custom')}
        </label>
      ) : null}
      {p.task !== 'detect' && p.task !== 'plate-ocr' && p.custom ? (
        <fieldset disabled={p.disabled} data-testid="model-norm">
          <legend>{t('models.lab.import.normalisation')}</legend>
          <label>
            {t('models.lab.import.channels')}
            <select
              value={p.value.channelOrder}
              onChange={(e) => set('channelOrder', e.target.value as 'rgb' | 'bgr')}
            >
              <option value="rgb">RGB</option>
              <option value="bgr">BGR</option>
            </select>
          </label>
          <label>
            {t('models.lab.import.scale')}
            <select
              value={p.value.scale}
              onChange={(e) => set('scale', e.target.value as 'unit' | 'raw')}
            >
              <option value="unit">0..1</option>
              <option value="raw">0..255</option>
            </select>
          </label>
          <label>
            {t('models.lab.import.mean')}
            <input value={p.value.mean} onChange={(e) => set('mean', e.target.value)} />
          </label>
          <label>
            {t('models.lab.import.std')}
            <input value={p.value.std} onChange={(e) => set('std', e.target.value)} />
          </label>
          <label>
            {t('models.lab.import.tensor')}
            <select
              value={p.value.tensorLayout}
              onChange={(e) => set('tensorLayout', e.target.value as 'nchw' | 'nhwc')}
            >
              <option value="nchw">NCHW</option>
              <option value="nhwc">NHWC</option>
            </select>
          </label>
          <label>
            {t('models.lab.import.letterbox')}
            <select
              value={p.value.letterbox}
              onChange={(e) =>
                set('letterbox', e.target.value as 'centre' | 'top-left' | 'stretch')
              }
            >
              <option value="stretch">{t('models.lab.import.letterbox.stretch')}</option>
              <option value="centre">{t('models.lab.import.letterbox.centre')}</option>
              <option value="top-left">{t('models.lab.import.letterbox.top-left')}</option>
            </select>
          </label>
          <label>
            {t('models.lab.import.pad')}
            <input
              type="number"
              min={0}
              max={255}
              value={p.value.padValue}
              onChange={(e) => set('padValue', Number(e.target.value))}
            />
          </label>
        </fieldset>
      ) : null}
    </>
  );
}
