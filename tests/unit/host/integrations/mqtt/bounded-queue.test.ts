import { describe, expect, it } from 'vitest';
import { BoundedQueue } from '../../../../../electron/host/integrations/mqtt/bounded-queue';

describe('bounded MQTT queue', () => {
  it('keeps at most its capacity, dropping the oldest first and counting them', () => {
    const q = new BoundedQueue<number>(3);
    for (let i = 1; i <= 5; i++) q.push(i);
    expect(q.size).toBe(3);
    expect(q.dropped).toBe(2);
    expect([q.shift(), q.shift(), q.shift(), q.shift()]).toEqual([3, 4, 5, undefined]);
  });

  it('stays bounded over many pushes and shifts and puts a failed send back in front', () => {
    const q = new BoundedQueue<number>(10_000);
    for (let i = 0; i < 25_000; i++) q.push(i);
    expect(q.size).toBe(10_000);
    expect(q.dropped).toBe(15_000);
    expect(q.peek()).toBe(15_000);
    for (let i = 0; i < 5000; i++) q.shift();
    q.unshift(-1);
    expect(q.peek()).toBe(-1);
    expect(q.size).toBe(5001);
  });
});
