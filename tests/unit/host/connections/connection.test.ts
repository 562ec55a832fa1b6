import { describe, expect, it } from 'vitest';
import {
  approximateBytes,
  Connection,
  StallAwareSink,
  type ConnectionHost,
  type ConnectionSink,
} from '../../../../electron/host/connections/connection';
import type { Session } from '../../../../electron/host/auth/auth-service';
import type { ServerMessage } from '../../../../electron/shared/api/envelope';
import { event, fakeHost, fakeSink, logger, topicOf } from './fakes';

const preview = (cameraId = 'cam-1') =>
  event('camera.preview', { cameraId, frameId: 1, jpeg: new Uint8Array(1000) });

let ids = 0;
function connect(host: ConnectionHost, sink: ConnectionSink, now?: () => number) {
  return new Connection({
    host,
    context: { connectionId: `c${++ids}`, transport: 'ws' },
    sink,
    logger,
    policy: { dropAboveBytes: 100, closeAboveBytes: 10_000, closeAfterBehindMs: 1000 },
    resolveSession: (token) =>
      token === 'good' ? ({ username: 'ana' } as unknown as Session) : undefined,
    now,
  }).open();
}

describe('Connection', () => {
  it('sends the snapshot on connect, then every event, to every connection', () => {
    const { host } = fakeHost([event('camera.status', { cameraId: 'a' }), preview('a')]);
    const one = fakeSink();
    const two = fakeSink();
    connect(host, one.sink);
    connect(host, two.sink);
    host.publish(event('worker.state'));
    host.publish(preview('b'));
    for (const s of [one, two])
      expect(s.topics()).toEqual([
        'camera.status',
        'camera.preview',
        'worker.state',
        'camera.preview',
      ]);
  });

  it('answers requests through the host with its context, and keeps the latest session', async () => {
    const { host, calls } = fakeHost();
    const s = fakeSink();
    const c = connect(host, s.sink);
    expect(c.session).toBeUndefined();
    await c.receive(JSON.stringify({ kind: 'request', id: 7, method: 'x', session: 'good' }));
    expect(calls[0].ctx).toBe(c.context);
    expect(c.session).toMatchObject({ username: 'ana' });
    // An object from IPC works the same; a call without a token keeps the last one.
    await c.receive({ kind: 'request', id: 8, method: 'x', session: 'expired' });
    expect(c.session).toBeUndefined();
    await c.receive(JSON.stringify({ kind: 'request', id: 9, method: 'x' }));
    expect(s.topics()).toEqual(['response:7', 'response:0', 'response:9']);
  });

  it('under back-pressure drops previews and detections, never responses or other events', async () => {
    const { host } = fakeHost();
    const s = fakeSink();
    const c = connect(host, s.sink, () => 0);
    s.sink.backlog = 500;
    host.publish(preview());
    host.publish(event('camera.detections'));
    host.publish(event('infraction.created'));
    host.publish(event('camera.status'));
    host.publish(event('worker.state'));
    await c.receive(JSON.stringify({ kind: 'request', id: 1, method: 'x' }));
    expect(s.topics()).toEqual([
      'infraction.created',
      'camera.status',
      'worker.state',
      'response:1',
    ]);
    expect(c.dropped).toBe(2);
    // Caught up: previews flow again.
    s.sink.backlog = 0;
    host.publish(preview());
    expect(s.topics().at(-1)).toBe('camera.preview');
  });

  it('closes a connection that stays behind too long or falls hopelessly behind', () => {
    let t = 0;
    const { host } = fakeHost();
    const slow = fakeSink();
    const c = connect(host, slow.sink, () => t);
    slow.sink.backlog = 500;
    host.publish(preview());
    t = 900;
    host.publish(event('camera.status'));
    expect(c.closed).toBe(false);
    // Catching up, even briefly, restarts the clock.
    slow.sink.backlog = 0;
    host.publish(event('camera.status'));
    slow.sink.backlog = 500;
    t = 1000;
    host.publish(preview());
    t = 1900;
    host.publish(preview());
    expect(c.closed).toBe(false);
    t = 2001;
    host.publish(event('infraction.created'));
    expect(c.closed).toBe(true);
    expect(slow.closes()).toBe(1);
    host.publish(event('camera.status'));
    expect(slow.topics()).toEqual(['camera.status', 'camera.status']);

    const hopeless = fakeSink();
    const d = connect(host, hopeless.sink, () => t);
    hopeless.sink.backlog = 20_000;
    host.publish(event('infraction.created'));
    expect(d.closed).toBe(true);
    expect(hopeless.sent).toEqual([]);
  });

  it('does not serve a peer that keeps asking while it has not read its answers for too long', async () => {
    let t = 0;
    const { host, calls } = fakeHost();
    const s = fakeSink();
    const c = connect(host, s.sink, () => t);
    // One large answer queued is fine, however large: only time behind counts for requests.
    s.sink.backlog = 50_000;
    await c.receive(JSON.stringify({ kind: 'request', id: 1, method: 'x' }));
    t = 900;
    await c.receive(JSON.stringify({ kind: 'request', id: 2, method: 'x' }));
    expect(c.closed).toBe(false);
    t = 1001;
    await c.receive(JSON.stringify({ kind: 'request', id: 3, method: 'x' }));
    expect(c.closed).toBe(true);
    expect(s.closes()).toBe(1);
    expect(calls).toHaveLength(2);
  });

  it('unsubscribes on close, once, and tells its listeners', () => {
    const { host } = fakeHost();
    const s = fakeSink();
    const c = connect(host, s.sink);
    const other = connect(host, fakeSink().sink);
    expect(host.subscribers()).toBe(2);
    const closed: string[] = [];
    c.onClose(() => closed.push('a'));
    c.close();
    c.close();
    c.onClose(() => closed.push('late'));
    expect(closed).toEqual(['a', 'late']);
    expect(host.subscribers()).toBe(1);
    expect(s.closes()).toBe(1);
    host.publish(event('worker.state'));
    expect(s.sent).toEqual([]);
    expect(c.push(event('worker.state'))).toBe(false);
    other.close();
    expect(host.subscribers()).toBe(0);
  });
});

