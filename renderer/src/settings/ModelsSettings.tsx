import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useClient } from '../api/client-context';
import { errorCode } from '../api/optional';
import {
  formatNumber,
  translateCode,
  translateError,
  translateOr,
  useI18n,
  useT,
} from '../i18n/i18n';
import { useLiveStore } from '../state/live-store';
import { useSession } from '../state/session-store';
import type { ApiResult } from '../../../electron/shared/api/contract';
import {
  MODEL_LABELS_MAX_CHARS,
  MODEL_UPLOAD_MAX_BYTES,
  PLATE_OCR_CONFIG_MAX_CHARS,
  uploadPercent,
  type InstalledModel,
} from '../../../electron/shared/api/methods/models';
import { UploadCancelled, uploadModel, useModels } from './model-upload';
import { ModelCompare } from './ModelCompare';
import { ModelCatalog } from './ModelCatalog';
import {
  NormalisationFields,
  normalisationFromForm,
  type ImportTask,
  type NormalisationForm,
  DEFAULT_NORMALISATION_FORM,
} from './ImportTaskFields';

type TryResult = ApiResult<'models.tryOnFrame'>;
type Problem = { code: string; params?: Record<string, string | number>; message: string };
type Msg = { kind: 'ok'; text: string } | { kind: 'error'; text: string; detail?: string };

const LABELS_SHOWN = 12;
const MB = 1024 * 1024;

