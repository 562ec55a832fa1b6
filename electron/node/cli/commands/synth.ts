import type { CliCommand } from '../command';

// Placeholder until its issue lands: the command exists so the registry and help are complete.
export const command: CliCommand = {
  name: 'synth',
  summary: 'not available yet',
  usage: 'watcher synth (not available yet)',
  async run() {
    process.stderr.write('watcher synth: not available in this build yet\n');
    return 2;
  },
};
