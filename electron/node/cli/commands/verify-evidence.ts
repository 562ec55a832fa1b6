import type { CliCommand } from '../command';

// Placeholder until its issue lands: the command exists so the registry and help are complete.
export const command: CliCommand = {
  name: 'verify-evidence',
  summary: 'not available yet',
  usage: 'watcher verify-evidence (not available yet)',
  async run() {
    process.stderr.write('watcher verify-evidence: not available in this build yet\n');
    return 2;
  },
};
