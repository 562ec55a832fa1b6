import type { ControlRoomStore } from '../store/store';
import type { DomainHandlers } from '../api-types';
import { LEGAL_CODE_PRESETS } from '../../shared/domain/legal-code-presets';

/** What `fines.*` needs: the store's legal-code catalogue. */
export interface FinesContext {
  store: Pick<ControlRoomStore, 'legalCodes'>;
}

export function createFinesHandlers({ store }: FinesContext): DomainHandlers<'fines'> {
  return {
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
