import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type {
  EvidenceFile,
  InfractionEvent,
  InfractionType,
} from '../../electron/shared/domain/infraction';
import { GENESIS_HASH, canonicalJson, sha256Hex } from '../../electron/host/store/canonical';

/**
 * Synthetic infractions for benchmarks and tests of the store and sync: realistic shapes and
 * value spreads (types, cameras, repeat plates, speeds), deterministic for a given seed.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES: InfractionType[] = [
  'speed',
  'speed',
  'speed',
  'wrong-way',
  'red-light',
  'lane-invasion',
  'zone-intrusion',
  'ppe',
];
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

export interface SyntheticOptions {
  occurredAt: number;
  cameras?: number;
  /** Distinct plates to draw from: fewer plates, more repeat offenders. */
  plates?: number;
  evidence?: EvidenceFile[];
  id?: string;
}

export function syntheticInfraction(rng: () => number, o: SyntheticOptions): InfractionEvent {
  const type = TYPES[Math.floor(rng() * TYPES.length)];
  const traffic = type !== 'zone-intrusion' && type !== 'ppe';
  const cam = Math.floor(rng() * (o.cameras ?? 8));
  const plateN = Math.floor(rng() * (o.plates ?? 50_000));
  const plate =
    LETTERS[plateN % 23] +
    LETTERS[Math.floor(plateN / 23) % 23] +
    LETTERS[Math.floor(plateN / 529) % 23] +
    '-' +
    String(plateN % 1000).padStart(3, '0');
  const limit = 60;
  const measured: Record<string, number> =
    type === 'speed'
      ? { speedKmh: limit + 1 + rng() * 50, limitKmh: limit }
      : type === 'zone-intrusion'
        ? { dwellSec: rng() * 30 }
        : {};
  const body = {
    id: o.id ?? randomUUID(),
    type,
    category: traffic ? ('traffic' as const) : ('safety' as const),
    cameraId: `cam-${cam}`,
    zoneId:
      type === 'zone-intrusion' || type === 'lane-invasion'
        ? `zone-${cam}-${Math.floor(rng() * 3)}`
        : undefined,
    ruleId: `rule-${type}`,
    ruleVersion: 1,
    calibrationVersion: type === 'speed' ? 1 : undefined,
    occurredAt: o.occurredAt,
    trackId: Math.floor(rng() * 100_000),
    classLabel: traffic ? 'car' : 'person',
    measured,
    direction: type === 'wrong-way' ? 'southbound' : undefined,
    confidence: 0.5 + rng() * 0.5,
    box: { x1: 100, y1: 120, x2: 260, y2: 240 },
    evidence: o.evidence ?? [],
    plate: traffic
      ? {
          text: plate,
          rawText: plate.replace('-', ''),
          confidence: 0.6 + rng() * 0.4,
          country: 'PE',
        }
      : undefined,
    prevHash: GENESIS_HASH,
  };
  return { ...body, hash: sha256Hex(body.prevHash + canonicalJson(body)) };
}

/** Writes a pseudo-random evidence file under root and returns its EvidenceFile record. */
export function writeSyntheticEvidence(
  root: string,
  relPath: string,
  bytes: number,
  seed: number,
  kind: EvidenceFile['kind'] = 'clip',
): EvidenceFile {
  const rng = mulberry32(seed);
  const buf = Buffer.allocUnsafe(bytes);
  for (let i = 0; i < bytes; i += 4)
    buf.writeUInt32LE(Math.floor(rng() * 0x1_0000_0000), Math.min(i, bytes - 4));
  const full = path.join(root, relPath);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, buf);
  return {
    kind,
    path: relPath,
    sha256: createHash('sha256').update(buf).digest('hex'),
    bytes,
    mime: kind === 'clip' ? 'video/mp4' : 'image/jpeg',
  };
}
