import type { CliCommand } from '../command';

// Placeholder until its issue lands: the command exists so the registry and help are complete.
export const command: CliCommand = {
  name: 'analyze',
  summary: 'not available yet',
  usage: 'watcher analyze (not available yet)',
  async run() {
    process.stderr.write('watcher analyze: not available in this build yet\n');
    return 2;
  },
};
