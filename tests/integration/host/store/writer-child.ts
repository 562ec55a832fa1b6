// Child process for crash.test.ts: writes a stream of infractions, decisions and events into a
// store until it is killed. Prints "ready" once the first batch committed.
import path from 'node:path';
import { KeyFileSecretBox } from '../../../../electron/host/secrets/key-file-secret-box';
import { BatchWriter } from '../../../../electron/host/store/batch-writer';
import { ReviewService } from '../../../../electron/host/store/review';
import { ControlRoomStore } from '../../../../electron/host/store/store';
import { mulberry32, syntheticInfraction } from '../../../../tools/synth/synthetic-infractions';

const dir = process.argv[2];
const store = ControlRoomStore.open({
  file: path.join(dir, 'watcher.db'),
  secretBox: KeyFileSecretBox.open(path.join(dir, 'secret.key')),
  evidenceRoot: path.join(dir, 'evidence'),
});
const writer = new BatchWriter(store, { intervalMs: 5 }).start();
const review = new ReviewService(store);
const rng = mulberry32(Number(process.argv[3] ?? 1));
let n = 0;
let announced = false;
setInterval(() => {
  for (let i = 0; i < 50; i++) {
    const e = syntheticInfraction(rng, { occurredAt: Date.now() });
    writer.infraction(e);
    for (let k = 0; k < 20; k++)
      writer.event({ ts: Date.now(), cameraId: e.cameraId, kind: 'detection', trackId: k });
    n++;
  }
  const pending = review.list({ status: ['pending'], limit: 5 }).items;
  for (const p of pending)
    review.decide(p.id, { action: 'validate', expectedVersion: p.version }, { name: 'op' });
  if (!announced && n >= 200) {
    announced = true;
    process.stdout.write('ready\n');
  }
}, 2);