describe('StallAwareSink (a transport that cannot count its queue: Electron IPC)', () => {
  it('counts what is sent while the receiver is stalled, and forgets it once it responds', () => {
    const delivered: ServerMessage[] = [];
    let open = true;
    const sink = new StallAwareSink({ send: (m) => delivered.push(m), isOpen: () => open });
    sink.send(preview());
    expect(sink.bufferedBytes()).toBe(0);
    sink.stall();
    sink.send(preview());
    sink.send(event('camera.status', { cameraId: 'a' }));
    expect(sink.bufferedBytes()).toBe(
      approximateBytes(preview()) + approximateBytes(event('camera.status', { cameraId: 'a' })),
    );
    expect(sink.bufferedBytes()).toBeGreaterThan(1000);
    sink.resume();
    expect(sink.bufferedBytes()).toBe(0);
    open = false;
    sink.send(preview());
    expect(delivered).toHaveLength(3);
  });

  it('gives a hung window the same policy: previews dropped, then closed', () => {
    let t = 0;
    const { host } = fakeHost();
    const delivered: ServerMessage[] = [];
    const sink = new StallAwareSink({ send: (m) => delivered.push(m), isOpen: () => true });
    const c = connect(host, sink, () => t);
    sink.stall();
    host.publish(preview()); // ~1.2 kB queued: over the 100-byte test threshold
    host.publish(preview());
    host.publish(event('infraction.created'));
    expect(delivered.map(topicOf)).toEqual(['camera.preview', 'infraction.created']);
    t = 5000;
    host.publish(event('camera.status'));
    expect(c.closed).toBe(true);
  });
});
