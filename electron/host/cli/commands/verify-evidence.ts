import { stat } from 'node:fs/promises';
import { parseCommandArgs, type CliCommand } from '../command';
import { verifyEvidenceStore } from '../../../../inference/worker/evidence/verify';

const usage = `watcher verify-evidence <root> [--json]

Checks an evidence store: every event's files exist with the recorded size and SHA-256, and each
camera's hash chain of events is unbroken. Names each altered, missing or out-of-chain item.
Exit code 0 when intact, 1 when not, 2 on bad usage.`;

export const command: CliCommand = {
  name: 'verify-evidence',
  summary: 'Check an evidence store for altered or missing files and broken hash chains',
  usage,
  async run(argv) {
    const parsed = parseCommandArgs('verify-evidence', usage, argv, {
      json: { type: 'boolean', default: false },
    });
    if (!parsed) return 2;
    const root = parsed.positionals[0];
    if (!root || parsed.positionals.length > 1) {
      process.stderr.write(`watcher verify-evidence: give exactly one evidence root\n\n${usage}\n`);
      return 2;
    }
    try {
      if (!(await stat(root)).isDirectory()) throw new Error('not a directory');
    } catch {
      process.stderr.write(`watcher verify-evidence: ${root} is not a readable directory\n`);
      return 2;
    }
    const report = await verifyEvidenceStore(root);
    if (parsed.values.json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } else {
      for (const p of report.problems) process.stdout.write(`FAIL  ${p.message}\n`);
      process.stdout.write(
        `${report.ok ? 'OK' : 'ALTERED'}: ${report.cameras} camera(s), ${report.events} event(s), ${report.files} file(s), ${report.problems.length} problem(s)\n`,
      );
    }
    return report.ok ? 0 : 1;
  },
};
