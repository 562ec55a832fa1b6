import type { CliCommand } from '../../electron/host/cli/command';

/**
 * `watcher bench <name>`: each benchmark lives beside what it measures and prints figures
 * (and JSON with --json). Loaded lazily like the commands themselves.
 */
const benches: Record<string, () => Promise<{ run(argv: string[]): Promise<number> }>> = {
  pipeline: () => import('../bench/pipeline'),
  // pipeline: issue 3, track: issue 4, store + sync-faults: issue 5, ui: issue 6
  store: () => import('../bench/store'),
  'sync-faults': () => import('../bench/sync-faults'),
  ui: () => import('../bench/ui'),
  track: () => import('../bench/track'),
  notify: () => import('../bench/notify'),
  api: () => import('../bench/api'),
  fleet: () => import('../bench/fleet'),
  cameras: () => import('../bench/cameras'),
  analytics: () => import('../bench/analytics'),
  plates: () => import('../bench/plates'),
};

export const command: CliCommand = {
  name: 'bench',
  summary: 'Benchmarks that print figures',
  usage: `watcher bench <${Object.keys(benches).join('|') || 'name'}> [options] [--json]`,
  async run(argv) {
    const [name, ...rest] = argv;
    const load = name ? benches[name] : undefined;
    if (!load) {
      process.stderr.write(`watcher bench: choose one of: ${Object.keys(benches).join(', ')}\n`);
      return 2;
    }
    return (await load()).run(rest);
  },
};
