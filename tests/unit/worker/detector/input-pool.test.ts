import { describe, expect, it } from 'vitest';
import { InputBufferPool, inFlightDepth } from '../../../../inference/worker/detector/input-pool';
import { transferList } from '../../../../inference/worker/onnx/session-thread-protocol';

describe('InputBufferPool', () => {
  it('reuses a returned buffer of the same length instead of allocating', () => {
    const pool = new InputBufferPool();
    const a = pool.acquire(12);
    expect(a.length).toBe(12);
    pool.release(a);
    expect(pool.acquire(12)).toBe(a);
    expect(pool.allocated).toBe(1);
  });

  it('keeps buffers apart by length (batch size)', () => {
    const pool = new InputBufferPool();
    const one = pool.acquire(6);
    pool.release(one);
    const two = pool.acquire(12);
    expect(two).not.toBe(one);
    expect(pool.available(6)).toBe(1);
    expect(pool.allocated).toBe(2);
  });

  it('two runs in flight hold two buffers; steady state allocates no more', () => {
    const pool = new InputBufferPool();
    for (let frame = 0; frame < 50; frame++) {
      const a = pool.acquire(8);
      const b = pool.acquire(8);
      pool.release(a);
      pool.release(b);
    }
    expect(pool.allocated).toBe(2);
  });

  it('drops a buffer emptied by a move and replaces one that never came back', () => {
    const pool = new InputBufferPool();
    const a = pool.acquire(4);
    structuredClone(a, { transfer: [a.buffer] });
    expect(a.length).toBe(0);
    pool.release(a);
    pool.release(undefined);
    expect(pool.available(4)).toBe(0);
    expect(pool.acquire(4).length).toBe(4);
    expect(pool.allocated).toBe(2);
  });
});

describe('inFlightDepth', () => {
  it('two runs off-thread (the next one queued behind the current), one on this thread', () => {
    expect(inFlightDepth(true)).toBe(2);
    expect(inFlightDepth(false)).toBe(1);
  });
});

describe('transferList', () => {
  it('lists each buffer once and skips moved (empty) ones', () => {
    const shared = new ArrayBuffer(16);
    const a = new Float32Array(shared, 0, 2);
    const b = new Float32Array(shared, 8, 2);
    const c = new Float32Array(3);
    const moved = new Float32Array(2);
    structuredClone(moved, { transfer: [moved.buffer] });
    expect(transferList([a, b, c, moved])).toEqual([shared, c.buffer]);
  });

  it('never lists shared memory (it cannot be moved)', () => {
    expect(transferList([new Float32Array(new SharedArrayBuffer(8))])).toEqual([]);
  });
});
