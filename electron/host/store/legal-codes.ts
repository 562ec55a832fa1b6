import { CodedError } from '../../shared/coded-error';
import type { LegalCode } from '../../shared/domain/fine-lifecycle';
import { LEGAL_CODE_PRESETS } from '../../shared/domain/legal-code-presets';
import type { StoreCore } from './store-core';

interface LegalCodeRow {
  id: string;
  country: string;
  infraction_type: string;
  code: string;
  description_es: string;
  description_en: string;
  amount: number;
  currency: string;
  points: number;
  min_excess_kmh: number | null;
  updated_by: string;
  updated_at: number;
  origin: string;
  deleted: number;
}

const toCode = (r: LegalCodeRow): LegalCode => ({
  id: r.id,
  country: r.country,
  infractionType: r.infraction_type,
  code: r.code,
  descriptionEs: r.description_es,
  descriptionEn: r.description_en,
  amount: r.amount,
  currency: r.currency,
  points: r.points,
  ...(r.min_excess_kmh !== null ? { minExcessKmh: r.min_excess_kmh } : {}),
});

/**
 * The catalogue of legal codes a validated case takes its code, amount and points from. Edited
 * by administrators (every change audited); a country preset replaces the whole catalogue.
 */
export class LegalCodeRepo {
  constructor(private readonly store: StoreCore) {}

  list(): LegalCode[] {
    return (
      this.store.db
        .prepare(
          'SELECT * FROM legal_codes WHERE deleted = 0 ORDER BY infraction_type, min_excess_kmh, code',
        )
        .all() as LegalCodeRow[]
    ).map(toCode);
  }

  save(c: LegalCode, actor: string): LegalCode {
    return this.store.tx(() => {
      const before = this.store.db
        .prepare('SELECT id FROM legal_codes WHERE id = ? AND deleted = 0')
        .get(c.id);
      this.write(c, actor);
      this.store.audit.append(
        actor,
        before ? 'fines.code.update' : 'fines.code.create',
        `legal-code:${c.id}`,
        {
          code: c.code,
          type: c.infractionType,
          amount: c.amount,
          currency: c.currency,
          points: c.points,
        },
      );
      return c;
    });
  }

  remove(id: string, actor: string): void {
    this.store.tx(() => {
      const r = this.store.db
        .prepare(
          'UPDATE legal_codes SET deleted = 1, updated_by = ?, updated_at = ?, origin = ? WHERE id = ? AND deleted = 0',
        )
        .run(actor, this.store.now(), this.store.hostId, id);
      if (r.changes === 0)
        throw new CodedError('store.error.notFound', `legal code ${id} not found`, { id });
      this.store.audit.append(actor, 'fines.code.delete', `legal-code:${id}`, {});
      this.store.enqueue('legal_code', id);
    });
  }

  /** Replaces the catalogue with a country's preset. */
  applyPreset(country: keyof typeof LEGAL_CODE_PRESETS, actor: string): LegalCode[] {
    const preset = LEGAL_CODE_PRESETS[country];
    return this.store.tx(() => {
      // The codes the preset does not hold become tombstones, so other workstations drop them too.
      const keep = new Set(preset.codes.map((c) => c.id));
      const live = this.store.db
        .prepare('SELECT id FROM legal_codes WHERE deleted = 0')
        .all() as Array<{ id: string }>;
      const drop = this.store.db.prepare(
        'UPDATE legal_codes SET deleted = 1, updated_by = ?, updated_at = ?, origin = ? WHERE id = ?',
      );
      for (const { id } of live.filter((r) => !keep.has(r.id))) {
        drop.run(actor, this.store.now(), this.store.hostId, id);
        this.store.enqueue('legal_code', id);
      }
      for (const c of preset.codes) this.write(c, actor);
      this.store.audit.append(actor, 'fines.preset', `legal-codes:${country}`, {
        country,
        codes: preset.codes.length,
      });
      return this.list();
    });
  }

  private write(c: LegalCode, actor: string): void {
    this.store.db
      .prepare(
        `INSERT INTO legal_codes (id, country, infraction_type, code, description_es, description_en, amount,
           currency, points, min_excess_kmh, updated_by, updated_at, origin, deleted)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
         ON CONFLICT(id) DO UPDATE SET country = excluded.country, infraction_type = excluded.infraction_type,
           code = excluded.code, description_es = excluded.description_es, description_en = excluded.description_en,
           amount = excluded.amount, currency = excluded.currency, points = excluded.points,
           min_excess_kmh = excluded.min_excess_kmh, updated_by = excluded.updated_by, updated_at = excluded.updated_at,
           origin = excluded.origin, deleted = 0`,
      )
      .run(
        c.id,
        c.country,
        c.infractionType,
        c.code,
        c.descriptionEs,
        c.descriptionEn,
        c.amount,
        c.currency,
        c.points,
        c.minExcessKmh ?? null,
        actor,
        this.store.now(),
        this.store.hostId,
      );
    this.store.enqueue('legal_code', c.id);
  }
}
