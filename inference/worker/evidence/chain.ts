import { createHash } from 'node:crypto';
import type { InfractionEvent } from '../../../electron/shared/domain/infraction';
import { canonicalJson } from '../../vision/scene/canonical-json';

/** prevHash of a camera's first event. An empty string is accepted too when verifying. */
export const GENESIS_HASH = '0'.repeat(64);

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 hex of the canonical JSON of the event without its `hash` (prevHash included). */
export function eventHash(event: Omit<InfractionEvent, 'hash'> & { hash?: string }): string {
  const { hash: _omit, ...rest } = event;
  return sha256Hex(canonicalJson(rest));
}

/** Links an event after `prevHash` and computes its hash. */
export function sealEvent(
  event: Omit<InfractionEvent, 'prevHash' | 'hash'>,
  prevHash: string,
): InfractionEvent {
  const linked = { ...event, prevHash };
  return { ...linked, hash: eventHash(linked) };
}

export interface ChainProblem {
  code: 'evidence.error.eventHash' | 'evidence.error.chain';
  cameraId: string;
  eventId: string;
  /** Position of the event in the list given. */
  index: number;
  message: string;
}

/**
 * Verifies hash chains, one per camera, in the order given: each event's hash must match its
 * content, and its prevHash must be the previous event's hash for that camera (the first one:
 * GENESIS_HASH or ""). A removed, inserted, reordered or edited event breaks it.
 */
export function verifyChain(events: readonly InfractionEvent[]): {
  ok: boolean;
  problems: ChainProblem[];
} {
  const problems: ChainProblem[] = [];
  const last = new Map<string, string>();
  events.forEach((e, index) => {
    const expectedPrev = last.get(e.cameraId);
    const recomputed = eventHash(e);
    if (recomputed !== e.hash) {
      problems.push({
        code: 'evidence.error.eventHash',
        cameraId: e.cameraId,
        eventId: e.id,
        index,
        message: `event ${e.id} was altered: its content hashes to ${recomputed.slice(0, 12)}…, recorded ${String(e.hash).slice(0, 12)}…`,
      });
    }
    const prevOk =
      expectedPrev === undefined
        ? e.prevHash === GENESIS_HASH || e.prevHash === ''
        : e.prevHash === expectedPrev;
    if (!prevOk) {
      problems.push({
        code: 'evidence.error.chain',
        cameraId: e.cameraId,
        eventId: e.id,
        index,
        message:
          expectedPrev === undefined
            ? `event ${e.id} is first for camera ${e.cameraId} but links to ${e.prevHash.slice(0, 12)}… (events before it are missing)`
            : `event ${e.id} does not follow the previous event of camera ${e.cameraId} (an event was removed, inserted or reordered)`,
      });
    }
    last.set(e.cameraId, e.hash);
  });
  return { ok: problems.length === 0, problems };
}
