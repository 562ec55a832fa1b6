import { createHash } from 'node:crypto';
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
  });
  const sha256 = createHash('sha256').update(zip).digest('hex');
  store.audit.append(o.actor, 'evidence.export', `infraction:${id}`, {
    sha256,
    bytes: zip.length,
    publicKeyId: o.key.keyId,
  });
  return { zip, publicKeyId: o.key.keyId, filename: `evidence-${id}.zip`, sha256 };
}
