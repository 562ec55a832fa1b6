import type { CliCommand } from './command';

/**
 * Every `watcher` subcommand, loaded lazily so `watcher --help` stays instant and a command's
 * heavy dependencies (onnxruntime, PostgreSQL) load only when that command runs.
 */
export const commands: Record<string, () => Promise<{ command: CliCommand }>> = {
  serve: () => import('./commands/serve'),
  analyze: () => import('./commands/analyze'),
  models: () => import('./commands/models'),
  bench: () => import('./commands/bench'),
  'eval-mot': () => import('./commands/eval-mot'),
  synth: () => import('./commands/synth'),
  'verify-evidence': () => import('./commands/verify-evidence'),
  'eval-plates': () => import('./commands/eval-plates'),
};

/** One-line summaries for `watcher --help`, kept here so help does not import every command. */
export const summaries: Record<keyof typeof commands, string> = {
  serve: 'Run the headless control-room host and serve the UI over HTTP on 127.0.0.1',
  analyze: 'Run the detection pipeline over a video file or stream and write JSON lines',
  models: 'List, import, inspect and fetch detection models',
  bench: 'Benchmarks that print figures: pipeline, track, store, sync-faults, ui',
  'eval-mot': 'Score the tracker on MOTChallenge detections with CLEAR MOT and IDF1',
  synth: 'Generate synthetic scenes with ground truth (synth traffic ...)',
  'verify-evidence': 'Check an evidence store for altered or missing files and broken hash chains',
  'eval-plates': 'Score the licence-plate reader on a folder of OpenALPR-style ground truth',
};
