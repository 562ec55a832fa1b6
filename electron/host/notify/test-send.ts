import { randomUUID } from 'node:crypto';
import type { Locale } from '../../shared/i18n';
import { senders, type ChannelTarget } from './channels';
import { toNotifyError } from './errors';
import { testEvent } from './notify-event';

export interface TestSendResult {
  ok: boolean;
  code?: string;
  message?: string;
  /** Params of the code's translation (host, status…). */
  params?: Record<string, string | number>;
  ms: number;
}

/**
 * One test event through a channel now, with the same sender the outbox uses (not through the
 * outbox): ok, or the exact failure class as an i18n code.
 */
export async function testSend(
  target: ChannelTarget,
  opts: { locale?: Locale; timeoutMs?: number; ca?: string; now?: () => number } = {},
): Promise<TestSendResult> {
  const now = opts.now ?? Date.now;
  const started = performance.now();
  const id = randomUUID();
  try {
    await senders[target.settings.kind](target, {
      deliveryId: `test-${id}`,
      event: testEvent(id, now()),
      locale: opts.locale ?? 'es',
      now,
      timeoutMs: opts.timeoutMs ?? 15_000,
      ca: opts.ca,
    });
    return { ok: true, ms: performance.now() - started };
  } catch (raw) {
    const err = toNotifyError(raw);
    return {
      ok: false,
      code: err.code,
      message: err.message,
      params: err.params,
      ms: performance.now() - started,
    };
  }
}
