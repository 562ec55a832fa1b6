import type {
  ConnectionHost,
  ConnectionSink,
} from '../../../../electron/host/connections/connection';
import type { ConnectionContext } from '../../../../electron/host/api-types';
import { Logger } from '../../../../electron/host/logging/logger';
import type {
  EventEnvelope,
  ResponseEnvelope,
  ServerMessage,
} from '../../../../electron/shared/api/envelope';

export const logger = new Logger({ console: false });

export const event = (topic: string, payload: unknown = {}): EventEnvelope => ({
  kind: 'event',
  topic,
  payload,
});

export type FakeHost = ConnectionHost & { publish(e: EventEnvelope): void; subscribers(): number };

/**
 * A host stand-in: publish() reaches every subscriber; handle() records each request and answers
 * through `answer` when it gives a reply, else echoes the request id with a null result.
 */
export function fakeHost(
  snapshot: EventEnvelope[] = [],
  answer?: (raw: unknown, ctx: ConnectionContext) => Promise<ResponseEnvelope | undefined>,
) {
  const listeners = new Set<(e: EventEnvelope) => void>();
  const calls: Array<{ raw: unknown; ctx: ConnectionContext }> = [];
  const host: FakeHost = {
    onEvent(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    snapshotEvents: () => snapshot,
    async handle(raw, ctx) {
      calls.push({ raw, ctx });
      const answered = await answer?.(raw, ctx);
      if (answered) return answered;
      const id = typeof raw === 'string' ? (JSON.parse(raw) as { id: number }).id : 0;
      return { kind: 'response', id, ok: true, result: null } as ResponseEnvelope;
    },
    publish: (e) => listeners.forEach((l) => l(e)),
    subscribers: () => listeners.size,
  };
  return { host, calls };
}

export const topicOf = (m: ServerMessage) => (m.kind === 'event' ? m.topic : `response:${m.id}`);

/** A transport stand-in that records what it is sent; its backlog is whatever the test sets. */
export function fakeSink() {
  const sent: ServerMessage[] = [];
  let closes = 0;
  const sink: ConnectionSink & { backlog: number } = {
    backlog: 0,
    send: (m) => void sent.push(m),
    bufferedBytes: () => sink.backlog,
    close: () => void closes++,
  };
  return {
    sink,
    sent,
    closes: () => closes,
    /** Event topics and `response:<id>`, in order. */
    topics: () => sent.map(topicOf),
    /** Event topics only, in order. */
    eventTopics: () => sent.filter((m) => m.kind === 'event').map((m) => m.topic),
    clear: () => sent.splice(0),
  };
}
