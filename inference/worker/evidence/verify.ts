import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import {
  infractionEventSchema,
  type InfractionEvent,
} from '../../../electron/shared/domain/infraction';
import { verifyChain } from './chain';
import { EVENTS_FILE } from './evidence-writer';
import {
  CHECKPOINTS_FILE,
  checkpointSchema,
  PUBLIC_KEY_FILE,
  publicKeyId,
  verifyCheckpoint,
  type Checkpoint,
} from './signing';

export type EvidenceProblemCode =
  | 'evidence.error.missing'
  | 'evidence.error.size'
  | 'evidence.error.hash'
  | 'evidence.error.eventHash'
  | 'evidence.error.chain'
  | 'evidence.error.parse'
  | 'evidence.error.resealed'
  | 'evidence.error.truncated'
  | 'evidence.error.unsigned'
  | 'evidence.error.signature'
  | 'evidence.error.key';

export interface EvidenceProblem {
  code: EvidenceProblemCode;
  cameraId: string;
  eventId?: string;
  /** Evidence file path relative to the root, for file problems. */
  path?: string;
  /** Line in the camera's events.jsonl (or checkpoints.jsonl), for parse problems. */
  line?: number;
  /** 1-based position of the event in its camera's chain, for event problems. */
  position?: number;
  message: string;
}

/** One camera's chain as verified. */
export interface ChainSummary {
  cameraId: string;
  /** Events in the log. */
  events: number;
  /** Events covered by a valid signed checkpoint whose head matches the log (0: none). */
  signedEvents: number;
  /** Highest event count a valid checkpoint signed (more than `events`: the log was truncated). */
  signedCount: number;
  /** The earliest event in chain order with a problem, and what it is. */
  firstBad?: { eventId: string; position: number; code: EvidenceProblemCode };
}

export interface EvidenceReport {
  ok: boolean;
  cameras: number;
  events: number;
  files: number;
  /** True when every camera's chain is covered by valid signed checkpoints of a trusted key. */
  signed: boolean;
  /** Ids of the public keys the checkpoints were checked against. */
  publicKeyIds: string[];
  /** Valid signed checkpoints found (files and anchors together, counted once). */
  checkpoints: number;
  chains: ChainSummary[];
  problems: EvidenceProblem[];
}

export interface VerifyEvidenceOptions {
  /**
   * Checkpoints kept outside the evidence folder (the local database, the shared server): merged
   * with the folder's own, so deleting `checkpoints.jsonl` together with the log's tail is still
   * caught.
   */
  anchoredCheckpoints?: readonly Checkpoint[];
  /** Public keys (SPKI PEM) recorded outside the folder (the database): trusted, and the folder's key must be one of them. */
  anchoredPublicKeys?: readonly string[];
  /** Only these keys are trusted (an auditor's pinned copy); the folder's own key is not. */
  pinnedPublicKeys?: readonly string[];
  /** Report a chain without signed checkpoints even when no key is known. */
  requireSigned?: boolean;
}

async function hashFile(p: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(p)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * Checks an evidence store written by EvidenceWriter: every camera's event log parses, each
 * event's files exist with the recorded size and SHA-256, each camera's hash chain is intact, and
 * the chain matches the installation's signed checkpoints (`<camera>/checkpoints.jsonl` and the
 * anchored copies given): an edited event, a chain re-sealed without the key, deleted or unsigned
 * events are reported. Every problem names the camera, event and file it concerns; each chain's
 * summary names its first bad event.
 */
