import { readFile } from 'node:fs/promises';
import { parseCommandArgs, type CliCommand } from '../command';
import { verifyEvidencePackage } from '../../evidence/evidence-package';

const usage = `watcher verify-package <case.zip> [--json] [--public-key FILE]

Checks an evidence package written by \`watcher evidence export\`, offline: the archive is byte
for byte as written, manifest.sig is a valid Ed25519 signature of manifest.json by the package's
signing-key.pub, every file matches its SHA-256 in the manifest and nothing was added, event.json
matches its hash and seals exactly these files, and checkpoint.json is a valid signature of that
event as its camera's chain head. Any changed byte fails.

  --public-key FILE  also require the package to be signed by this key (the installation's
                     signing-key.pub, obtained separately)

--json prints one object: ok, infractionId, cameraId, publicKeyId, files (in the manifest),
checkpoint (true when a signed checkpoint covers the event), problems[] (code, path?, message).
Exit code 0 when intact, 1 when not, 2 on bad usage.`;

export const command: CliCommand = {
  name: 'verify-package',
  summary: 'Check an exported evidence package offline',
  usage,
  async run(argv) {
    const parsed = parseCommandArgs('verify-package', usage, argv, {
      json: { type: 'boolean', default: false },
      'public-key': { type: 'string' },
    });
    if (!parsed) return 2;
    const file = parsed.positionals[0];
    if (!file || parsed.positionals.length > 1) {
      process.stderr.write(`watcher verify-package: give exactly one package\n\n${usage}\n`);
      return 2;
    }
    let zip: Buffer;
    let pinned: string | undefined;
    try {
      zip = await readFile(file);
      if (parsed.values['public-key']) pinned = await readFile(parsed.values['public-key'], 'utf8');
    } catch (e) {
      process.stderr.write(`watcher verify-package: ${(e as Error).message}\n`);
      return 2;
    }
    const report = verifyEvidencePackage(zip, pinned);
    if (parsed.values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else {
      for (const p of report.problems) process.stdout.write(`FAIL  ${p.message}\n`);
      process.stdout.write(
        `${report.ok ? 'OK' : 'ALTERED'}: infraction ${report.infractionId ?? '?'}, ${report.files} file(s), key ${report.publicKeyId ?? '?'}, ${report.checkpoint ? 'chain checkpoint signed' : 'no chain checkpoint'}, ${report.problems.length} problem(s)\n`,
      );
    }
    return report.ok ? 0 : 1;
  },
};
