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

export type EvidenceProblemCode =
  | 'evidence.error.missing'
  | 'evidence.error.size'
  | 'evidence.error.hash'
  | 'evidence.error.eventHash'
  | 'evidence.error.chain'
  | 'evidence.error.parse';

export interface EvidenceProblem {
  code: EvidenceProblemCode;
  cameraId: string;
  eventId?: string;
  /** Evidence file path relative to the root, for file problems. */
  path?: string;
  /** Line in the camera's events.jsonl, for parse problems. */
  line?: number;
  message: string;
}

export interface EvidenceReport {
  ok: boolean;
  cameras: number;
  events: number;
  files: number;
  problems: EvidenceProblem[];
}

async function hashFile(p: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(p)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * Checks an evidence store written by EvidenceWriter: every camera's event log parses, each
 * event's files exist with the recorded size and SHA-256, and each camera's hash chain is intact.
 * Every problem names the camera, event and file it concerns.
 */
export async function verifyEvidenceStore(root: string): Promise<EvidenceReport> {
  const problems: EvidenceProblem[] = [];
  let events = 0;
  let files = 0;
  const entries = await readdir(root, { withFileTypes: true });
  const cameras = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  let camerasWithLog = 0;
  for (const cameraId of cameras) {
    let text: string;
    try {
      text = await readFile(path.join(root, cameraId, EVENTS_FILE), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    camerasWithLog++;
    const parsed: InfractionEvent[] = [];
    const lines = text.split('\n');
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
      problems.push({ code: p.code, cameraId, eventId: p.eventId, message: p.message });
    for (const ev of parsed) {
      for (const f of ev.evidence) {
        files++;
        const full = path.join(root, ...f.path.split('/'));
        if (path.relative(root, full).startsWith('..')) {
          problems.push({
            code: 'evidence.error.missing',
            cameraId,
            eventId: ev.id,
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
            path: f.path,
            message: `${f.kind} file ${f.path} of event ${ev.id} was altered (SHA-256 differs from the recorded one)`,
          });
        }
      }
    }
  }
  return { ok: problems.length === 0, cameras: camerasWithLog, events, files, problems };
}
