import { parseArgs, type ParseArgsConfig } from 'node:util';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** One `watcher` subcommand. `run` returns the process exit code; it never calls process.exit itself. */
export interface CliCommand {
  name: string;
  /** One line for `watcher --help`. */
  summary: string;
  /** Full usage text for `watcher <name> --help`. */
  usage: string;
  run(argv: string[]): Promise<number>;
}

/**
 * `parseArgs` with positionals, strict options, and the one behaviour every command wants on a
 * usage error: the message and the usage on stderr. Undefined then means "exit with code 2".
 */
export function parseCommandArgs<const O extends OptionsConfig>(
  command: string,
  usage: string,
  argv: string[],
  options: O,
):
  ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: O }>> | undefined {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options });
  } catch (err) {
    process.stderr.write(`watcher ${command}: ${(err as Error).message}\n\n${usage.trim()}\n`);
    return undefined;
  }
}
