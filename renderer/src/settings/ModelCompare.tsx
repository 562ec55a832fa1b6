import { useEffect, useRef, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  Legend,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useClient } from '../api/client-context';
import { newRunId } from './run-id';
import { errorCode } from '../api/optional';
import { formatNumber, translateError, useI18n, useT } from '../i18n/i18n';
import {
  MODEL_COMPARE_MAX_IMAGES,
  MODEL_COMPARE_MAX_MODELS,
  MODEL_COMPARE_UI_MAX_SIDE,
  compareTableCsv,
  type CompareImageResult,
  type ModelCompareResult,
} from '../../../electron/shared/api/methods/model-compare';
import type { InstalledModel } from '../../../electron/shared/api/methods/models';
import {
  MODEL_COMPARE_MAX_SOURCE_FRAMES,
  accuracyLatencyPoints,
  type CompareProgress,
} from '../../../electron/shared/api/methods/model-lab';
import { useLiveStore } from '../state/live-store';

/** An image as sent: scaled down in the browser to a JPEG, kept as a data URL for display. */
interface Picked {
  name: string;
  dataUrl: string;
}

const COLOURS = ['#4fa3ff', '#ffb347', '#7ed957', '#ff6b9a'];

/** A dropped or chosen file scaled so its longest side is at most MODEL_COMPARE_UI_MAX_SIDE. */
async function scaleImage(file: File): Promise<Picked> {
  const bitmap = await createImageBitmap(file);
  const k = Math.min(1, MODEL_COMPARE_UI_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * k));
  canvas.height = Math.max(1, Math.round(bitmap.height * k));
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return { name: file.name, dataUrl: canvas.toDataURL('image/jpeg', 0.85) };
}

/**
 * Models → Compare (and upload analysis): choose 2–4 installed models and one or many images;
 * every model runs on them on the host, and the results are shown side by side.
 */
