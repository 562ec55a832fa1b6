import { ffmpegBinary } from '../../../../inference/worker/ffmpeg/ffmpeg-path';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseCommandArgs, type CliCommand } from '../command';
import { defaultDataDir } from '../../data-dir';
import { KeyFileSecretBox } from '../../secrets/key-file-secret-box';
import { ControlRoomStore } from '../../store/store';
import { openSigningKey } from '../../evidence/evidence-signer';
import { exportInfractionPackage } from '../../evidence/export-package';
import { CodedError } from '../../../shared/coded-error';

const usage = `watcher evidence export <infractionId> --out case.zip [--data-dir DIR] [--actor NAME]

Writes the infraction's evidence package for a court or an appeal: the clip, the annotated
snapshot, the crops, the sealed event (event.json), the review record and history
(metadata.json), the signed checkpoint of the camera's chain at that event (checkpoint.json),
a SHA-256 manifest of every file (manifest.json) signed with the installation's Ed25519 key
(manifest.sig), and the public key (signing-key.pub). Check it with \`watcher verify-package\`.
The export is recorded in the audit log with the package's SHA-256.

  --data-dir <dir>  the host's data directory (default $WATCHER_DATA_DIR or ~/.local/share/watcher)
  --actor <name>    who exports it, for the audit log (default $USER)
Exit code 0 when written, 1 when it cannot be, 2 on bad usage.`;

export const command: CliCommand = {
  name: 'evidence',
  summary: 'Export an infraction as a signed evidence package',
  usage,
  async run(argv) {
    const parsed = parseCommandArgs('evidence', usage, argv, {
      out: { type: 'string' },
      'data-dir': { type: 'string' },
      actor: { type: 'string' },
    });
    if (!parsed) return 2;
    const [sub, id, ...extra] = parsed.positionals;
    if (sub !== 'export' || !id || extra.length || !parsed.values.out) {
      process.stderr.write(
        `watcher evidence: expected \`export <infractionId> --out FILE\`\n\n${usage}\n`,
      );
      return 2;
    }
    const dataDir = path.resolve(parsed.values['data-dir'] ?? defaultDataDir());
    const dbFile = path.join(dataDir, 'watcher.db');
    const keyFile = path.join(dataDir, 'secret.key');
    if (!existsSync(dbFile) || !existsSync(keyFile)) {
      process.stderr.write(
        `watcher evidence: ${dataDir} holds no Watcher database and key file (run \`watcher serve --data-dir ${dataDir}\` first; a desktop installation exports from the app)\n`,
      );
      return 1;
    }
    const evidenceRoot = path.join(dataDir, 'evidence');
    const store = ControlRoomStore.open({
      file: dbFile,
      secretBox: KeyFileSecretBox.open(keyFile),
      evidenceRoot,
    });
    try {
      let key;
      try {
        key = openSigningKey(store);
      } catch (e) {
        process.stderr.write(
          `watcher evidence: cannot unseal the signing key with ${keyFile} (${(e as Error).message}); a desktop installation exports from the app\n`,
        );
        return 1;
      }
      const pkg = await exportInfractionPackage({
        store,
        key,
        evidenceRoot,
        infractionId: id,
        actor: parsed.values.actor ?? process.env.USER ?? 'cli',
        ffmpegPath: ffmpegBinary().path,
      });
      await writeFile(parsed.values.out, pkg.zip, { mode: 0o600 });
      process.stdout.write(
        `wrote ${parsed.values.out}: ${pkg.zip.length} bytes, SHA-256 ${pkg.sha256}, signed with key ${pkg.publicKeyId}\n`,
      );
      return 0;
    } catch (e) {
      process.stderr.write(
        `watcher evidence: ${e instanceof CodedError ? `${e.code}: ` : ''}${(e as Error).message}\n`,
      );
      return 1;
    } finally {
      store.close();
    }
  },
};
