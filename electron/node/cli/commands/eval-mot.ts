import type { CliCommand } from '../command';

// Placeholder until its issue lands: the command exists so the registry and help are complete.
export const command: CliCommand = {
  name: 'eval-mot',
  summary: 'not available yet',
  usage: 'watcher eval-mot (not available yet)',
  async run() {
    process.stderr.write('watcher eval-mot: not available in this build yet\n');
    return 2;
  },
};
