import { describe, expect, it } from 'vitest';
import { TtlCache } from '../../../../electron/host/vehicle-registry/ttl-cache';
import { pickPath } from '../../../../electron/host/vehicle-registry/http-provider';

describe('TtlCache', () => {
  it('expires entries after the TTL and evicts the oldest beyond the size bound', () => {
    let t = 1000;
    const c = new TtlCache<number>(100, 2, () => t);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1);
    t += 100;
    expect(c.get('a')).toBeUndefined();
    c.set('c', 3);
    c.set('d', 4);
    c.set('e', 5);
    expect(c.size).toBe(2);
    expect(c.get('c')).toBeUndefined();
    expect(c.get('e')).toBe(5);
  });

  it('a zero TTL caches nothing', () => {
    const c = new TtlCache<number>(0, 10);
    c.set('a', 1);
    expect(c.get('a')).toBeUndefined();
  });
});

describe('pickPath', () => {
  it('walks objects and arrays by dotted path', () => {
    const j = { vehicle: { brand: 'Toyota', list: [{ colour: 'red' }] } };
    expect(pickPath(j, 'vehicle.brand')).toBe('Toyota');
    expect(pickPath(j, 'vehicle.list.0.colour')).toBe('red');
    expect(pickPath(j, 'vehicle.nothing.deeper')).toBeUndefined();
    expect(pickPath('text', 'a')).toBeUndefined();
  });
});
