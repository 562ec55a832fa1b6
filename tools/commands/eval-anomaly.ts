import type { CliCommand } from '../../electron/host/cli/command';
import { parseCommandArgs } from '../../electron/host/cli/command';
import {
  DEFAULT_SUSTAINED_THRESHOLD,
  DEFAULT_THRESHOLD,
} from '../../inference/vision/anomaly/baseline';
import {
  evaluateDetector,
  makeSyntheticSet,
  type EvalFigures,
} from '../../inference/vision/anomaly/synthetic';

const usage = `watcher eval-anomaly [options]

Scores the anomaly detector (hour-of-week baselines, robust spread, overdispersed count tails) on
synthetic hourly count series: weekly seasonality, gamma–Poisson noise, holidays (undeclared in the
history, declared in the test weeks) and injected anomalies of known size (high volume, low volume,
absence at busy hours; 1–3 hours long). Learns on the history weeks, flags the test weeks, and
prints precision, recall for anomalies of at least --headline robust standard deviations, and
false alarms per camera-week.

Options:
  --seeds <n>          independent synthetic sets (default 4)
  --cameras <n>        cameras per set (default 16; 3 series each)
  --history-weeks <n>  weeks learned from (default 8)
  --test-weeks <n>     weeks scored (default 8)
  --threshold <z>      single-bucket threshold (default ${DEFAULT_THRESHOLD})
  --sustained <z>      2–3 bucket combined threshold (default ${DEFAULT_SUSTAINED_THRESHOLD}; 0 = off)
  --headline <k>       anomaly size counted in the headline recall (default 4)
  --mode <m>           level (observation k σ away, default) or shift (mean moves k σ, own noise)
  --json               one JSON object instead of the table`;

type Summary = Omit<EvalFigures, 'recallBySize' | 'recallByHours'> & {
  recallBySize: EvalFigures['recallBySize'];
  recallByHours: EvalFigures['recallByHours'];
};

/** Runs `seeds` sets and pools their counts (precision/recall over all flags and anomalies). */
export function runEvalAnomaly(o: {
  seeds: number;
  cameras: number;
  historyWeeks: number;
  testWeeks: number;
  threshold: number;
  sustained: number;
  headline: number;
  mode: 'level' | 'shift';
}): { pooled: Summary; perSeed: Summary[]; elapsedMs: number } {
  const started = performance.now();
  const perSeed: Summary[] = [];
  for (let s = 0; s < o.seeds; s++) {
    const set = makeSyntheticSet({
      seed: 16 + s,
      cameras: o.cameras,
      historyWeeks: o.historyWeeks,
      testWeeks: o.testWeeks,
      mode: o.mode,
    });
    const { flags: _f, ...fig } = evaluateDetector(
      set,
      { threshold: o.threshold, sustainedThreshold: o.sustained },
      o.headline,
    );
    perSeed.push(fig);
  }
  const sum = (k: 'injected' | 'flagged' | 'truePositives' | 'falsePositives' | 'series') =>
    perSeed.reduce((a, f) => a + f[k], 0);
  const r4 = (v: number) => Math.round(v * 10_000) / 10_000;
  const pool = <T extends { injected: number; recall: number }>(
    rows: (s: Summary) => T[],
    key: (r: T) => string | number,
  ) => {
    const m = new Map<string | number, { injected: number; found: number }>();
    for (const s of perSeed)
      for (const r of rows(s)) {
        const cur = m.get(key(r)) ?? { injected: 0, found: 0 };
        cur.injected += r.injected;
        cur.found += Math.round(r.recall * r.injected);
        m.set(key(r), cur);
      }
    return [...m.entries()].map(([k, v]) => ({
      k,
      injected: v.injected,
      recall: r4(v.injected ? v.found / v.injected : 1),
    }));
  };
  const headInjected = perSeed.reduce(
    (a, f) => a + f.recallByHours.reduce((x, h) => x + h.injected, 0),
    0,
  );
  const headFound = perSeed.reduce(
    (a, f) => a + f.recallByHours.reduce((x, h) => x + Math.round(h.recall * h.injected), 0),
    0,
  );
  const flagged = sum('flagged');
  const tp = sum('truePositives');
  const headlineTp = perSeed.reduce(
    (a, f) => a + Math.round(f.precisionHeadlineOnly * f.flagged),
    0,
  );
  const pooled: Summary = {
    cameras: o.cameras * o.seeds,
    series: sum('series'),
    testWeeks: o.testWeeks,
    injected: sum('injected'),
    flagged,
    truePositives: tp,
    falsePositives: sum('falsePositives'),
    precision: r4(flagged ? tp / flagged : 1),
    recall: r4(headInjected ? headFound / headInjected : 1),
    headlineSize: o.headline,
    falseAlarmsPerCameraWeek: r4(sum('falsePositives') / (o.cameras * o.seeds * o.testWeeks)),
    recallBySize: pool(
      (s) => s.recallBySize,
      (r) => r.size,
    ).map((r) => ({
      size: String(r.k),
      injected: r.injected,
      recall: r.recall,
    })),
    recallByHours: pool(
      (s) => s.recallByHours,
      (r) => r.hours,
    ).map((r) => ({
      hours: Number(r.k),
      injected: r.injected,
      recall: r.recall,
    })),
    precisionHeadlineOnly: r4(flagged ? headlineTp / flagged : 1),
  };
  return { pooled, perSeed, elapsedMs: Math.round(performance.now() - started) };
}

