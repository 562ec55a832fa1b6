import type { CliCommand } from '../command';

// Placeholder until its issue lands: the command exists so the registry and help are complete.
export const command: CliCommand = {
  name: 'eval-plates',
  summary: 'not available yet',
  usage: 'watcher eval-plates (not available yet)',
  async run() {
    process.stderr.write('watcher eval-plates: not available in this build yet\n');
    return 2;
  },
};
