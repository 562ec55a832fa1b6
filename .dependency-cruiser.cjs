/**
 * The rooms of the code and which room may import which: the project's one dependency graph.
 * `npm run lint:layers` checks it (dependency-cruiser); the README's table is tested against
 * ROOMS below, and tests/unit/tooling/layers.test.ts proves a bad import fails the check.
 *
 * Rooms are named by where their code runs. Imports only go down the list.
 */
const ROOMS = {
  shared: {
    path: '^electron/shared/',
    runs: 'anywhere (pure)',
    holds:
      'domain types and the validated config schema, the API contract, the worker protocol, i18n',
    mayImport: [],
    pure: true,
  },
  vision: {
    path: '^inference/vision/',
    runs: 'anywhere (pure)',
    holds:
      'algorithms: decoders, NMS, tracking, motion, calibration, speed, rules, scene, plates, MOT metrics',
    mayImport: ['shared'],
    pure: true,
  },
  renderer: {
    path: '^renderer/',
    runs: 'browser page (Electron renderer or the browser wall)',
    holds:
      'React UI: wall, review, calibration, reports, settings; reaches the host through the API only',
    mayImport: ['shared', 'vision'],
    pure: true,
  },
  worker: {
    path: '^inference/worker/',
    runs: 'Node, one process per group of cameras',
    holds: 'ffmpeg ingest, ONNX sessions, detector, scene stage, evidence writer, plate reader',
    mayImport: ['shared', 'vision'],
  },
  host: {
    path: '^electron/host/',
    runs: 'plain Node (desktop main process or `watcher serve`)',
    holds:
      'control-room host: API handlers, auth, store, sync, reports, models, workers supervisor, HTTP/WebSocket server, CLI',
    mayImport: ['shared', 'vision', 'worker'],
  },
  preload: {
    path: '^electron/preload/',
    runs: 'Electron preload (sandboxed)',
    holds: 'the bridge that exposes send/onMessage to the page',
    mayImport: ['shared'],
    electron: true,
  },
  main: {
    path: '^electron/main/',
    runs: 'Electron main process',
    holds:
      'windows, menus, IPC wiring, safeStorage; the only code importing `electron` besides preload',
    mayImport: ['shared', 'host'],
    electron: true,
  },
  tools: {
    path: '^tools/',
    runs: 'Node, development only (never in the product bundle)',
    holds: 'benchmarks, synthetic scenes, evaluation commands',
    mayImport: ['shared', 'vision', 'worker', 'host'],
  },
};

const nodeCore = { dependencyTypes: ['core'] };
const ourCode = '^(electron|inference|renderer|tools)/';

const roomRules = Object.entries(ROOMS).map(([name, room]) => {
  const allowed = [name, ...room.mayImport].map((r) => ROOMS[r].path.slice(1)).join('|');
  return {
    name: `room-${name}`,
    comment: `${name} may import only ${[name, ...room.mayImport].join(', ')}`,
    severity: 'error',
    from: { path: room.path },
    to: { path: ourCode, pathNot: `^(${allowed})` },
  };
});

module.exports = {
  forbidden: [
    ...roomRules,
    ...Object.entries(ROOMS)
      .filter(([, r]) => r.pure)
      .map(([name, room]) => ({
        name: `pure-${name}`,
        comment: `${name} is pure: no Node built-ins`,
        severity: 'error',
        from: { path: room.path },
        to: nodeCore,
      })),
    {
      name: 'electron-only-in-shells',
      comment: 'only electron/main and electron/preload import electron',
      severity: 'error',
      from: { pathNot: '^electron/(main|preload)/' },
      // Also when node_modules is a link to an install outside the tree.
      to: { path: '(^|/)node_modules/electron/|^electron$' },
    },
    {
      name: 'product-never-imports-tests',
      severity: 'error',
      from: { path: ourCode },
      to: { path: '^tests/' },
    },
    {
      name: 'no-circular',
      comment: 'no import cycles (type-only imports included)',
      severity: 'error',
      from: { path: ourCode },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: { path: ourCode },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|dist|release|test-artifacts)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

// Not part of dependency-cruiser's schema (which rejects unknown keys): read by the layers test.
Object.defineProperty(module.exports, 'ROOMS', { value: ROOMS, enumerable: false });
