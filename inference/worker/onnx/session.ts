import { CodedError } from '../../../electron/shared/coded-error';
import * as ort from 'onnxruntime-node';
import type { InferenceSettings } from '../../../electron/shared/protocol/worker-protocol';

export const PROVIDER_ORDER = ['cuda', 'tensorrt', 'webgpu', 'cpu'] as const;
export type ProviderName = (typeof PROVIDER_ORDER)[number];

export interface OpenedSession {
  session: ort.InferenceSession;
  provider: ProviderName;
  /** Why providers above the chosen one were skipped; undefined when the preferred one started. */
  providerNote?: string;
}

/**
 * Opens an ONNX Runtime session on the preferred execution provider, falling back down
 * cuda → tensorrt → webgpu → cpu when one cannot start (missing CUDA libraries, no GPU adapter).
 * Each provider is tried alone so ORT's silent CPU fallback cannot hide a failure.
 */
export async function openSession(
  modelPath: string,
  settings: InferenceSettings,
): Promise<OpenedSession> {
  const start = Math.max(0, PROVIDER_ORDER.indexOf(settings.provider));
  // ORT's process-wide logger prints every failed provider probe as an error on stderr; the reason
  // is reported in the camera status instead (providerNote), and load/run failures are thrown.
  ort.env.logLevel = 'fatal';
  const failures: string[] = [];
  for (const provider of PROVIDER_ORDER.slice(start)) {
    try {
      const session = await ort.InferenceSession.create(modelPath, {
        executionProviders: [provider],
        // 0 lets ORT pick; the binding rejects undefined, so the keys are only set when chosen.
        ...(settings.intraOpThreads ? { intraOpNumThreads: settings.intraOpThreads } : {}),
        ...(settings.interOpThreads ? { interOpNumThreads: settings.interOpThreads } : {}),
        graphOptimizationLevel: 'all',
        // Provider probing logs ORT errors we already report; keep stderr for real failures.
        logSeverityLevel: 4,
      });
      return {
        session,
        provider,
        providerNote: failures.length ? `${failures.join('; ')}; using ${provider}` : undefined,
      };
    } catch (err) {
      const msg = firstLine(err);
      if (provider === 'cpu') {
        throw new CodedError(
          'inference.session.failed',
          `ONNX Runtime could not load the model: ${msg}${failures.length ? ` (also: ${failures.join('; ')})` : ''}`,
        );
      }
      failures.push(`${provider} unavailable: ${msg}`);
    }
  }
  throw new CodedError('inference.session.failed', 'no execution provider');
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  // ORT messages carry source paths and lambdas; the last clause says what happened.
  const line = text.split('\n')[0];
  const tail = line.split(/ \[ONNXRuntimeError\] : \d+ : \w+ : |was false\. /).pop() ?? line;
  return tail.length > 240 ? `${tail.slice(0, 240)}…` : tail;
}