/** Settings → Models: installed models, import with progress, try on a frame, remove. */
export function ModelsSettings() {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const { status, models, providers, load } = useModels();
  const cameras = useLiveStore((s) => s.cameras);
  const { auth, user } = useSession();
  const isAdmin = auth === 'none' || user?.role === 'admin';
  const [msg, setMsg] = useState<Msg>();
  const [source, setSource] = useState('demo');
  const [trying, setTrying] = useState<string>();
  const [tried, setTried] = useState<TryResult>();

  useEffect(() => void load(client), [client, load]);

  const fail = (prefix: string | undefined, err: unknown) => {
    const e: Problem = errorCode(err);
    const text = translateError(t, e);
    setMsg({
      kind: 'error',
      text: prefix ? `${prefix} ${text}` : text,
      ...(text !== e.message ? { detail: e.message } : {}),
    });
  };

  const runTry = (m: InstalledModel) => {
    setTrying(m.id);
    setTried(undefined);
    setMsg(undefined);
    client
      .call('models.tryOnFrame', {
        modelId: m.id,
        ...(source === 'demo' ? { sample: 'demo' as const } : { cameraId: source }),
      })
      .then(setTried)
      .catch((err: unknown) => fail(undefined, err))
      .finally(() => setTrying(undefined));
  };

  const remove = (m: InstalledModel) => {
    if (!window.confirm(t('models.ui.remove.confirm', { id: m.id }))) return;
    client
      .call('models.remove', { id: m.id })
      .then(() => {
        setMsg({ kind: 'ok', text: t('models.ui.remove.done', { id: m.id }) });
        if (tried?.modelId === m.id) setTried(undefined);
        return load(client);
      })
      .catch((err: unknown) => fail(undefined, err));
  };

  const layoutName = (l?: string) =>
    l ? translateOr(t, `models.ui.layout.${l}`, l) : t('models.ui.unknown');

  return (
    <section className="card models" aria-labelledby="models-title" data-testid="models-panel">
      <h2 id="models-title">{t('models.ui.title')}</h2>
      <p className="muted">{t('models.ui.intro')}</p>
      {providers.length ? (
        <p className="small muted">{t('models.ui.providers', { list: providers.join(' → ') })}</p>
      ) : null}
      {status === 'failed' ? (
        <p role="alert" className="error">
          {t('models.ui.loadFailed')}
        </p>
      ) : null}
      {status === 'ready' && !models.length ? <p>{t('models.ui.none')}</p> : null}
      {models.length ? (
        <>
          <div className="models__source">
            <label htmlFor="models-try-source">{t('models.ui.try.source')}</label>
            <select
              id="models-try-source"
              value={source}
              onChange={(e) => setSource(e.target.value)}
            >
              <option value="demo">{t('models.ui.try.demo')}</option>
              {cameras.map((c) => (
                <option key={c.id} value={c.id}>
                  {t('models.ui.try.camera', { name: c.name })}
                </option>
              ))}
            </select>
          </div>
          <table className="simple wide" data-testid="models-table">
            <caption className="sr-only">{t('models.ui.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('models.ui.col.id')}</th>
                <th scope="col">{t('models.ui.col.layout')}</th>
                <th scope="col">{t('models.ui.col.input')}</th>
                <th scope="col">{t('models.ui.col.labels')}</th>
                <th scope="col">{t('models.ui.col.size')}</th>
                <th scope="col">{t('models.ui.col.usedBy')}</th>
                <th scope="col">{t('models.ui.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {models.map((m) => (
                <tr key={m.id} data-model-id={m.id}>
                  <th scope="row">
                    {m.id}
                    {m.fileName !== `${m.id}.onnx` ? (
                      <div className="small muted">{m.fileName}</div>
                    ) : null}
                  </th>
                  <td>
                    {m.task === 'plate-ocr'
                      ? t('registry.ui.task.plate-ocr')
                      : layoutName(m.layout)}
                  </td>
                  <td>
                    {m.inputSize
                      ? t('models.ui.inputSize', { w: m.inputSize.width, h: m.inputSize.height })
                      : t('models.ui.unknown')}
                  </td>
                  <td className="models__labels">
                    <strong>{t('models.ui.labelsCount', { n: m.labelsCount })}</strong>{' '}
                    <span className="small">
                      {m.labels.slice(0, LABELS_SHOWN).join(', ')}
                      {m.labelsCount > LABELS_SHOWN
                        ? ` ${t('models.ui.labelsMore', { n: m.labelsCount - LABELS_SHOWN })}`
                        : ''}
                    </span>
                  </td>
                  <td>
                    {t('models.ui.sizeMb', { mb: formatNumber(locale, m.sizeBytes / MB, 1) })}
                  </td>
                  <td>{m.usedBy.length ? m.usedBy.join(', ') : t('models.ui.notUsed')}</td>
                  <td className="models__actions">
                    {/* Trying runs a detector on a whole frame; a plate-OCR model reads crops. */}
                    {m.task !== 'plate-ocr' ? (
                      <button
                        type="button"
                        onClick={() => runTry(m)}
                        disabled={trying !== undefined}
                        aria-label={`${t('models.ui.try')}: ${m.id}`}
                      >
                        {t('models.ui.try')}
                      </button>
                    ) : null}
                    {isAdmin ? (
                      <button
                        type="button"
                        onClick={() => remove(m)}
                        disabled={m.usedBy.length > 0}
                        aria-label={`${t('models.ui.remove')}: ${m.id}`}
                        title={
                          m.usedBy.length
                            ? t('models.ui.inUse', { cameras: m.usedBy.join(', ') })
                            : undefined
                        }
                      >
                        {t('models.ui.remove')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <div aria-live="polite">
        {trying ? (
          <p role="status">
            <progress aria-label={t('models.ui.try.running')} /> {t('models.ui.try.running')}
          </p>
        ) : null}
        {msg ? (
          <p role={msg.kind === 'error' ? 'alert' : 'status'} className={msg.kind}>
            {msg.text} {msg.kind === 'error' && msg.detail ? <code>{msg.detail}</code> : null}
          </p>
        ) : null}
      </div>
      {tried ? <TryPanel result={tried} onClose={() => setTried(undefined)} /> : null}
      {models.length >= 2 ? <ModelCompare models={models} /> : null}
      <ModelCatalog canDownload={isAdmin} onInstalled={() => void load(client)} />
      {isAdmin ? (
        <ImportForm
          onDone={(text) => {
            setMsg({ kind: 'ok', text });
            void load(client);
          }}
          onError={fail}
        />
      ) : (
        <p className="muted small">{t('models.ui.import.adminOnly')}</p>
      )}
    </section>
  );
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'uploading'; name: string; sent: number; size: number }
  | { kind: 'validating'; name: string };

function ImportForm({
  onDone,
  onError,
}: {
  onDone(text: string): void;
  onError(prefix: string | undefined, err: unknown): void;
}) {
  const client = useClient();
  const t = useT();
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [formError, setFormError] = useState<string>();
  const modelInput = useRef<HTMLInputElement>(null);
  const labelsInput = useRef<HTMLInputElement>(null);
  const plateOcrConfigInput = useRef<HTMLInputElement>(null);
  const cancelled = useRef(false);
  const busy = phase.kind !== 'idle';
  const [task, setTask] = useState<ImportTask>('auto');
  const [custom, setCustom] = useState(false);
  const [norm, setNorm] = useState<NormalisationForm>(DEFAULT_NORMALISATION_FORM);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(undefined);
    const file = modelInput.current?.files?.[0];
    if (!file) return setFormError(t('models.ui.import.chooseFile'));
    if (file.size > MODEL_UPLOAD_MAX_BYTES)
      return setFormError(
        t('models.ui.import.tooBig', {
          mb: Math.round(file.size / MB),
          max: MODEL_UPLOAD_MAX_BYTES / MB,
        }),
      );
    const labelsFile = labelsInput.current?.files?.[0];
    const labels = labelsFile
      ? (await labelsFile.text()).slice(0, MODEL_LABELS_MAX_CHARS)
      : undefined;
    const configFile = task === 'plate-ocr' ? plateOcrConfigInput.current?.files?.[0] : undefined;
    if (task === 'plate-ocr' && !configFile) return setFormError(t('plates.ocr.import.noConfig'));
    const plateOcrConfig = configFile
      ? (await configFile.text()).slice(0, PLATE_OCR_CONFIG_MAX_CHARS)
      : undefined;
    let normalisation;
    if (custom && task !== 'detect' && task !== 'plate-ocr') {
      normalisation = normalisationFromForm(norm);
      if (!normalisation) return setFormError(t('models.lab.import.bad_triple'));
    }
    cancelled.current = false;
    setPhase({ kind: 'uploading', name: file.name, sent: 0, size: file.size });
    try {
      const r = await uploadModel(
        client,
        file,
        labels,
        {
          onProgress: (sent, size) => setPhase({ kind: 'uploading', name: file.name, sent, size }),
          onValidating: () => setPhase({ kind: 'validating', name: file.name }),
          cancelled: () => cancelled.current,
        },
        {
          task,
          ...(normalisation ? { normalisation } : {}),
          ...(plateOcrConfig !== undefined ? { plateOcrConfig } : {}),
        },
      );
      const m = r.model;
      onDone(
        r.task === 'plate-ocr'
          ? t('plates.ocr.import.done', {
              id: m.id,
              w: m.inputSize?.width ?? '?',
              h: m.inputSize?.height ?? '?',
              n: r.numClasses,
            })
          : r.task !== 'detect'
            ? t('models.lab.import.done', {
                id: m.id,
                task: t(`registry.ui.task.${r.task}`),
                w: m.inputSize?.width ?? '?',
                h: m.inputSize?.height ?? '?',
                n: r.numClasses,
              })
            : t('models.ui.import.done', {
                id: m.id,
                layout: m.layout ? t(`models.ui.layout.${m.layout}`) : '?',
                w: m.inputSize?.width ?? '?',
                h: m.inputSize?.height ?? '?',
                n: m.labelsCount,
              }),
      );
      if (modelInput.current) modelInput.current.value = '';
      if (labelsInput.current) labelsInput.current.value = '';
      if (plateOcrConfigInput.current) plateOcrConfigInput.current.value = '';
    } catch (err) {
      if (err instanceof UploadCancelled) setFormError(t('models.ui.import.cancelled'));
      else onError(t('models.ui.import.failed', { name: file.name }), err);
    } finally {
      setPhase({ kind: 'idle' });
    }
  };

  const percent = phase.kind === 'uploading' ? uploadPercent(phase.sent, phase.size) : 0;
  return (
    <form
      className="form-grid models__import"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="models-import-title"
    >
      <h3 id="models-import-title" className="models__import-title">
        {t('models.ui.import.title')}
      </h3>
      <label>
        {t('models.ui.import.file')}
        <input
          ref={modelInput}
          type="file"
          accept=".onnx,application/octet-stream"
          disabled={busy}
          data-testid="model-file"
        />
      </label>
      <label>
        {t('models.ui.import.labels')}
        <input
          ref={labelsInput}
          type="file"
          accept=".txt,.names,.json,.yaml,.yml,text/plain"
          disabled={busy}
          data-testid="labels-file"
        />
      </label>
      {task === 'plate-ocr' ? (
        <label>
          {t('plates.ocr.import.config')}
          <input
            ref={plateOcrConfigInput}
            type="file"
            accept=".yaml,.yml,.json,text/plain,application/json"
            disabled={busy}
            aria-describedby="plate-ocr-config-hint"
            data-testid="plate-ocr-config-file"
          />
          <span id="plate-ocr-config-hint" className="small">
            {t('plates.ocr.import.configHint')}
          </span>
        </label>
      ) : null}
      <NormalisationFields
        disabled={busy}
        task={task}
        onTask={setTask}
        custom={custom}
        onCustom={setCustom}
        value={norm}
        onChange={setNorm}
      />
      <div className="form-grid__actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('models.ui.import.submit')}
        </button>
        {phase.kind === 'uploading' ? (
          <button type="button" onClick={() => (cancelled.current = true)}>
            {t('models.ui.import.cancel')}
          </button>
        ) : null}
      </div>
      <div className="models__progress" data-testid="model-import-status">
        {phase.kind === 'uploading' ? (
          <>
            <progress
              value={phase.sent}
              max={phase.size}
              aria-label={t('models.ui.import.progress')}
              aria-valuetext={`${percent} %`}
            />
            <span role="status">
              {t('models.ui.import.uploading', { name: phase.name, percent })}
            </span>
          </>
        ) : null}
        {phase.kind === 'validating' ? (
          <>
            <progress aria-label={t('models.ui.import.progress')} />
            <span role="status">{t('models.ui.import.validating', { name: phase.name })}</span>
          </>
        ) : null}
        {formError ? (
          <p role="alert" className="error">
            {formError}
          </p>
        ) : null}
      </div>
    </form>
  );
}

/** Stable, distinct colour per class. */
function classColour(classId: number): string {
  return `hsl(${(classId * 47) % 360} 90% 55%)`;
}

function TryPanel({ result, onClose }: { result: TryResult; onClose(): void }) {
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const canvas = useRef<HTMLCanvasElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // The result whose frame is on the canvas (drawing finishes after the image decodes).
  const [drawnFor, setDrawnFor] = useState<TryResult>();

  // New result: move focus to it so keyboard and screen-reader users land on what they asked for.
  useEffect(() => heading.current?.focus(), [result]);

  useEffect(() => {
    const img = new Image();
    let live = true;
    img.onload = () => {
      const c = canvas.current;
      if (!live || !c) return;
      c.width = result.width;
      c.height = result.height;
      const g = c.getContext('2d');
      if (!g) return;
      g.drawImage(img, 0, 0, result.width, result.height);
      const line = Math.max(2, Math.round(result.width / 320));
      const font = Math.max(12, Math.round(result.width / 45));
      g.font = `600 ${font}px system-ui, sans-serif`;
      g.textBaseline = 'top';
      const h = font + 6;
      // Boxes first, then labels, best score first; a label that would cover another one moves
      // down a line (two classes on one box, e.g. "car" and "truck", both stay readable).
      const sorted = [...result.detections].sort((a, b) => b.score - a.score);
      for (const d of sorted) {
        g.strokeStyle = classColour(d.classId);
        g.lineWidth = line;
        g.strokeRect(d.x1, d.y1, d.x2 - d.x1, d.y2 - d.y1);
      }
      const placed: Array<{ x: number; y: number; w: number }> = [];
      for (const d of sorted) {
        const text = `${d.label} ${Math.round(d.score * 100)}%`;
        const w = g.measureText(text).width + 8;
        let y = d.y1 - h >= 0 ? d.y1 - h : d.y1;
        for (let tries = 0; tries < 8; tries++) {
          const hit = placed.some(
            (p) => d.x1 < p.x + p.w && p.x < d.x1 + w && y < p.y + h && p.y < y + h,
          );
          if (!hit) break;
          y += h;
        }
        placed.push({ x: d.x1, y, w });
        g.fillStyle = classColour(d.classId);
        g.fillRect(d.x1, y, w, h);
        g.fillStyle = '#061320';
        g.fillText(text, d.x1 + 4, y + 3);
      }
      setDrawnFor(result);
    };
    img.src = `data:image/jpeg;base64,${result.jpegBase64}`;
    return () => {
      live = false;
    };
  }, [result]);

  const n = result.detections.length;
  const ranked = [...result.detections].sort((a, b) => b.score - a.score).slice(0, 50);
  return (
    <div className="models__try" data-testid="model-try">
      <h3 ref={heading} tabIndex={-1}>
        {t('models.ui.try.title', { id: result.modelId })}
      </h3>
      <p data-testid="model-try-summary">
        {t('models.ui.try.summary', {
          n,
          ms: formatNumber(locale, result.inferenceMs, 1),
          total: formatNumber(locale, result.totalMs, 0),
          provider: result.provider.toUpperCase(),
        })}
      </p>
      <p className="small muted">
        {result.frameSource === 'camera'
          ? t('models.ui.try.fromCamera', { id: result.cameraId ?? '' })
          : t('models.ui.try.fromDemo')}
        {result.fallbackReason ? ` — ${translateCode(t, result.fallbackReason)}` : null}
      </p>
      {result.providerNote ? (
        <p className="small muted">
          {t('models.ui.try.providerNote', { note: result.providerNote })}
        </p>
      ) : null}
      <canvas
        ref={canvas}
        className="models__canvas"
        role="img"
        aria-label={t('models.ui.try.canvas', { n, id: result.modelId })}
        data-drawn={drawnFor === result ? 'true' : 'false'}
        data-testid="model-try-canvas"
      />
      {n ? (
        <ul className="models__detections small">
          {ranked.map((d, i) => (
            <li key={i}>
              {t('models.ui.try.detection', { label: d.label, score: Math.round(d.score * 100) })}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('models.ui.try.noDetections')}</p>
      )}
      <button type="button" onClick={onClose}>
        {t('models.ui.try.close')}
      </button>
    </div>
  );
}
