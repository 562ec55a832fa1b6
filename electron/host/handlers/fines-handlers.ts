import type { ControlRoomStore } from '../store/store';
import type { DomainHandlers } from '../api-types';
import { LEGAL_CODE_PRESETS } from '../../shared/domain/legal-code-presets';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CodedError } from '../../shared/coded-error';
import type { InfractionRecord } from '../../shared/api/methods/infractions';
import { writeNoticePdf } from '../fines/notice-pdf';

/** What `fines.*` needs: the store's legal-code catalogue. */
export interface FinesContext {
  store: Pick<ControlRoomStore, 'legalCodes' | 'infractions' | 'audit' | 'db'>;
  /** What the notice needs; absent on a host without an evidence store. */
  notice?: {
    evidenceRoot: string;
    /** Builds (and audits) the signed evidence package; the notice quotes its SHA-256. */
    exportPackage(id: string, actor: string): Promise<{ sha256: string }>;
    cameraName(id: string): string | undefined;
    zoneName?(cameraId: string, zoneId: string): string | undefined;
  };
}

async function evidenceBytes(
  root: string,
  rec: InfractionRecord,
  kinds: readonly string[],
): Promise<Buffer | undefined> {
  const f = kinds
    .map((k) => rec.evidence.find((e) => e.kind === k && e.present && !e.prunedAt))
    .find(Boolean);
  if (!f) return undefined;
  const full = path.resolve(root, f.path);
  if (!full.startsWith(path.resolve(root) + path.sep)) return undefined;
  return readFile(full).catch(() => undefined);
}

export function createFinesHandlers({ store, notice }: FinesContext): DomainHandlers<'fines'> {
  return {
    'fines.notice': async ({ infractionId, locale }, { session }) => {
      if (!notice) throw new CodedError('ui.evidence.noStore', 'this host has no evidence store');
      const rec = store.infractions.get(infractionId);
      if (!rec)
        throw new CodedError('ui.evidence.notFound', `no infraction ${infractionId}`, {
          id: infractionId,
        });
      if (rec.status === 'pending' || rec.status === 'rejected')
        throw new CodedError(
          'fines.error.notValidated',
          `infraction ${infractionId} is ${rec.status}`,
        );
      const pkg = await notice.exportPackage(infractionId, session?.username ?? 'anonymous');
      const pdf = await writeNoticePdf({
        record: rec,
        locale,
        cameraName: notice.cameraName(rec.cameraId) ?? rec.cameraId,
        ...(rec.zoneId
          ? { zoneName: notice.zoneName?.(rec.cameraId, rec.zoneId) ?? rec.zoneId }
          : {}),
        packageSha256: pkg.sha256,
        snapshot: await evidenceBytes(notice.evidenceRoot, rec, ['snapshot']),
        plateCrop: await evidenceBytes(notice.evidenceRoot, rec, ['plate-crop', 'crop']),
      });
      return {
        filename: `notice-${rec.code ?? rec.id}-${locale}.pdf`,
        mime: 'application/pdf' as const,
        base64: pdf.toString('base64'),
        packageSha256: pkg.sha256,
      };
    },
    'fines.verify': ({ code, sha256 }) => {
      const row = store.db
        .prepare('SELECT id FROM infractions WHERE code = ? COLLATE NOCASE')
        .get(code) as { id: string } | undefined;
      const rec = row && store.infractions.get(row.id);
      if (!rec) return { found: false, matches: false };
      const exported = store.audit
        .list({ action: 'evidence.export', target: `infraction:${rec.id}`, limit: 1000 })
        .find((e) => e.details.sha256 === sha256);
      return {
        found: true,
        matches: !!exported,
        infractionId: rec.id,
        status: rec.status,
        ...(exported ? { exportedAt: exported.at, exportedBy: exported.actor } : {}),
      };
    },
    'fines.codes': () => ({
      codes: store.legalCodes.list(),
      presets: (['PE', 'ES'] as const).map((country) => ({
        country,
        label: LEGAL_CODE_PRESETS[country].label,
      })),
    }),
    'fines.saveCode': (p, { session }) => ({
      code: store.legalCodes.save(p, session?.username ?? 'anonymous'),
    }),
    'fines.deleteCode': (p, { session }) => {
      store.legalCodes.remove(p.id, session?.username ?? 'anonymous');
      return { ok: true as const };
    },
    'fines.applyPreset': (p, { session }) => ({
      codes: store.legalCodes.applyPreset(p.country, session?.username ?? 'anonymous'),
    }),
  };
}
