import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { CodedError } from '../../../electron/shared/coded-error';
import { knownProviderFailures, openSession, rememberProviderFailures } from './session';
import { bareTensor, outputTensors } from './session-runner';
import {
  transferList,
  type SessionThreadInit,
  type SessionThreadReply,
  type SessionThreadRequest,
} from './session-thread-protocol';

/**
 * A session thread: owns one ONNX Runtime session so that its synchronous `session.run` blocks
 * this thread, not the worker's, where the frames are read, letterboxed into tensors, decoded
 * and tracked. Requests are served one at a time, in order.
 */
const port = parentPort;
if (!port) throw new Error('session-thread-main runs as a worker thread');
const init = workerData as SessionThreadInit;
const post = (reply: SessionThreadReply, transfer: ArrayBuffer[] = []): void =>
  port.postMessage(reply, transfer);

rememberProviderFailures(init.knownFailures);
let session: ort.InferenceSession | undefined;
const bareTensors = new Map<string, ort.Tensor>();
let queue: Promise<void> = Promise.resolve();

async function serve(req: SessionThreadRequest): Promise<void> {
  if (req.type === 'release') {
    await session?.release();
    session = undefined;
    post({ type: 'released' });
    port!.close();
    return;
  }
  if (!session) {
    post({ type: 'run-failed', id: req.id, message: 'session released' });
    return;
  }
  if (req.type === 'bare') {
    const feeds = { [req.inputName]: bareTensor(bareTensors, req.dims) };
    const t0 = performance.now();
    try {
      for (let i = 0; i < req.runs; i++) await session.run(feeds);
      post({ type: 'bared', id: req.id, ms: performance.now() - t0 });
    } catch (err) {
      post({ type: 'run-failed', id: req.id, message: (err as Error).message });
    }
    return;
  }
  const t0 = performance.now();
  try {
    const raw = await session.run({
      [req.inputName]: new ort.Tensor('float32', req.input, req.dims),
    });
    const runMs = performance.now() - t0;
    const outputs = outputTensors(raw);
    const arrays = [req.input, ...Object.values(outputs).map((o) => o.data)];
    post({ type: 'ran', id: req.id, outputs, input: req.input, runMs }, transferList(arrays));
  } catch (err) {
    post(
      { type: 'run-failed', id: req.id, message: (err as Error).message, input: req.input },
      transferList([req.input]),
    );
  }
}

async function open(): Promise<void> {
  try {
    const opened = await openSession(init.modelPath, init.settings, {
      trtCacheDir: init.trtCacheDir,
      onAttempt: (provider) => post({ type: 'attempt', provider }),
    });
    session = opened.session;
    post({
      type: 'opened',
      provider: opened.provider,
      providerNote: opened.providerNote,
      providerReasonCode: opened.providerReasonCode,
      skipped: opened.skipped,
      knownFailures: knownProviderFailures(),
    });
  } catch (err) {
    post({
      type: 'open-failed',
      code: err instanceof CodedError ? err.code : 'inference.session.failed',
      message: (err as Error).message,
      knownFailures: knownProviderFailures(),
    });
    port!.close();
  }
}

queue = open();
port.on('message', (req: SessionThreadRequest) => {
  queue = queue.then(() => serve(req));
});
