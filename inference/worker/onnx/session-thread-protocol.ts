import type { InferenceSettings } from '../../../electron/shared/protocol/worker-protocol';
import type { OutputTensor } from '../../vision/detect/decoders';
import type { ProviderName } from './session';
import type { ProviderReasonCode, ProviderSkip } from './provider-plan';

/** What a session thread is started with. */
export interface SessionThreadInit {
  modelPath: string;
  settings: InferenceSettings;
  trtCacheDir?: string;
  /** Provider failures the process already knows (each thread has its own module state). */
  knownFailures: Array<[string, ProviderSkip]>;
}

/** Engine → session thread. Input buffers are moved (transfer list), never copied. */
export type SessionThreadRequest =
  | { type: 'run'; id: number; inputName: string; input: Float32Array; dims: number[] }
  | { type: 'bare'; id: number; inputName: string; dims: number[]; runs: number }
  | { type: 'release' };

/** Session thread → engine. Output and input buffers come back moved as well. */
export type SessionThreadReply =
  | { type: 'attempt'; provider: ProviderName }
  | {
      type: 'opened';
      provider: ProviderName;
      providerNote?: string;
      providerReasonCode?: ProviderReasonCode;
      skipped: ProviderSkip[];
      knownFailures: Array<[string, ProviderSkip]>;
    }
  | {
      type: 'open-failed';
      code: string;
      message: string;
      knownFailures: Array<[string, ProviderSkip]>;
    }
  | {
      type: 'ran';
      id: number;
      outputs: Record<string, OutputTensor>;
      input: Float32Array;
      runMs: number;
    }
  | { type: 'run-failed'; id: number; message: string; input?: Float32Array }
  | { type: 'bared'; id: number; ms: number }
  | { type: 'released' };

/**
 * The distinct buffers behind a reply's tensors, for the transfer list (a buffer listed twice, or
 * one already moved, makes postMessage throw).
 */
export function transferList(arrays: Iterable<ArrayBufferView>): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  for (const a of arrays) {
    const buf = a.buffer;
    if (buf instanceof ArrayBuffer && buf.byteLength > 0) seen.add(buf);
  }
  return [...seen];
}