export function ModelCompare({ models }: { models: InstalledModel[] }) {
  const client = useClient();
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const [chosen, setChosen] = useState<string[]>([]);
  const [images, setImages] = useState<Picked[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<{ r: ModelCompareResult; images: Picked[] }>();
  const fileInput = useRef<HTMLInputElement>(null);
  const cameras = useLiveStore((s) => s.cameras);
  const [sourceKind, setSourceKind] = useState<'images' | 'video' | 'camera'>('images');
  const [videos, setVideos] = useState<Array<{ path: string; name: string }>>();
  const [videoPath, setVideoPath] = useState('');
  const [cameraId, setCameraId] = useState('');
  const [frames, setFrames] = useState(4);
  const [everySeconds, setEverySeconds] = useState(2);
  /** Latest progress per model index of the run in flight (`-1`: sampling). */
  const [progress, setProgress] = useState<Record<number, CompareProgress>>({});

  useEffect(() => {
    if (sourceKind !== 'video' || videos) return;
    client
      .call('modelCompare.sources', {})
      .then((r) => {
        setVideos(r.videos);
        setVideoPath((p) => p || (r.videos[0]?.path ?? ''));
      })
      .catch((err: unknown) => setError(translateError(t, errorCode(err))));
  }, [sourceKind, videos, client, t]);

  const addFiles = async (files: FileList | File[]) => {
    const list = [...files].filter((f) => /^image\/(jpeg|png)$/.test(f.type));
    const picked = await Promise.all(list.map(scaleImage));
    setImages((prev) => [...prev, ...picked].slice(0, MODEL_COMPARE_MAX_IMAGES));
  };

  const toggle = (id: string) =>
    setChosen((prev) =>
      prev.includes(id)
        ? prev.filter((x) => x !== id)
        : prev.length < MODEL_COMPARE_MAX_MODELS
          ? [...prev, id]
          : prev,
    );

  const runOnSource = () => {
    setBusy(true);
    setError(undefined);
    setProgress({});
    const runId = newRunId('cmp');
    const off = client.on('modelCompare.progress', (p) => {
      if (p.runId !== runId) return;
      setProgress((prev) => ({ ...prev, [p.phase === 'sampling' ? -1 : (p.modelIndex ?? 0)]: p }));
    });
    client
      .call('modelCompare.run', {
        runId,
        models: chosen,
        frames,
        source:
          sourceKind === 'video'
            ? { kind: 'video', path: videoPath, everySeconds }
            : { kind: 'camera', cameraId: cameraId || (cameras[0]?.id ?? '') },
      })
      .then(({ frames: got, ...r }) =>
        setResult({
          r,
          images: got.map((f) => ({
            name: f.name,
            dataUrl: `data:image/jpeg;base64,${f.jpegBase64}`,
          })),
        }),
      )
      .catch((err: unknown) => setError(translateError(t, errorCode(err))))
      .finally(() => {
        off();
        setBusy(false);
      });
  };

  const run = () => {
    if (sourceKind !== 'images') return runOnSource();
    setBusy(true);
    setError(undefined);
    const sent = images;
    client
      .call('models.compare', {
        models: chosen,
        images: sent.map((im) => ({ name: im.name, base64: im.dataUrl.split(',')[1] ?? '' })),
      })
      .then((r) => setResult({ r, images: sent }))
      .catch((err: unknown) => setError(translateError(t, errorCode(err))))
      .finally(() => setBusy(false));
  };

  const n2 = (v: number | null) => (v === null ? '—' : formatNumber(locale, v, 2));
  const ready =
    chosen.length >= 2 &&
    (sourceKind === 'images'
      ? images.length > 0
      : sourceKind === 'video'
        ? !!videoPath
        : cameras.length > 0);

  return (
    <section
      className="models__compare"
      aria-labelledby="models-compare-title"
      data-testid="model-compare"
    >
      <h3 id="models-compare-title">{t('models.compare.title')}</h3>
      <p className="muted small">{t('models.compare.intro')}</p>
      <fieldset disabled={busy}>
        <legend>{t('models.compare.models')}</legend>
        {models.map((m) => (
          <label key={m.id} className="models__compare-model">
            <input
              type="checkbox"
              checked={chosen.includes(m.id)}
              onChange={() => toggle(m.id)}
              data-testid={`compare-model-${m.id}`}
            />{' '}
            {m.name ?? m.id}
            {chosen[0] === m.id ? ` (${t('models.compare.reference')})` : ''}
          </label>
        ))}
      </fieldset>
      <fieldset disabled={busy} className="models__compare-source">
        <legend>{t('models.lab.source')}</legend>
        {(['images', 'video', 'camera'] as const).map((k) => (
          <label key={k}>
            <input
              type="radio"
              name="compare-source"
              checked={sourceKind === k}
              onChange={() => setSourceKind(k)}
              data-testid={`compare-source-${k}`}
            />{' '}
            {t(`models.lab.source.${k}`)}
          </label>
        ))}
        {sourceKind === 'video' ? (
          videos && !videos.length ? (
            <p className="muted small">{t('models.lab.no_videos')}</p>
          ) : (
            <label>
              {t('models.lab.video')}{' '}
              <select
                value={videoPath}
                onChange={(e) => setVideoPath(e.target.value)}
                data-testid="compare-video"
              >
                {(videos ?? []).map((v) => (
                  <option key={v.path} value={v.path}>
                    {v.name}
                  </option>
                ))}
              </select>
            </label>
          )
        ) : null}
        {sourceKind === 'camera' ? (
          <label>
            {t('models.lab.camera')}{' '}
            <select
              value={cameraId || (cameras[0]?.id ?? '')}
              onChange={(e) => setCameraId(e.target.value)}
              data-testid="compare-camera"
            >
              {cameras.map((cam) => (
                <option key={cam.id} value={cam.id}>
                  {cam.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {sourceKind !== 'images' ? (
          <>
            <label>
              {t('models.lab.frames')}{' '}
              <input
                type="number"
                min={1}
                max={MODEL_COMPARE_MAX_SOURCE_FRAMES}
                value={frames}
                onChange={(e) =>
                  setFrames(
                    Math.max(1, Math.min(MODEL_COMPARE_MAX_SOURCE_FRAMES, Number(e.target.value))),
                  )
                }
                data-testid="compare-frames"
              />
            </label>
            {sourceKind === 'video' ? (
              <label>
                {t('models.lab.every_seconds')}{' '}
                <input
                  type="number"
                  min={0.1}
                  step={0.5}
                  value={everySeconds}
                  onChange={(e) => setEverySeconds(Math.max(0.1, Number(e.target.value)))}
                  data-testid="compare-every"
                />
              </label>
            ) : null}
          </>
        ) : null}
      </fieldset>
      {sourceKind === 'images' ? (
        <div
          className="models__compare-drop"
          role="button"
          tabIndex={0}
          data-testid="compare-drop"
          onClick={() => fileInput.current?.click()}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === ' ') fileInput.current?.click();
          }}
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => {
            e.preventDefault();
            void addFiles(e.dataTransfer.files);
          }}
        >
          {t('models.compare.drop', { max: MODEL_COMPARE_MAX_IMAGES })}
          <input
            ref={fileInput}
            type="file"
            accept="image/jpeg,image/png"
            multiple
            hidden
            data-testid="compare-files"
            onChange={(e) => {
              if (e.target.files) void addFiles(e.target.files);
              e.target.value = '';
            }}
          />
        </div>
      ) : null}
      {sourceKind === 'images' && images.length ? (
        <div className="models__compare-thumbs">
          {images.map((im, i) => (
            <img key={`${im.name}-${i}`} src={im.dataUrl} alt={im.name} height={64} />
          ))}
          <button type="button" onClick={() => setImages([])} disabled={busy}>
            {t('models.compare.clear')}
          </button>
        </div>
      ) : null}
      <p>
        <button type="button" onClick={run} disabled={!ready || busy} data-testid="compare-run">
          {t('models.compare.run')}
        </button>{' '}
        {!ready ? <span className="muted small">{t('models.compare.pick_hint')}</span> : null}
      </p>
      <div aria-live="polite">
        {busy ? (
          <p role="status" data-testid="compare-busy">
            <progress />{' '}
            {sourceKind === 'images'
              ? t('models.compare.running', { models: chosen.length, images: images.length })
              : progress[-1] && !Object.keys(progress).some((k) => k !== '-1')
                ? t('models.lab.sampling')
                : null}
          </p>
        ) : null}
        {sourceKind !== 'images' && (busy || Object.keys(progress).length > 0) ? (
          <ul className="models__compare-progress" data-testid="compare-progress">
            {chosen.map((id, k) => {
              const p = progress[k];
              return (
                <li key={id} data-testid={`compare-progress-${id}`}>
                  <progress
                    max={p?.total || 1}
                    value={p?.done ?? 0}
                    aria-label={t('models.lab.progress_model', {
                      model: id,
                      done: p?.done ?? 0,
                      total: p?.total ?? frames,
                    })}
                  />{' '}
                  {t('models.lab.progress_model', {
                    model: id,
                    done: p?.done ?? 0,
                    total: p?.total ?? frames,
                  })}
                </li>
              );
            })}
          </ul>
        ) : null}
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
      </div>
      {result ? <CompareResults r={result.r} images={result.images} n2={n2} /> : null}
    </section>
  );
}

function CompareResults({
  r,
  images,
  n2,
}: {
  r: ModelCompareResult;
  images: Picked[];
  n2(v: number | null): string;
}) {
  const t = useT();
  const latency = r.models.map((m) => ({ name: m.id, p50: m.latencyMs.p50, p95: m.latencyMs.p95 }));
  const accuracy = r.models.map((m) => ({
    name: m.id,
    agreement: m.agreementF1,
    consensus: m.consensusShare,
  }));
  const points = accuracyLatencyPoints(r);
  return (
    <div className="models__compare-results" data-testid="compare-results">
      <p role="status">{t('models.compare.done', { s: n2(r.totalMs / 1000) })}</p>
      <h4>{t('models.compare.table')}</h4>
      <table className="table" data-testid="compare-table">
        <thead>
          <tr>
            <th>{t('models.compare.col.model')}</th>
            <th>{t('models.compare.col.provider')}</th>
            <th>{t('models.compare.col.p50')}</th>
            <th>{t('models.compare.col.p95')}</th>
            <th>{t('models.compare.col.p99')}</th>
            <th>{t('models.compare.col.fps')}</th>
            <th>{t('models.compare.col.agreement')}</th>
            <th>{t('models.compare.col.consensus')}</th>
          </tr>
        </thead>
        <tbody>
          {r.models.map((m) => (
            <tr key={m.id}>
              <td>{m.id}</td>
              <td>{m.provider}</td>
              <td>{n2(m.latencyMs.p50)}</td>
              <td>{n2(m.latencyMs.p95)}</td>
              <td>{n2(m.latencyMs.p99)}</td>
              <td>{n2(m.fps)}</td>
              <td>{n2(m.agreementF1)}</td>
              <td>{n2(m.consensusShare)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        data-testid="compare-export"
        onClick={() => {
          const url = URL.createObjectURL(new Blob([compareTableCsv(r)], { type: 'text/csv' }));
          const a = document.createElement('a');
          a.href = url;
          a.download = 'model-comparison.csv';
          document.body.appendChild(a);
          a.click();
          a.remove();
          setTimeout(() => URL.revokeObjectURL(url), 10_000);
        }}
      >
        {t('models.compare.export')}
      </button>
      <div className="models__compare-charts">
        <figure className="chart" data-testid="compare-latency-chart">
          <figcaption>{t('models.compare.latency_chart')}</figcaption>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={latency} margin={{ top: 8, right: 12, bottom: 8, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="name" />
              <YAxis width={48} />
              <Tooltip />
              <Legend />
              <Bar dataKey="p50" name="p50" fill="#4fa3ff" isAnimationActive={false} />
              <Bar dataKey="p95" name="p95" fill="#ffb347" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
        <figure className="chart" data-testid="compare-accuracy-chart">
          <figcaption>{t('models.lab.accuracy_chart')}</figcaption>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={accuracy} margin={{ top: 8, right: 12, bottom: 8, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="name" />
              <YAxis width={48} domain={[0, 1]} />
              <Tooltip />
              <Legend />
              <Bar
                dataKey="agreement"
                name={t('models.compare.col.agreement')}
                fill="#7ed957"
                isAnimationActive={false}
              />
              <Bar
                dataKey="consensus"
                name={t('models.compare.col.consensus')}
                fill="#ff6b9a"
                isAnimationActive={false}
              />
            </BarChart>
          </ResponsiveContainer>
        </figure>
        <figure className="chart" data-testid="compare-scatter">
          <figcaption>{t('models.lab.scatter')}</figcaption>
          <ResponsiveContainer width="100%" height={220}>
            <ScatterChart margin={{ top: 16, right: 24, bottom: 16, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis
                type="number"
                dataKey="latencyMs"
                name={t('models.lab.latency_axis')}
                unit=" ms"
              />
              <YAxis
                type="number"
                dataKey="accuracy"
                name={t('models.lab.accuracy_axis')}
                domain={[0, 1]}
                width={48}
              />
              <Tooltip />
              <Scatter data={points} fill="#4fa3ff" isAnimationActive={false}>
                <LabelList dataKey="id" position="top" />
              </Scatter>
            </ScatterChart>
          </ResponsiveContainer>
        </figure>
        <figure className="chart">
          <figcaption>{t('models.compare.matrix')}</figcaption>
          <table className="table" data-testid="compare-matrix">
            <thead>
              <tr>
                <th>{t('models.compare.matrix.row')}</th>
                {r.models.map((m) => (
                  <th key={m.id}>{m.id}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.agreementMatrix.map((row, i) => (
                <tr key={r.models[i].id}>
                  <th>{r.models[i].id}</th>
                  {row.map((v, j) => (
                    <td
                      key={j}
                      style={{
                        background:
                          v === null
                            ? undefined
                            : `rgba(79, 163, 255, ${(0.15 + 0.6 * v).toFixed(2)})`,
                      }}
                    >
                      {n2(v)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </figure>
      </div>
      <h4>{t('models.compare.per_image')}</h4>
      {r.perImage.map((im, i) => (
        <div key={`${im.name}-${i}`} className="models__compare-image" data-testid="compare-image">
          <p>
            <strong>{im.name}</strong> ·{' '}
            {im.consensusObjects
              ? t('models.compare.consensus', { count: im.consensusObjects.length })
              : im.consensusLabel
                ? t('models.compare.consensus_label', im.consensusLabel)
                : null}
          </p>
          <div
            className="models__compare-row"
            style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}
          >
            {r.models.map((m, k) => (
              <figure key={m.id} style={{ margin: 0 }}>
                <BoxesCanvas
                  src={images[i]?.dataUrl}
                  image={im}
                  model={k}
                  colour={COLOURS[k % COLOURS.length]}
                />
                <figcaption className="small">
                  <strong>{m.id}</strong> ·{' '}
                  {im.results[k].detections
                    ? t('models.compare.detections', {
                        count: im.results[k].detections.length,
                        ms: n2(im.results[k].ms),
                      })
                    : `${im.results[k].top?.[0]?.label ?? '—'} ${n2(im.results[k].top?.[0]?.score ?? null)} · ${n2(im.results[k].ms)} ms`}
                </figcaption>
              </figure>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}

/** One model's boxes over the image, scaled to a fixed display width. */
function BoxesCanvas({
  src,
  image,
  model,
  colour,
}: {
  src: string | undefined;
  image: CompareImageResult;
  model: number;
  colour: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = 280;
  const k = width / image.width;
  const height = Math.round(image.height * k);
  useEffect(() => {
    if (!src) return;
    const img = new Image();
    let live = true;
    img.onload = () => {
      const c = canvas.current;
      const g = c?.getContext('2d');
      if (!live || !c || !g) return;
      g.drawImage(img, 0, 0, width, height);
      g.lineWidth = 2;
      g.font = '12px sans-serif';
      for (const d of image.results[model].detections ?? []) {
        g.strokeStyle = colour;
        g.strokeRect(d.x1 * k, d.y1 * k, (d.x2 - d.x1) * k, (d.y2 - d.y1) * k);
        const text = `${d.label} ${Math.round(d.score * 100)}%`;
        g.fillStyle = colour;
        g.fillRect(d.x1 * k, Math.max(0, d.y1 * k - 14), g.measureText(text).width + 6, 14);
        g.fillStyle = '#000';
        g.fillText(text, d.x1 * k + 3, Math.max(11, d.y1 * k - 3));
      }
    };
    img.src = src;
    return () => {
      live = false;
    };
  }, [src, image, model, colour, k, height]);
  return <canvas ref={canvas} width={width} height={height} data-testid="compare-canvas" />;
}
