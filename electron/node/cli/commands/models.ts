import type { CliCommand } from '../command';

// Placeholder until its issue lands: the command exists so the registry and help are complete.
export const command: CliCommand = {
  name: 'models',
  summary: 'not available yet',
  usage: 'watcher models (not available yet)',
  async run() {
    process.stderr.write('watcher models: not available in this build yet\n');
    return 2;
  },
};
