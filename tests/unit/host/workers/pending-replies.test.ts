import { afterEach, describe, expect, it, vi } from 'vitest';
import { PendingReplies } from '../../../../electron/host/workers/pending-replies';

afterEach(() => {
  vi.useRealTimers();
});

describe('PendingReplies', () => {
  const timeout = () => new Error('timeout');
  const gone = (peer: string) => new Error(`${peer} gone`);

  it('matches a reply by request id and by the peer that was asked', async () => {
    const r = new PendingReplies<string>();
    const a = r.expect('req-1', 'worker-1', 10_000, timeout);
    expect(r.size).toBe(1);
    expect(r.settle('worker-2', 'req-1', 'wrong worker')).toBe(false);
    expect(r.settle('worker-1', 'req-9', 'unknown request')).toBe(false);
    expect(r.settle('worker-1', 'req-1', 'ok')).toBe(true);
    expect(r.settle('worker-1', 'req-1', 'twice')).toBe(false);
    await expect(a).resolves.toBe('ok');
    expect(r.size).toBe(0);
  });

  it('fails a request after its own timeout, running the caller’s clean-up once', async () => {
    vi.useFakeTimers();
    const r = new PendingReplies<string>();
    const cleanups: string[] = [];
    const slow = r.expect('a', 'w', 50, () => (cleanups.push('a'), new Error('late')));
    const fast = r.expect('b', 'w', 10_000, timeout);
    const late = expect(slow).rejects.toThrow('late');
    await vi.advanceTimersByTimeAsync(50);
    await late;
    expect(cleanups).toEqual(['a']);
    expect(r.countFor('w')).toBe(1);
    expect(r.settle('w', 'a', 'too late')).toBe(false);
    r.settle('w', 'b', 'in time');
    await expect(fast).resolves.toBe('in time');
    // No timer is left behind by settled requests.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fails every request of a peer that went, or all of them', async () => {
    const r = new PendingReplies<string>();
    const one = r.expect('1', 'worker-1', 10_000, timeout);
    const two = r.expect('2', 'worker-1', 10_000, timeout);
    const other = r.expect('3', 'worker-2', 10_000, timeout);
    const third = r.expect('4', 'worker-3', 10_000, timeout);
    r.failPeer('worker-1', gone);
    await expect(one).rejects.toThrow('worker-1 gone');
    await expect(two).rejects.toThrow('worker-1 gone');
    expect(r.countFor('worker-1')).toBe(0);
    expect(r.size).toBe(2);
    r.failAll(gone);
    await expect(other).rejects.toThrow('worker-2 gone');
    await expect(third).rejects.toThrow('worker-3 gone');
    expect(r.size).toBe(0);
  });
});