export async function verifyEvidenceStore(
  root: string,
  opts: VerifyEvidenceOptions = {},
): Promise<EvidenceReport> {
  const problems: EvidenceProblem[] = [];
  const chains: ChainSummary[] = [];
  let events = 0;
  let files = 0;
  const keys = await trustedKeys(root, opts, problems);
  const anchoredByCamera = new Map<string, Checkpoint[]>();
  for (const cp of opts.anchoredCheckpoints ?? []) {
    const list = anchoredByCamera.get(cp.cameraId) ?? [];
    list.push(cp);
    anchoredByCamera.set(cp.cameraId, list);
  }
  const signingExpected = opts.requireSigned === true || keys.size > 0 || anchoredByCamera.size > 0;
  let validCheckpoints = 0;
  const entries = await readdir(root, { withFileTypes: true });
  const cameras = [
    ...new Set([
      ...entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name),
      ...anchoredByCamera.keys(),
    ]),
  ].sort();
  let camerasWithLog = 0;
  for (const cameraId of cameras) {
    const text = await readOptional(path.join(root, cameraId, EVENTS_FILE));
    // A camera whose log is gone but whose checkpoints remain was truncated to nothing.
    if (
      text === undefined &&
      !anchoredByCamera.has(cameraId) &&
      (await readOptional(path.join(root, cameraId, CHECKPOINTS_FILE))) === undefined
    )
      continue;
    camerasWithLog++;
    const firstProblem = problems.length;
    const parsed: InfractionEvent[] = [];
    const lines = (text ?? '').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i].trim()) continue;
      let ev: InfractionEvent;
      try {
        ev = infractionEventSchema.parse(JSON.parse(lines[i]));
      } catch (e) {
        problems.push({
          code: 'evidence.error.parse',
          cameraId,
          line: i + 1,
          message: `${cameraId}/${EVENTS_FILE} line ${i + 1} is not a valid event: ${(e as Error).message.split('\n')[0].slice(0, 200)}`,
        });
        continue;
      }
      parsed.push(ev);
    }
    events += parsed.length;
    for (const p of verifyChain(parsed).problems)
      problems.push({
        code: p.code,
        cameraId,
        eventId: p.eventId,
        position: p.index + 1,
        message: p.message,
      });
    const sig = await checkSignatures(
      root,
      cameraId,
      parsed,
      anchoredByCamera.get(cameraId) ?? [],
      keys,
      signingExpected,
    );
    problems.push(...sig.problems);
    validCheckpoints += sig.valid;
    for (const [index, ev] of parsed.entries()) {
      for (const f of ev.evidence) {
        files++;
        const full = path.join(root, ...f.path.split('/'));
        if (path.relative(root, full).startsWith('..')) {
          problems.push({
            code: 'evidence.error.missing',
            cameraId,
            eventId: ev.id,
            position: index + 1,
            path: f.path,
            message: `event ${ev.id} points outside the store: ${f.path}`,
          });
          continue;
        }
        let size: number;
        try {
          size = (await stat(full)).size;
        } catch {
          problems.push({
            code: 'evidence.error.missing',
            cameraId,
            eventId: ev.id,
            position: index + 1,
            path: f.path,
            message: `missing ${f.kind} file ${f.path} of event ${ev.id}`,
          });
          continue;
        }
        if (size !== f.bytes) {
          problems.push({
            code: 'evidence.error.size',
            cameraId,
            eventId: ev.id,
            position: index + 1,
            path: f.path,
            message: `${f.kind} file ${f.path} of event ${ev.id} is ${size} bytes, recorded ${f.bytes}`,
          });
          continue;
        }
        if ((await hashFile(full)) !== f.sha256) {
          problems.push({
            code: 'evidence.error.hash',
            cameraId,
            eventId: ev.id,
            position: index + 1,
            path: f.path,
            message: `${f.kind} file ${f.path} of event ${ev.id} was altered (SHA-256 differs from the recorded one)`,
          });
        }
      }
    }
    chains.push({
      cameraId,
      events: parsed.length,
      signedEvents: sig.signedEvents,
      signedCount: sig.signedCount,
      ...firstBadOf(problems.slice(firstProblem)),
    });
  }
  return {
    ok: problems.length === 0,
    cameras: camerasWithLog,
    events,
    files,
    signed: keys.size > 0 && chains.length > 0 && chains.every((c) => c.signedEvents === c.events),
    publicKeyIds: [...keys.keys()],
    checkpoints: validCheckpoints,
    chains,
    problems,
  };
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Severity order among problems at the same position: what was done to the event first. */
const RANK: Partial<Record<EvidenceProblemCode, number>> = {
  'evidence.error.eventHash': 0,
  'evidence.error.resealed': 1,
  'evidence.error.hash': 2,
  'evidence.error.size': 2,
  'evidence.error.missing': 2,
  'evidence.error.chain': 3,
  'evidence.error.truncated': 4,
  'evidence.error.unsigned': 5,
};

function firstBadOf(list: EvidenceProblem[]): Pick<ChainSummary, 'firstBad'> {
  let best: EvidenceProblem | undefined;
  for (const p of list) {
    if (p.position === undefined || p.eventId === undefined) continue;
    if (
      !best ||
      p.position < best.position! ||
      (p.position === best.position && (RANK[p.code] ?? 9) < (RANK[best.code] ?? 9))
    )
      best = p;
  }
  return best
    ? { firstBad: { eventId: best.eventId!, position: best.position!, code: best.code } }
    : {};
}

/**
 * The keys checkpoints are checked against, by id. Pinned keys replace all others; otherwise the
 * folder's `signing-key.pub` and the anchored keys, and a folder key the anchors do not know is
 * itself a problem (someone replaced it to sign their own checkpoints).
 */
async function trustedKeys(
  root: string,
  opts: VerifyEvidenceOptions,
  problems: EvidenceProblem[],
): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  const add = (pem: string, into: Map<string, string>) => {
    try {
      into.set(publicKeyId(pem), pem);
      return true;
    } catch {
      return false;
    }
  };
  const outside = new Map<string, string>();
  for (const pem of opts.pinnedPublicKeys ?? opts.anchoredPublicKeys ?? []) add(pem, outside);
  const filePem = await readOptional(path.join(root, PUBLIC_KEY_FILE));
  const fileKeys = new Map<string, string>();
  if (filePem !== undefined && !add(filePem, fileKeys))
    problems.push({
      code: 'evidence.error.key',
      cameraId: '',
      path: PUBLIC_KEY_FILE,
      message: `${PUBLIC_KEY_FILE} is not a valid public key`,
    });
  const fileId = [...fileKeys.keys()][0];
  if (fileId && outside.size > 0 && !outside.has(fileId))
    problems.push({
      code: 'evidence.error.key',
      cameraId: '',
      path: PUBLIC_KEY_FILE,
      message: `${PUBLIC_KEY_FILE} holds key ${fileId}, which is not the installation's (${[...outside.keys()].join(', ')}): it was replaced`,
    });
  for (const [id, pem] of outside) keys.set(id, pem);
  // The folder's own key counts only when nothing outside the folder names the installation's.
  if (outside.size === 0) for (const [id, pem] of fileKeys) keys.set(id, pem);
  return keys;
}

