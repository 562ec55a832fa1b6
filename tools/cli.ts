import { productCli } from '../electron/host/cli/registry';
import { runCliProcess, type CliTable } from '../electron/host/cli/run-cli';

/**
 * `watcher` from a source checkout: the product's commands plus the development ones, which run
 * from source (tsx) and are never part of the product bundle.
 */
export const devCli: CliTable = {
  commands: {
    ...productCli.commands,
    bench: () => import('./commands/bench'),
    synth: () => import('./commands/synth'),
    'eval-mot': () => import('./commands/eval-mot'),
    'eval-plates': () => import('./commands/eval-plates'),
    'eval-detect': () => import('./commands/eval-detect'),
    'eval-classify': () => import('./commands/eval-classify'),
    compare: () => import('./commands/compare'),
    'eval-anomaly': () => import('./commands/eval-anomaly'),
    'eval-reid': () => import('./commands/eval-reid'),
  },
  summaries: {
    ...productCli.summaries,
    bench: 'Benchmarks that print figures: pipeline, track, store, sync-faults, ui',
    synth: 'Generate synthetic scenes with ground truth (synth traffic ...)',
    'eval-mot': 'Score the tracker on MOTChallenge detections with CLEAR MOT and IDF1',
    'eval-plates': 'Score the licence-plate reader on a folder of OpenALPR-style ground truth',
    'eval-detect': 'Score a detector on a YOLO or COCO labelled set with COCO mAP',
    'eval-classify': 'Score an image classifier on a labelled folder (top-1 / top-5)',
    compare: 'Compare models on the same frames: latency, agreement, consensus, accuracy',
    'eval-anomaly': 'Score the anomaly detector on synthetic count series with injected anomalies',
    'eval-reid': 'Identity switches of the tracker on a video with and without re-identification',
  },
};

runCliProcess(devCli);
