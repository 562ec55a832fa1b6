import { WATCHER_VERSION } from '../../shared/version';
import type { CliCommand } from './command';

export type CommandTable = Record<string, () => Promise<{ command: CliCommand }>>;

export interface CliTable {
  commands: CommandTable;
  /** One-line summaries for `watcher --help`, kept apart so help does not import every command. */
  summaries: Record<string, string>;
  /** Printed after the command list (where the other commands are). */
  footer?: string;
}

function printHelp(table: CliTable): void {
  const width = Math.max(...Object.keys(table.summaries).map((n) => n.length));
  const lines = Object.entries(table.summaries).map(([n, s]) => `  ${n.padEnd(width)}  ${s}`);
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
      ...(table.footer ? ['', table.footer] : []),
      '',
    ].join('\n'),
  );
}

/** Dispatches `watcher <command> ...` over a table of lazily loaded commands. */
export async function runCli(argv: string[], table: CliTable): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    printHelp(table);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${WATCHER_VERSION}\n`);
    return 0;
  }
  const load = table.commands[name];
  if (!load) {
    process.stderr.write(`watcher: unknown command "${name}"\n\n`);
    printHelp(table);
    return 2;
  }
  const { command } = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage.trim()}\n`);
    return 0;
  }
  return command.run(rest);
}

/** Runs the CLI as a process entry: exit code from the command, a stack for a crash. */
export function runCliProcess(table: CliTable): void {
  runCli(process.argv.slice(2), table).then(
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
}
