import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isClipManifest, materializeClip } from '../../../inference/worker/evidence/clip-store';
import type { InfractionRecord } from '../../shared/api/methods/infractions';
import { CodedError } from '../../shared/coded-error';
import { callerName, type DomainHandlers } from '../api-types';

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
    /** Concatenates a live clip's shared segments into one MP4 to play. */
    ffmpegPath: string;
    /** Where that MP4 is made (removed once sent); default the system temp folder. */
    scratchDir?: string;
  };
}

export function createEvidenceHandlers({ evidence }: EvidenceContext): DomainHandlers<'evidence'> {
  return {
    'evidence.get': async ({ infractionId, kind }) => {
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
      if (isClipManifest(file)) {
        // A live clip: its segments, each checked against its SHA-256, joined into one MP4.
        const segments = rec.evidence.filter((e) => e.kind === 'clip-segment');
        if (segments.some((e) => e.prunedAt !== undefined))
          throw new CodedError('ui.evidence.pruned', `${kind} was deleted by retention`, { kind });
        if (segments.some((e) => !e.present))
          throw new CodedError(
            'ui.evidence.downloading',
            `${kind} is still downloading from the shared server`,
            { kind },
          );
        const out = path.join(evidence.scratchDir ?? os.tmpdir(), `clip-${randomUUID()}.mp4`);
        try {
          const made = await materializeClip(root, file, evidence.ffmpegPath, out).catch(
            (e: unknown) => {
              throw new CodedError(
                'ui.evidence.fileMissing',
                `clip of ${infractionId} could not be assembled: ${String(e)}`,
                { path: file.path },
              );
            },
          );
          if (made.bytes > MAX_EVIDENCE_BYTES)
            throw new CodedError('ui.evidence.tooLarge', `${file.path} is too large to send`);
          const bytes = await readFile(out);
          return {
            mime: 'video/mp4',
            base64: bytes.toString('base64'),
            sha256: createHash('sha256').update(bytes).digest('hex'),
            integrity: made.integrity,
          };
        } finally {
          await rm(out, { force: true });
        }
      }
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
    'evidence.exportPackage': async ({ infractionId }, ctx) => {
      if (!evidence?.exportPackage)
        throw new CodedError('ui.evidence.noStore', 'this host has no evidence store');
      if (!evidence.get(infractionId))
        throw new CodedError('ui.evidence.notFound', `no infraction ${infractionId}`, {
          id: infractionId,
        });
      const pkg = await evidence.exportPackage(infractionId, callerName(ctx));
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
