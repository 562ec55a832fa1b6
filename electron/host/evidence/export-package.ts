import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EvidenceFile } from '../../shared/domain/infraction';
import { materializeClip } from '../../../inference/worker/evidence/clip-store';
import { CodedError } from '../../shared/coded-error';
import type { ControlRoomStore } from '../store/store';
import { ReviewService } from '../store/review';
import { buildEvidencePackage } from './evidence-package';
import type { EvidenceSigningKey } from '../../../inference/worker/evidence/signing';

/**
 * Builds an infraction's signed evidence package from the store (record, review history, the
 * checkpoint that signed its event) and the evidence folder, and records the export in the audit
 * log with the package's SHA-256 (chain of custody).
 */
export async function exportInfractionPackage(o: {
  store: ControlRoomStore;
  key: EvidenceSigningKey;
  evidenceRoot: string;
  infractionId: string;
  actor: string;
  /** ffmpeg for joining a segmented clip into the package's playable MP4. */
  ffmpegPath?: string;
}): Promise<{ zip: Buffer; publicKeyId: string; filename: string; sha256: string }> {
  const { store, infractionId: id } = o;
  const record = store.infractions.get(id);
  if (!record) throw new CodedError('ui.evidence.notFound', `no infraction ${id}`, { id });
  const { history } = new ReviewService(store).get(id);
  const zip = await buildEvidencePackage({
    evidenceRoot: o.evidenceRoot,
    hostId: store.hostId,
    key: o.key,
    record,
    checkpoint: store.checkpoints.forEvent(id),
    extra: { history, exportedBy: o.actor },
    ...(o.ffmpegPath
      ? { playableClip: (clip) => joinClip(o.evidenceRoot, clip, o.ffmpegPath!) }
      : {}),
  });
  const sha256 = createHash('sha256').update(zip).digest('hex');
  store.audit.append(o.actor, 'evidence.export', `infraction:${id}`, {
    sha256,
    bytes: zip.length,
    publicKeyId: o.key.keyId,
  });
  return { zip, publicKeyId: o.key.keyId, filename: `evidence-${id}.zip`, sha256 };
}

/** The segmented clip as one MP4, refused when a segment no longer matches its seal. */
async function joinClip(root: string, clip: EvidenceFile, ffmpegPath: string): Promise<Buffer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'watcher-package-'));
  try {
    const out = path.join(dir, 'clip.mp4');
    const r = await materializeClip(root, clip, ffmpegPath, out);
    if (r.integrity !== 'ok')
      throw new CodedError(
        'ui.evidence.modified',
        `the clip's segments no longer match their seal: ${r.altered.join(', ')}`,
      );
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
