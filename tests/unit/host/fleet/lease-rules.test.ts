import { describe, expect, it } from 'vitest';
import {
  decideLeases,
  fairShares,
  type FleetCamera,
  type LeaseInput,
  type LeaseRow,
  type LiveNode,
} from '../../../../electron/host/fleet/lease-rules';

const NOW = 1_000_000;
const cams = (n: number, extra: Partial<FleetCamera> = {}): FleetCamera[] =>
  Array.from({ length: n }, (_, i) => ({ id: `cam-${String(i + 1).padStart(2, '0')}`, ...extra }));
const nodes = (...ids: string[]): LiveNode[] => ids.map((id) => ({ id, capacity: 8 }));
const held = (cameraId: string, nodeId: string, expiresAt = NOW + 5000): LeaseRow => ({
  cameraId,
  nodeId,
  expiresAt,
});

/** Rounds of every node in turn, applying each decision as the SQL would, until nothing changes. */
function settle(input: Omit<LeaseInput, 'self'>, rounds = 20): LeaseRow[] {
  let leases = [...input.leases];
  for (let r = 0; r < rounds; r++) {
    for (const n of input.nodes) {
      const d = decideLeases({ ...input, leases, self: n.id });
      leases = leases
        .filter((l) => !d.take.includes(l.cameraId))
        .map((l) => (d.release.includes(l.cameraId) ? { ...l, nodeId: null, expiresAt: null } : l));
      for (const id of d.take) {
        const prev = leases.find((l) => l.cameraId === id);
        const holderAlive =
          prev?.nodeId &&
          prev.expiresAt! > input.now &&
          input.nodes.some((x) => x.id === prev.nodeId);
        if (!holderAlive) leases = [...leases.filter((l) => l.cameraId !== id), held(id, n.id)];
      }
    }
  }
  return leases;
}

const countBy = (leases: LeaseRow[]) => {
  const m: Record<string, number> = {};
  for (const l of leases) if (l.nodeId) m[l.nodeId] = (m[l.nodeId] ?? 0) + 1;
  return m;
};

describe('fair shares', () => {
  it('splits by capacity, rounded up, never above a node capacity', () => {
    expect(
      fairShares(
        [
          { id: 'a', capacity: 4 },
          { id: 'b', capacity: 8 },
        ],
        12,
      ),
    ).toEqual(
      new Map([
        ['a', 4],
        ['b', 8],
      ]),
    );
    expect(fairShares(nodes('a', 'b', 'c'), 10).get('a')).toBe(4);
    expect(fairShares([{ id: 'a', capacity: 2 }], 10).get('a')).toBe(2);
    expect(fairShares([], 10).size).toBe(0);
  });
});

describe('lease decisions', () => {
  it('a lone node takes every camera up to its capacity', () => {
    const d = decideLeases({
      self: 'a',
      nodes: [{ id: 'a', capacity: 5 }],
      leases: [],
      cameras: cams(8),
      now: NOW,
    });
    expect(d.take).toHaveLength(5);
    expect(d.release).toEqual([]);
  });

  it('three equal nodes settle at four cameras each, every camera held once', () => {
    const leases = settle({ nodes: nodes('a', 'b', 'c'), leases: [], cameras: cams(12), now: NOW });
    expect(countBy(leases)).toEqual({ a: 4, b: 4, c: 4 });
  });

  it('renews what it holds within its share and takes nothing more', () => {
    const leases = cams(4).map((c) => held(c.id, 'a'));
    const d = decideLeases({
      self: 'a',
      nodes: nodes('a', 'b', 'c'),
      leases,
      cameras: cams(12),
      now: NOW,
    });
    expect(d.renew).toHaveLength(4);
    expect(d.take).toEqual([]);
  });

  it('takes expired leases and leases of nodes that stopped beating', () => {
    const leases = [held('cam-01', 'a', NOW - 1), held('cam-02', 'dead')];
    const d = decideLeases({ self: 'b', nodes: nodes('b'), leases, cameras: cams(2), now: NOW });
    expect(d.take.sort()).toEqual(['cam-01', 'cam-02']);
  });

  it('never takes a live, unexpired lease of another node', () => {
    const leases = cams(12).map((c) => held(c.id, 'a'));
    const d = decideLeases({
      self: 'b',
      nodes: nodes('a', 'b'),
      leases,
      cameras: cams(12),
      now: NOW,
    });
    expect(d.take).toEqual([]);
  });

  it('a node over its share releases only as many as the others can take', () => {
    const leases = cams(12).map((c) => held(c.id, 'a'));
    const d = decideLeases({
      self: 'a',
      nodes: nodes('a', 'b', 'c'),
      leases,
      cameras: cams(12),
      now: NOW,
    });
    expect(d.release).toHaveLength(8);
    expect(d.renew).toHaveLength(4);
    // Alone, nobody would take them: no churn.
    const alone = decideLeases({
      self: 'a',
      nodes: [
        { id: 'a', capacity: 8 },
        { id: 'b', capacity: 0 },
      ],
      leases,
      cameras: cams(12),
      now: NOW,
    });
    expect(alone.release).toEqual([]);
  });

  it('rebalances after a restart: the returning node ends with its share', () => {
    const start = [
      ...cams(6).map((c) => held(c.id, 'a')),
      ...cams(12)
        .slice(6)
        .map((c) => held(c.id, 'b')),
    ];
    const leases = settle({
      nodes: nodes('a', 'b', 'c'),
      leases: start,
      cameras: cams(12),
      now: NOW,
    });
    expect(countBy(leases)).toEqual({ a: 4, b: 4, c: 4 });
  });

  it('releases cameras that are gone', () => {
    const d = decideLeases({
      self: 'a',
      nodes: nodes('a'),
      leases: [held('old', 'a')],
      cameras: [],
      now: NOW,
    });
    expect(d.release).toEqual(['old']);
  });

  it('pinned cameras go to their node when alive and elsewhere when not', () => {
    const cameras = [...cams(3), { id: 'pinned', pinnedNode: 'b' }];
    const d = decideLeases({
      self: 'a',
      nodes: nodes('a', 'b'),
      leases: [held('pinned', 'a')],
      cameras,
      now: NOW,
    });
    expect(d.release).toContain('pinned');
    expect(
      decideLeases({ self: 'b', nodes: nodes('a', 'b'), leases: [], cameras, now: NOW }).take,
    ).toContain('pinned');
    const failover = decideLeases({ self: 'a', nodes: nodes('a'), leases: [], cameras, now: NOW });
    expect(failover.take).toContain('pinned');
    // The pinned node takes its camera even beyond its share.
    const full = decideLeases({
      self: 'b',
      nodes: nodes('a', 'b'),
      leases: cams(3).map((c) => held(c.id, 'b')),
      cameras,
      now: NOW,
    });
    expect(full.take).toEqual(['pinned']);
  });

  it('anti-affinity spreads a group over the nodes', () => {
    const cameras = [
      { id: 'n1', group: 'north' },
      { id: 'n2', group: 'north' },
      { id: 's1', group: 'south' },
      { id: 's2', group: 'south' },
    ];
    const leases = settle({ nodes: nodes('a', 'b'), leases: [], cameras, now: NOW });
    const groupsOn = (n: string) =>
      leases
        .filter((l) => l.nodeId === n)
        .map((l) => cameras.find((c) => c.id === l.cameraId)!.group);
    expect(new Set(groupsOn('a')).size).toBe(2);
    expect(new Set(groupsOn('b')).size).toBe(2);
  });
});