function table(
  p: Summary,
  perSeed: Summary[],
  o: { threshold: number; sustained: number },
): string {
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  const lines = [
    `thresholds: single ${o.threshold} σ, sustained ${o.sustained} σ; ${p.cameras} camera(s) × ${p.testWeeks} test week(s), ${p.series} series`,
    `injected ${p.injected} anomalies, flagged ${p.flagged} (${p.truePositives} on an anomaly, ${p.falsePositives} false)`,
    `precision                      ${pct(p.precision)}`,
    `recall (≥ ${p.headlineSize} σ and absences)       ${pct(p.recall)}`,
    `false alarms per camera-week   ${p.falseAlarmsPerCameraWeek.toFixed(3)}`,
    'recall by size (σ):  ' +
      p.recallBySize.map((r) => `${r.size}: ${pct(r.recall)} (${r.injected})`).join('  '),
    'recall by length (≥ headline):  ' +
      p.recallByHours.map((r) => `${r.hours} h: ${pct(r.recall)} (${r.injected})`).join('  '),
    'per seed (precision / recall / false alarms per camera-week): ' +
      perSeed
        .map(
          (s) =>
            `${s.precision.toFixed(3)}/${s.recall.toFixed(3)}/${s.falseAlarmsPerCameraWeek.toFixed(3)}`,
        )
        .join('  '),
  ];
  return lines.join('\n');
}

export const command: CliCommand = {
  name: 'eval-anomaly',
  summary: 'Score the anomaly detector on synthetic count series with injected anomalies',
  usage,
  async run(argv) {
    const parsed = parseCommandArgs('eval-anomaly', usage, argv, {
      seeds: { type: 'string', default: '4' },
      cameras: { type: 'string', default: '16' },
      'history-weeks': { type: 'string', default: '8' },
      'test-weeks': { type: 'string', default: '8' },
      threshold: { type: 'string', default: String(DEFAULT_THRESHOLD) },
      sustained: { type: 'string', default: String(DEFAULT_SUSTAINED_THRESHOLD) },
      headline: { type: 'string', default: '4' },
      mode: { type: 'string', default: 'level' },
      json: { type: 'boolean', default: false },
    });
    if (!parsed) return 2;
    const v = parsed.values;
    const nums = {
      seeds: Number(v.seeds),
      cameras: Number(v.cameras),
      historyWeeks: Number(v['history-weeks']),
      testWeeks: Number(v['test-weeks']),
      threshold: Number(v.threshold),
      sustained: Number(v.sustained),
      headline: Number(v.headline),
    };
    for (const [k, n] of Object.entries(nums))
      if (!Number.isFinite(n) || n < 0 || (k !== 'sustained' && n === 0)) {
        process.stderr.write(`watcher eval-anomaly: --${k} must be a positive number\n`);
        return 2;
      }
    if (v.mode !== 'level' && v.mode !== 'shift') {
      process.stderr.write('watcher eval-anomaly: --mode must be "level" or "shift"\n');
      return 2;
    }
    const r = runEvalAnomaly({ ...nums, mode: v.mode });
    if (v.json)
      process.stdout.write(
        `${JSON.stringify({ ...r.pooled, perSeed: r.perSeed, elapsedMs: r.elapsedMs, mode: v.mode })}\n`,
      );
    else process.stdout.write(`${table(r.pooled, r.perSeed, nums)}\n(${r.elapsedMs} ms)\n`);
    return 0;
  },
};
