import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parseCommandArgs, type CliCommand } from '../command';
import {
  verifyEvidenceStore,
  type VerifyEvidenceOptions,
} from '../../../../inference/worker/evidence/verify';
import { readAnchors } from '../../store/checkpoints';

const usage = `watcher verify-evidence <root> [--json] [--db FILE | --no-db] [--public-key FILE] [--require-signed]

Checks an evidence store: every event's files exist with the recorded size and SHA-256, each
camera's hash chain of events is unbroken, and the chain matches the installation's signed
checkpoints (Ed25519). Reports, naming the first bad event of each camera:
  edited     an event whose content no longer matches its hash (evidence.error.eventHash), or a
             file whose bytes changed (evidence.error.hash / .size / .missing)
  re-sealed  hashes and chain recomputed without the key: the chain no longer matches what was
             signed (evidence.error.resealed)
  truncated  fewer events than the last signed checkpoint counts (evidence.error.truncated)
  unsigned   events after the last checkpoint, added without the key (evidence.error.unsigned)
  forged     a checkpoint whose signature is invalid or from an unknown key (evidence.error.signature)
  key        signing-key.pub is not the installation's key (evidence.error.key)

Checkpoints and public keys are read from <root>/<camera>/checkpoints.jsonl, <root>/signing-key.pub
and, as the anchor an insider editing the folder cannot rewrite, from the database: --db FILE, by
default <root>/../watcher.db when it exists (--no-db: folder only).
  --public-key FILE  trust only this public key (PEM), e.g. a copy kept by the court or auditor
  --require-signed   fail when a camera has no signed checkpoints even if no key is found

--json prints one object:
  ok             true when nothing was found
  cameras, events, files   what was checked
  signed         every camera's chain is covered by valid checkpoints of a trusted key
  publicKeyIds   ids (16 hex) of the keys checkpoints were checked against
  checkpoints    valid checkpoints found
  anchors        where checkpoints came from besides the folder: { db: path | null }
  chains[]       per camera: cameraId, events, signedEvents (events covered by a matching
                 checkpoint), signedCount (highest signed count), firstBad { eventId, position
                 (1-based in the chain), code } when something is wrong
  problems[]     code, cameraId, eventId?, position?, path?, line?, message
Exit code 0 when intact, 1 when not, 2 on bad usage.`;

export const command: CliCommand = {
  name: 'verify-evidence',
  summary: 'Check an evidence store for altered, re-sealed, truncated or unsigned evidence',
  usage,
  async run(argv) {
    const parsed = parseCommandArgs('verify-evidence', usage, argv, {
      json: { type: 'boolean', default: false },
      db: { type: 'string' },
      'no-db': { type: 'boolean', default: false },
      'public-key': { type: 'string' },
      'require-signed': { type: 'boolean', default: false },
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
    const opts: VerifyEvidenceOptions = { requireSigned: parsed.values['require-signed'] };
    if (parsed.values['public-key']) {
      try {
        opts.pinnedPublicKeys = [await readFile(parsed.values['public-key'], 'utf8')];
      } catch {
        process.stderr.write(
          `watcher verify-evidence: cannot read ${parsed.values['public-key']}\n`,
        );
        return 2;
      }
    }
    const defaultDb = path.join(path.dirname(path.resolve(root)), 'watcher.db');
    const dbFile = parsed.values['no-db']
      ? undefined
      : (parsed.values.db ?? (existsSync(defaultDb) ? defaultDb : undefined));
    if (dbFile) {
      let db: Database.Database | undefined;
      try {
        db = new Database(dbFile, { readonly: true, fileMustExist: true });
        const anchors = readAnchors(db);
        opts.anchoredCheckpoints = anchors.checkpoints;
        if (anchors.keys.length) opts.anchoredPublicKeys = anchors.keys;
      } catch (e) {
        process.stderr.write(
          `watcher verify-evidence: cannot read the database ${dbFile}: ${(e as Error).message}\n`,
        );
        return 2;
      } finally {
        db?.close();
      }
    }
    const report = {
      ...(await verifyEvidenceStore(root, opts)),
      anchors: { db: dbFile ?? null },
    };
    if (parsed.values.json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } else {
      for (const p of report.problems) process.stdout.write(`FAIL  ${p.message}\n`);
      for (const c of report.chains)
        if (c.firstBad)
          process.stdout.write(
            `FIRST BAD  camera ${c.cameraId}: event ${c.firstBad.eventId} (#${c.firstBad.position}, ${c.firstBad.code})\n`,
          );
      const signature = report.signed
        ? `signed by ${report.publicKeyIds.join(', ')}`
        : report.publicKeyIds.length
          ? 'not fully signed'
          : 'unsigned (no signing key found)';
      process.stdout.write(
        `${report.ok ? 'OK' : 'ALTERED'}: ${report.cameras} camera(s), ${report.events} event(s), ${report.files} file(s), ${report.checkpoints} checkpoint(s), ${signature}, ${report.problems.length} problem(s)\n`,
      );
    }
    return report.ok ? 0 : 1;
  },
};
