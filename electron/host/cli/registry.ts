import type { CliTable } from './run-cli';

/**
 * The product's `watcher` commands, loaded lazily so `watcher --help` stays instant and a
 * command's heavy dependencies (onnxruntime, PostgreSQL) load only when that command runs.
 * Development commands (benchmarks, synthetic scenes, evaluations) live in tools/ and never ship.
 */
export const productCli: CliTable = {
  commands: {
    serve: () => import('./commands/serve'),
    analyze: () => import('./commands/analyze'),
    models: () => import('./commands/models'),
    'verify-evidence': () => import('./commands/verify-evidence'),
    evidence: () => import('./commands/evidence'),
    'verify-package': () => import('./commands/verify-package'),
    notify: () => import('./commands/notify'),
    apikey: () => import('./commands/apikey'),
  },
  summaries: {
    serve: 'Run the headless control-room host and serve the UI over HTTP on 127.0.0.1',
    analyze: 'Run the detection pipeline over a video file or stream and write JSON lines',
    models: 'List, import, inspect and fetch detection models',
    'verify-evidence':
      'Check an evidence store for altered, re-sealed, truncated or unsigned evidence',
    evidence:
      'Export an infraction as a signed evidence package (evidence export <id> --out f.zip)',
    'verify-package': 'Check an exported evidence package offline',
    notify: 'Send a test notification (notify test --channel webhook|email|telegram|sms)',
    apikey:
      'Create, list and revoke API keys for the REST API (apikey create --name N --scopes a,b)',
  },
  footer:
    'Development commands (bench, synth, eval-mot, eval-plates) run from a source checkout: `node bin/watcher.mjs bench ...`.',
};
