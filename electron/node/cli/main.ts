import { commands, summaries } from './registry';
import { WATCHER_VERSION } from '../../common/version';

function printHelp(): void {
  const width = Math.max(...Object.keys(summaries).map((n) => n.length));
  const lines = Object.entries(summaries).map(([n, s]) => `  ${n.padEnd(width)}  ${s}`);
  process.stdout.write(
    [
      `watcher ${WATCHER_VERSION} — control-room video analytics`,
      '',
      'Usage: watcher <command> [options]',
      '',
      'Commands:',
      ...lines,
      '',
      'Run `watcher <command> --help` for the options of one command.',
      '',
    ].join('\n'),
  );
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    printHelp();
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${WATCHER_VERSION}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`watcher: unknown command "${name}"\n\n`);
    printHelp();
    return 2;
  }
  const { command } = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage.trim()}\n`);
    return 0;
  }
  return command.run(rest);
}

// Entry point when bundled as out/main/cli.js or run from source with tsx.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      `watcher: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
