import { appendFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { infractionEventSchema, type InfractionEvent } from '../../shared/domain/infraction';
import { eventHash, GENESIS_HASH } from '../../../inference/worker/evidence/chain';
import { EVENTS_FILE } from '../../../inference/worker/evidence/evidence-writer';
import { writeFileAtomic } from '../../../inference/worker/evidence/atomic';
import {
  CHECKPOINTS_FILE,
  EvidenceSigningKey,
  generateSigningKey,
  PUBLIC_KEY_FILE,
  type Checkpoint,
} from '../../../inference/worker/evidence/signing';
import { SIGNING_KEY_STATE } from '../store/checkpoints';
import type { ControlRoomStore } from '../store/store';

/**
 * The installation's Ed25519 evidence key, created on first use. The private key is kept only
 * sealed by the store's SecretBox (key file under `serve`, safeStorage under Electron) in the
 * local database and lives unsealed only in this process's memory; the public key is recorded in
 * the database (synced to the shared server) and written beside the evidence as signing-key.pub.
 */
export function openSigningKey(store: ControlRoomStore): EvidenceSigningKey {
  const sealed = store.getState(SIGNING_KEY_STATE);
  let key: EvidenceSigningKey;
  if (sealed) {
    key = new EvidenceSigningKey(store.secretBox.decrypt(sealed));
  } else {
    const pair = generateSigningKey();
    key = new EvidenceSigningKey(pair.privateKeyPem);
    store.tx(() => {
      store.setState(SIGNING_KEY_STATE, store.secretBox.encrypt(pair.privateKeyPem));
      store.audit.append('system', 'evidence.signingKeyCreated', `key:${key.keyId}`, {
        keyId: key.keyId,
      });
    });
  }
  store.checkpoints.addKey(key.keyId, key.publicKeyPem);
  return key;
}

export interface EvidenceSignerLog {
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Signs a checkpoint of a camera's chain head after every sealed event. The host signs rather
 * than the worker: every sealed event reaches the host, so the private key never leaves this
 * process (workers decode untrusted streams and never hold it). Each checkpoint is stored in the
 * database (and so on the shared server) and appended to `<camera>/checkpoints.jsonl`.
 */
export class EvidenceSigner {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    readonly key: EvidenceSigningKey,
    private readonly store: ControlRoomStore,
    readonly evidenceRoot: string,
    private readonly log: EvidenceSignerLog,
    private readonly now: () => number = Date.now,
  ) {}

  static open(
    store: ControlRoomStore,
    evidenceRoot: string,
    log: EvidenceSignerLog,
  ): EvidenceSigner {
    const signer = new EvidenceSigner(openSigningKey(store), store, evidenceRoot, log);
    signer.writePublicKey();
    return signer;
  }

  /** signing-key.pub at the evidence root, (re)written when missing or not this key. */
  writePublicKey(): void {
    const file = path.join(this.evidenceRoot, PUBLIC_KEY_FILE);
    if (existsSync(file) && readFileSync(file, 'utf8') === this.key.publicKeyPem) return;
    void writeFileAtomic(file, this.key.publicKeyPem).catch((e: unknown) =>
      this.log.error('cannot write the evidence public key', { file, error: String(e) }),
    );
  }

  /** A sealed event from a worker: signs the new head of its camera's chain (in order per camera). */
  sealed(event: InfractionEvent): Promise<void> {
    return this.enqueue(event.cameraId, () => this.signEvent(event));
  }

  /**
   * Signs what a camera's log holds past its last checkpoint (events sealed while the host was
   * not running, or by a version before signing), as long as the log still matches that
   * checkpoint and its chain is intact; otherwise nothing is signed and the divergence is logged.
   */
  catchUp(cameraId: string): Promise<number> {
    return this.enqueue(cameraId, () => this.catchUpNow(cameraId));
  }

  /** catchUp for every camera folder under the evidence root. */
  async catchUpAll(): Promise<number> {
    const names = await readdir(this.evidenceRoot, { withFileTypes: true }).catch(() => []);
    let n = 0;
    for (const d of names)
      if (d.isDirectory() && /^[A-Za-z0-9_-]+$/.test(d.name)) n += await this.catchUp(d.name);
    return n;
  }

  /** Resolves once everything queued so far is signed. */
  async idle(): Promise<void> {
    await Promise.all([...this.queues.values()]);
  }

  private enqueue<T>(cameraId: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(cameraId) ?? Promise.resolve()).then(fn);
    this.queues.set(
      cameraId,
      run.catch(() => undefined),
    );
    return run;
  }

  private async signEvent(event: InfractionEvent): Promise<void> {
    if (!this.store.db.open) return;
    const head = this.store.checkpoints.latest(event.cameraId);
    if (head?.headHash === event.hash) return;
    const follows = head
      ? event.prevHash === head.headHash
      : event.prevHash === GENESIS_HASH || event.prevHash === '';
    if (follows && eventHash(event) === event.hash) {
      await this.sign(event.cameraId, (head?.count ?? 0) + 1, event);
      return;
    }
    // Not the next link of what was signed (events the host missed): read the log itself.
    await this.catchUpNow(event.cameraId);
  }

  private async catchUpNow(cameraId: string): Promise<number> {
    if (!this.store.db.open) return 0;
    let text: string;
    try {
      text = await readFile(path.join(this.evidenceRoot, cameraId, EVENTS_FILE), 'utf8');
    } catch {
      return 0;
    }
    const events: InfractionEvent[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        events.push(infractionEventSchema.parse(JSON.parse(line)));
      } catch {
        // a torn or foreign line: verify-evidence reports it
      }
    }
    const head = this.store.checkpoints.latest(cameraId);
    const start = head?.count ?? 0;
    if (head && events[start - 1]?.hash !== head.headHash) {
      this.log.error('evidence log no longer matches its signed head; not signing it', {
        cameraId,
        signedCount: head.count,
        events: events.length,
      });
      return 0;
    }
    let prev = head?.headHash ?? GENESIS_HASH;
    let signed = 0;
    for (let i = start; i < events.length; i++) {
      const ev = events[i];
      const linked = ev.prevHash === prev || (i === 0 && ev.prevHash === '');
      if (!linked || eventHash(ev) !== ev.hash) {
        this.log.error('evidence chain is broken; events after it are not signed', {
          cameraId,
          eventId: ev.id,
          position: i + 1,
        });
        break;
      }
      await this.sign(cameraId, i + 1, ev);
      prev = ev.hash;
      signed++;
    }
    if (signed && head === undefined && events.length > 1)
      this.log.warn('signed an evidence chain that had no checkpoints yet', {
        cameraId,
        events: signed,
      });
    return signed;
  }

  private async sign(cameraId: string, count: number, event: InfractionEvent): Promise<void> {
    const cp: Checkpoint = this.key.checkpoint({
      cameraId,
      count,
      headHash: event.hash,
      eventId: event.id,
      signedAt: this.now(),
    });
    if (!this.store.checkpoints.add(cp)) return;
    const dir = path.join(this.evidenceRoot, cameraId);
    await mkdir(dir, { recursive: true });
    await appendFile(path.join(dir, CHECKPOINTS_FILE), `${JSON.stringify(cp)}\n`);
  }
}
