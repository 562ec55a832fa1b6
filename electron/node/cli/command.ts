/** One `watcher` subcommand. `run` returns the process exit code; it never calls process.exit itself. */
export interface CliCommand {
  name: string;
  /** One line for `watcher --help`. */
  summary: string;
  /** Full usage text for `watcher <name> --help`. */
  usage: string;
  run(argv: string[]): Promise<number>;
}