/**
 * Checks a camera's signed checkpoints against its log: each valid checkpoint's head must be the
 * event at its count (a mismatch means the log was edited and re-sealed without the key, or an
 * event was removed and the chain recomputed), the highest count must not exceed the log
 * (truncation), and every event must be covered by one (events appended without the key).
 */
async function checkSignatures(
  root: string,
  cameraId: string,
  events: readonly InfractionEvent[],
  anchored: readonly Checkpoint[],
  keys: ReadonlyMap<string, string>,
  signingExpected: boolean,
): Promise<{
  problems: EvidenceProblem[];
  valid: number;
  signedEvents: number;
  signedCount: number;
}> {
  const problems: EvidenceProblem[] = [];
  const all: Checkpoint[] = [...anchored];
  const fileName = `${cameraId}/${CHECKPOINTS_FILE}`;
  const text = await readOptional(path.join(root, cameraId, CHECKPOINTS_FILE));
  (text ?? '').split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      all.push(checkpointSchema.parse(JSON.parse(line)));
    } catch {
      problems.push({
        code: 'evidence.error.parse',
        cameraId,
        path: fileName,
        line: i + 1,
        message: `${fileName} line ${i + 1} is not a valid checkpoint`,
      });
    }
  });
  const byCount = new Map<number, Checkpoint>();
  const seen = new Set<string>();
  let forged = 0;
  for (const cp of all) {
    if (cp.cameraId !== cameraId || seen.has(cp.signature)) continue;
    seen.add(cp.signature);
    const verdict = verifyCheckpoint(cp, keys);
    if (verdict !== 'ok') {
      forged++;
      if (forged <= 3)
        problems.push({
          code: 'evidence.error.signature',
          cameraId,
          eventId: cp.eventId,
          message:
            verdict === 'unknown-key'
              ? `checkpoint #${cp.count} of camera ${cameraId} (event ${cp.eventId}) is signed by key ${cp.publicKeyId}, which is not trusted`
              : `checkpoint #${cp.count} of camera ${cameraId} (event ${cp.eventId}) has an invalid signature: it was forged or altered`,
        });
      continue;
    }
    if (!byCount.has(cp.count)) byCount.set(cp.count, cp);
  }
  if (forged > 3)
    problems.push({
      code: 'evidence.error.signature',
      cameraId,
      message: `${forged - 3} more checkpoints of camera ${cameraId} have invalid or untrusted signatures`,
    });
  const valid = [...byCount.values()].sort((a, b) => a.count - b.count);
  const signedCount = valid.at(-1)?.count ?? 0;
  let signedEvents = 0;
  for (const cp of valid) {
    if (cp.count > events.length) break;
    const ev = events[cp.count - 1];
    if (ev.hash !== cp.headHash || ev.id !== cp.eventId) {
      problems.push({
        code: 'evidence.error.resealed',
        cameraId,
        eventId: cp.eventId,
        position: cp.count,
        message:
          ev.id === cp.eventId
            ? `event ${cp.eventId} (#${cp.count} of camera ${cameraId}) differs from what was signed: it was edited and re-sealed without the signing key`
            : `event #${cp.count} of camera ${cameraId} should be ${cp.eventId} as signed, found ${ev.id}: events were removed, inserted or re-sealed without the signing key`,
      });
      break;
    }
    signedEvents = cp.count;
  }
  if (signedCount > events.length) {
    const firstMissing = byCount.get(events.length + 1);
    problems.push({
      code: 'evidence.error.truncated',
      cameraId,
      eventId: firstMissing?.eventId ?? valid.at(-1)!.eventId,
      position: events.length + 1,
      message: `camera ${cameraId} holds ${events.length} event(s) but ${signedCount} were signed: events ${events.length + 1}..${signedCount} were deleted${firstMissing ? ` (first missing: ${firstMissing.eventId})` : ''}`,
    });
  } else if (signingExpected && signedEvents === signedCount && events.length > signedCount) {
    const first = events[signedCount];
    problems.push({
      code: 'evidence.error.unsigned',
      cameraId,
      eventId: first.id,
      position: signedCount + 1,
      message: `event ${first.id} (#${signedCount + 1} of camera ${cameraId}) and the ${events.length - signedCount - 1} after it are not covered by a signed checkpoint (added without the signing key, or not yet signed)`,
    });
  }
  return { problems, valid: valid.length, signedEvents, signedCount };
}
