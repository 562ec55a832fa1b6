import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { InfractionRecord } from '../../shared/api/methods/infractions';
import { CodedError } from '../../shared/coded-error';
import {
  infractionEventSchema,
  type EvidenceFile,
  type InfractionEvent,
} from '../../shared/domain/infraction';
import { eventHash, sha256Hex } from '../../../inference/worker/evidence/chain';
import { EVENTS_FILE } from '../../../inference/worker/evidence/evidence-writer';
import { isClipManifest } from '../../../inference/worker/evidence/clip-store';
import {
  checkpointSchema,
  publicKeyId,
  verifyBytes,
  verifyCheckpoint,
  type Checkpoint,
  type EvidenceSigningKey,
} from '../../../inference/worker/evidence/signing';
import { readZip, writeZip, ZipFormatError, type ZipEntry } from './zip';

/**
 * An infraction's evidence as one file for a court or an appeal: the clip, stills and crops as
 * sealed, the sealed event and the store's record as JSON, the signed checkpoint of the camera's
 * chain at that event, a SHA-256 manifest of every file signed with the installation key, and the
 * public key. `verifyEvidencePackage` checks it offline, with nothing but the file.
 */

export const PACKAGE_FORMAT = 'watcher-evidence-package/1';
export const MANIFEST = 'manifest.json';
export const MANIFEST_SIG = 'manifest.sig';
export const PACKAGE_PUBLIC_KEY = 'signing-key.pub';
export const PACKAGE_EVENT = 'event.json';
export const PACKAGE_CHECKPOINT = 'checkpoint.json';
export const PACKAGE_METADATA = 'metadata.json';

export interface PackageManifest {
  format: typeof PACKAGE_FORMAT;
  infractionId: string;
  cameraId: string;
  /** Epoch ms the package was written. */
  createdAt: number;
  /** Installation (host id) that wrote it. */
  createdBy: string;
  publicKeyId: string;
  /** Every file of the package except the manifest and its signature. */
  files: Array<{ path: string; sha256: string; bytes: number }>;
}

export interface PackageSource {
  evidenceRoot: string;
  hostId: string;
  key: EvidenceSigningKey;
  record: InfractionRecord;
  /** The signed checkpoint whose head is this event, when this installation signed it. */
  checkpoint?: Checkpoint;
  /** Extra store data for metadata.json (enrichment, decisions). */
  extra?: Record<string, unknown>;
  now?: () => number;
  /**
   * Joins a clip stored as shared segments (a sealed `clip.json` manifest) into one playable MP4.
   * The sealed manifest and segments are packaged as they are; the MP4 is added beside them as
   * `derived/clip.mp4`, covered by the package's signed manifest.
   */
  playableClip?: (clip: EvidenceFile) => Promise<Buffer>;
}

const README = `Watcher evidence package / Paquete de evidencia de Watcher

manifest.json   SHA-256 and size of every other file / SHA-256 y tamaño de cada archivo
manifest.sig    Ed25519 signature (base64) of manifest.json by signing-key.pub
signing-key.pub public key of the installation (SPKI PEM) / clave pública de la instalación
event.json      the sealed event as in the camera's hash chain / el evento sellado de la cadena
checkpoint.json signed checkpoint of the chain head at this event / punto de control firmado
metadata.json   the review record (status, decisions, plate edits) / el registro de revisión
evidence/       clip, snapshot, crops exactly as sealed / clip, imágenes y recortes tal cual
derived/clip.mp4 the sealed clip segments joined into one video (when the clip is stored as
                segments) / los segmentos sellados del clip unidos en un solo vídeo

Verify / Verificar:  watcher verify-package <file.zip> [--public-key key.pub]
`;

/** The event as sealed: its line in the camera's log, else the record's sealed fields. */
async function sealedEvent(root: string, rec: InfractionRecord): Promise<Buffer> {
  try {
    const text = await readFile(path.join(root, rec.cameraId, EVENTS_FILE), 'utf8');
    const line = text.split('\n').find((l) => l.includes(rec.id) && l.includes(rec.hash));
    if (line) {
      const ev = infractionEventSchema.parse(JSON.parse(line));
      if (ev.id === rec.id && eventHash(ev) === ev.hash) return Buffer.from(line + '\n', 'utf8');
    }
  } catch {
    // no local log (an infraction synced from another workstation): rebuild below
  }
  const ev = infractionEventSchema.parse(rec);
  if (eventHash(ev) !== ev.hash)
    throw new CodedError(
      'ui.evidence.packageUnsealed',
      `the sealed event of infraction ${rec.id} cannot be found`,
      { id: rec.id },
    );
  return Buffer.from(JSON.stringify(ev) + '\n', 'utf8');
}

