import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { InfractionRecord } from '../../shared/api/methods/infractions';
import { CodedError } from '../../shared/coded-error';
import type { DomainHandlers } from '../api-types';

/** Evidence larger than this is not sent over the API (a clip is normally a few MB). */
const MAX_EVIDENCE_BYTES = 64 * 1024 * 1024;

/** What `evidence.*` needs: the evidence root and the store's infraction lookup (none: no store). */
export interface EvidenceContext {
  evidence?: {
    root: string;
    get(id: string): InfractionRecord | undefined;
    /** Builds the signed package of an infraction (the store and the signing key live here). */
    exportPackage?(
      id: string,
      actor: string,
    ): Promise<{ zip: Buffer; publicKeyId: string; filename: string }>;
  };
}

export function createEvidenceHandlers({ evidence }: EvidenceContext): DomainHandlers<'evidence'> {
  return {
    'evidence.get': ({ infractionId, kind }) => {
      if (!evidence) throw new CodedError('ui.evidence.noStore', 'this host has no evidence store');
      const rec = evidence.get(infractionId);
      if (!rec)
        throw new CodedError('ui.evidence.notFound', `no infraction ${infractionId}`, {
          id: infractionId,
        });
      const file = rec.evidence.find((e) => e.kind === kind);
      if (!file) throw new CodedError('ui.evidence.missing', `infraction has no ${kind}`, { kind });
      if (file.prunedAt !== undefined)
        throw new CodedError('ui.evidence.pruned', `${kind} was deleted by retention`, { kind });
      if (!file.present)
        throw new CodedError(
          'ui.evidence.downloading',
          `${kind} is still downloading from the shared server`,
          { kind },
        );
      const root = path.resolve(evidence.root);
      const full = path.resolve(root, file.path);
      if (!full.startsWith(root + path.sep))
        throw new CodedError('ui.evidence.notFound', 'evidence path escapes the evidence root');
      if (!existsSync(full))
        throw new CodedError('ui.evidence.fileMissing', `${file.path} is missing on disk`, {
          path: file.path,
        });
      if (statSync(full).size > MAX_EVIDENCE_BYTES)
        throw new CodedError('ui.evidence.tooLarge', `${file.path} is too large to send`);
      const bytes = readFileSync(full);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      return {
        mime: file.mime,
        base64: bytes.toString('base64'),
        sha256,
        integrity: sha256 === file.sha256 ? ('ok' as const) : ('modified' as const),
      };
    },
    'evidence.exportPackage': async ({ infractionId }, { session }) => {
      if (!evidence?.exportPackage)
        throw new CodedError('ui.evidence.noStore', 'this host has no evidence store');
      if (!evidence.get(infractionId))
        throw new CodedError('ui.evidence.notFound', `no infraction ${infractionId}`, {
          id: infractionId,
        });
      const pkg = await evidence.exportPackage(infractionId, session?.username ?? 'anonymous');
      return {
        filename: pkg.filename,
        mime: 'application/zip' as const,
        base64: pkg.zip.toString('base64'),
        sha256: createHash('sha256').update(pkg.zip).digest('hex'),
        publicKeyId: pkg.publicKeyId,
      };
    },
  };
}