export async function buildEvidencePackage(src: PackageSource): Promise<Buffer> {
  const { record: rec, evidenceRoot } = src;
  const root = path.resolve(evidenceRoot);
  const files: ZipEntry[] = [];
  files.push({ name: 'README.txt', data: Buffer.from(README, 'utf8') });
  files.push({ name: PACKAGE_EVENT, data: await sealedEvent(root, rec) });
  if (src.checkpoint)
    files.push({
      name: PACKAGE_CHECKPOINT,
      data: Buffer.from(JSON.stringify(src.checkpoint, null, 2) + '\n', 'utf8'),
    });
  files.push({
    name: PACKAGE_METADATA,
    data: Buffer.from(JSON.stringify({ infraction: rec, ...src.extra }, null, 2) + '\n', 'utf8'),
  });
  for (const f of rec.evidence) {
    if (f.prunedAt !== undefined || !f.present)
      throw new CodedError(
        f.prunedAt !== undefined ? 'ui.evidence.pruned' : 'ui.evidence.downloading',
        `${f.kind} of infraction ${rec.id} is not on this workstation`,
        { kind: f.kind },
      );
    const full = path.resolve(root, f.path);
    if (!full.startsWith(root + path.sep))
      throw new CodedError('ui.evidence.notFound', 'evidence path escapes the evidence root');
    let data: Buffer;
    try {
      data = await readFile(full);
    } catch {
      throw new CodedError('ui.evidence.fileMissing', `${f.path} is missing on disk`, {
        path: f.path,
      });
    }
    // Exported as it is; verify-package then reports a file that no longer matches its seal.
    files.push({ name: `evidence/${path.posix.basename(f.path)}`, data });
  }
  const segmented = rec.evidence.find((f) => f.kind === 'clip' && isClipManifest(f));
  if (segmented && src.playableClip)
    files.push({ name: 'derived/clip.mp4', data: await src.playableClip(segmented) });
  files.push({ name: PACKAGE_PUBLIC_KEY, data: Buffer.from(src.key.publicKeyPem, 'utf8') });
  const manifest: PackageManifest = {
    format: PACKAGE_FORMAT,
    infractionId: rec.id,
    cameraId: rec.cameraId,
    createdAt: (src.now ?? Date.now)(),
    createdBy: src.hostId,
    publicKeyId: src.key.keyId,
    files: files.map((f) => ({ path: f.name, sha256: sha256Hex(f.data), bytes: f.data.length })),
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
  return writeZip([
    { name: MANIFEST, data: manifestBytes },
    { name: MANIFEST_SIG, data: Buffer.from(src.key.signBytes(manifestBytes) + '\n', 'utf8') },
    ...files,
  ]);
}

export type PackageProblemCode =
  | 'package.error.format'
  | 'package.error.missing'
  | 'package.error.signature'
  | 'package.error.key'
  | 'package.error.hash'
  | 'package.error.extra'
  | 'package.error.event'
  | 'package.error.checkpoint';

export interface PackageReport {
  ok: boolean;
  infractionId?: string;
  cameraId?: string;
  publicKeyId?: string;
  /** Files listed in the manifest. */
  files: number;
  /** The package holds a signed checkpoint whose head is its event. */
  checkpoint: boolean;
  problems: Array<{ code: PackageProblemCode; path?: string; message: string }>;
}

/**
 * Checks a package offline: the archive is byte for byte as written, the manifest's signature is
 * valid for the included key (and that key is the pinned one when given), every file matches the
 * manifest and nothing else is there, the event's hash is its content's, the evidence files are
 * the ones the event sealed, and the checkpoint is a valid signature of that event as chain head.
 */
export function verifyEvidencePackage(zip: Buffer, pinnedPublicKeyPem?: string): PackageReport {
  const problems: PackageReport['problems'] = [];
  const report: PackageReport = { ok: false, files: 0, checkpoint: false, problems };
  let entries: ZipEntry[];
  try {
    const r = readZip(zip);
    entries = r.entries;
    if (!r.exact)
      problems.push({
        code: 'package.error.format',
        message: `the archive was changed after it was written (first difference at byte ${r.firstDifference})`,
      });
  } catch (e) {
    if (!(e instanceof ZipFormatError)) throw e;
    problems.push({
      code: 'package.error.format',
      message: `not a readable package: ${e.message}`,
    });
    return report;
  }
  const byName = new Map(entries.map((e) => [e.name, e.data]));
  const need = (name: string) => {
    const d = byName.get(name);
    if (!d)
      problems.push({ code: 'package.error.missing', path: name, message: `${name} is missing` });
    return d;
  };
  const manifestBytes = need(MANIFEST);
  const sig = need(MANIFEST_SIG);
  const pem = need(PACKAGE_PUBLIC_KEY)?.toString('utf8');
  if (!manifestBytes || !sig || !pem) return report;
  let keyId: string;
  try {
    keyId = publicKeyId(pem);
  } catch {
    problems.push({
      code: 'package.error.key',
      path: PACKAGE_PUBLIC_KEY,
      message: 'the public key is not valid',
    });
    return report;
  }
  report.publicKeyId = keyId;
  if (pinnedPublicKeyPem !== undefined && publicKeyId(pinnedPublicKeyPem) !== keyId)
    problems.push({
      code: 'package.error.key',
      path: PACKAGE_PUBLIC_KEY,
      message: `the package is signed by key ${keyId}, not by the expected ${publicKeyId(pinnedPublicKeyPem)}`,
    });
  if (!verifyBytes(pem, manifestBytes, sig.toString('utf8').trim()))
    problems.push({
      code: 'package.error.signature',
      path: MANIFEST_SIG,
      message: `the signature of ${MANIFEST} is not valid for key ${keyId}: the manifest or its signature was changed`,
    });
  let manifest: PackageManifest;
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8')) as PackageManifest;
    if (manifest.format !== PACKAGE_FORMAT || !Array.isArray(manifest.files))
      throw new Error('unknown format');
  } catch (e) {
    problems.push({
      code: 'package.error.format',
      path: MANIFEST,
      message: `${MANIFEST} is not a package manifest: ${(e as Error).message}`,
    });
    return report;
  }
  report.infractionId = manifest.infractionId;
  report.cameraId = manifest.cameraId;
  report.files = manifest.files.length;
  if (manifest.publicKeyId !== keyId)
    problems.push({
      code: 'package.error.key',
      path: MANIFEST,
      message: `the manifest names key ${manifest.publicKeyId}, the package holds ${keyId}`,
    });
  const listed = new Set<string>();
  for (const f of manifest.files) {
    listed.add(f.path);
    const data = byName.get(f.path);
    if (!data) {
      problems.push({
        code: 'package.error.missing',
        path: f.path,
        message: `${f.path} is listed in the manifest but missing`,
      });
      continue;
    }
    if (data.length !== f.bytes || sha256Hex(data) !== f.sha256)
      problems.push({
        code: 'package.error.hash',
        path: f.path,
        message: `${f.path} was altered (SHA-256 differs from the manifest)`,
      });
  }
  for (const name of byName.keys())
    if (name !== MANIFEST && name !== MANIFEST_SIG && !listed.has(name))
      problems.push({
        code: 'package.error.extra',
        path: name,
        message: `${name} is not in the manifest`,
      });

  const eventBytes = need(PACKAGE_EVENT);
  if (!eventBytes) return finish(report);
  let event: InfractionEvent;
  try {
    event = infractionEventSchema.parse(JSON.parse(eventBytes.toString('utf8')));
  } catch {
    problems.push({
      code: 'package.error.event',
      path: PACKAGE_EVENT,
      message: `${PACKAGE_EVENT} is not a sealed event`,
    });
    return finish(report);
  }
  if (event.id !== manifest.infractionId)
    problems.push({
      code: 'package.error.event',
      path: PACKAGE_EVENT,
      message: `the event is ${event.id}, the manifest names ${manifest.infractionId}`,
    });
  if (eventHash(event) !== event.hash)
    problems.push({
      code: 'package.error.event',
      path: PACKAGE_EVENT,
      message: `event ${event.id} does not match its hash: it was altered`,
    });
  for (const f of event.evidence) {
    const name = `evidence/${path.posix.basename(f.path)}`;
    const data = byName.get(name);
    if (!data)
      problems.push({
        code: 'package.error.missing',
        path: name,
        message: `${f.kind} sealed in the event is missing (${name})`,
      });
    else if (sha256Hex(data) !== f.sha256)
      problems.push({
        code: 'package.error.hash',
        path: name,
        message: `${name} is not the ${f.kind} the event sealed (SHA-256 differs)`,
      });
  }
  const cpBytes = byName.get(PACKAGE_CHECKPOINT);
  if (cpBytes) {
    let cp: Checkpoint | undefined;
    try {
      cp = checkpointSchema.parse(JSON.parse(cpBytes.toString('utf8')));
    } catch {
      problems.push({
        code: 'package.error.checkpoint',
        path: PACKAGE_CHECKPOINT,
        message: `${PACKAGE_CHECKPOINT} is not a checkpoint`,
      });
    }
    if (cp) {
      if (verifyCheckpoint(cp, new Map([[keyId, pem]])) !== 'ok')
        problems.push({
          code: 'package.error.checkpoint',
          path: PACKAGE_CHECKPOINT,
          message: 'the checkpoint signature is not valid for the package key',
        });
      else if (
        cp.eventId !== event.id ||
        cp.headHash !== event.hash ||
        cp.cameraId !== event.cameraId
      )
        problems.push({
          code: 'package.error.checkpoint',
          path: PACKAGE_CHECKPOINT,
          message: `the checkpoint signs event ${cp.eventId}, not this one`,
        });
      else report.checkpoint = true;
    }
  }
  return finish(report);
}

function finish(report: PackageReport): PackageReport {
  report.ok = report.problems.length === 0;
  return report;
}
