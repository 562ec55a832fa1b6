/**
 * What one node does with the camera leases in one lease round, decided from what the round read
 * (live nodes, every lease row, the cameras to analyse, the server's clock). Pure: the lease
 * manager applies the decision in the same PostgreSQL transaction, with `FOR UPDATE SKIP LOCKED`
 * on the rows it takes, so two nodes deciding at once never both win a camera.
 */

export interface LiveNode {
  id: string;
  /** Cameras it can take (≥ 1). */
  capacity: number;
}

export interface LeaseRow {
  cameraId: string;
  /** Holder; null once released. */
  nodeId: string | null;
  /** Server time (ms) the lease ends; null when released. */
  expiresAt: number | null;
}

export interface FleetCamera {
  id: string;
  /** Host id of the node that should analyse it while that node is alive. */
  pinnedNode?: string;
  /** Cameras of one group are spread over different nodes where possible. */
  group?: string;
}

export interface LeaseInput {
  self: string;
  /** Nodes with a fresh heartbeat, this one included. */
  nodes: readonly LiveNode[];
  leases: readonly LeaseRow[];
  /** The enabled cameras (the same list on every node: it is synced config). */
  cameras: readonly FleetCamera[];
  /** Server time (ms). */
  now: number;
}

export interface LeaseDecision {
  /** Held and still wanted: extend. */
  renew: string[];
  /** Free, expired or held by a dead node: try to take (the SQL re-checks under a row lock). */
  take: string[];
  /** Held but better elsewhere (over the fair share, pinned elsewhere, no longer a camera). */
  release: string[];
}

/** A lease counts while its holder is alive and it has not expired. */
export function leaseHolder(
  lease: LeaseRow | undefined,
  now: number,
  live: ReadonlySet<string>,
): string | undefined {
  if (!lease?.nodeId || lease.expiresAt === null || lease.expiresAt <= now) return undefined;
  return live.has(lease.nodeId) ? lease.nodeId : undefined;
}

/**
 * Each node's fair share: cameras × its capacity / the live capacity, rounded up (so the shares
 * cover every camera) and never above its own capacity.
 */
export function fairShares(nodes: readonly LiveNode[], cameras: number): Map<string, number> {
  const total = nodes.reduce((s, n) => s + Math.max(0, n.capacity), 0);
  const shares = new Map<string, number>();
  for (const n of nodes) {
    const cap = Math.max(0, n.capacity);
    shares.set(n.id, total === 0 ? 0 : Math.min(cap, Math.ceil((cameras * cap) / total)));
  }
  return shares;
}

/** Stable per-(node, camera) order, so nodes reaching for free cameras at once prefer different ones. */
function rank(node: string, camera: string): number {
  let h = 2166136261;
  for (const ch of `${node}\u0000${camera}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

export function decideLeases(input: LeaseInput): LeaseDecision {
  const { self, nodes, leases, cameras, now } = input;
  const live = new Set(nodes.map((n) => n.id));
  const leaseOf = new Map(leases.map((l) => [l.cameraId, l]));
  const cameraIds = new Set(cameras.map((c) => c.id));
  const shares = fairShares(nodes, cameras.length);
  const myShare = shares.get(self) ?? 0;
  const pinnedHere = (c: FleetCamera) => c.pinnedNode === self;
  const pinnedElsewhere = (c: FleetCamera) =>
    c.pinnedNode !== undefined && c.pinnedNode !== self && live.has(c.pinnedNode);

  // Load per live node (what others hold counts for their share).
  const load = new Map<string, number>(nodes.map((n) => [n.id, 0]));
  const groupsHeld = new Map<string, Set<string>>();
  const mine: FleetCamera[] = [];
  for (const c of cameras) {
    const holder = leaseHolder(leaseOf.get(c.id), now, live);
    if (!holder) continue;
    load.set(holder, (load.get(holder) ?? 0) + 1);
    if (c.group) {
      const g = groupsHeld.get(holder) ?? new Set<string>();
      g.add(c.group);
      groupsHeld.set(holder, g);
    }
    if (holder === self) mine.push(c);
  }

  const release: string[] = [];
  // Leases this node holds for cameras that are gone (deleted, disabled): give them back.
  for (const l of leases)
    if (l.nodeId === self && !cameraIds.has(l.cameraId) && leaseHolder(l, now, live) === self)
      release.push(l.cameraId);

  const keep: FleetCamera[] = [];
  for (const c of mine) {
    if (pinnedElsewhere(c)) release.push(c.id);
    else keep.push(c);
  }

  // Over the fair share: release extra cameras, but only while another live node is below its
  // share and will take them (never churn when nobody can). Pinned ones stay; cameras sharing a
  // group with another of this node's go first.
  let held = keep.length;
  const someoneBelow = () =>
    nodes.some((n) => n.id !== self && (load.get(n.id) ?? 0) < (shares.get(n.id) ?? 0));
  if (held > myShare && someoneBelow()) {
    const groupCount = new Map<string, number>();
    for (const c of keep) if (c.group) groupCount.set(c.group, (groupCount.get(c.group) ?? 0) + 1);
    const candidates = keep
      .filter((c) => !pinnedHere(c))
      .sort(
        (a, b) =>
          (a.group ? (groupCount.get(a.group) ?? 0) : 0) -
            (b.group ? (groupCount.get(b.group) ?? 0) : 0) || rank(self, a.id) - rank(self, b.id),
      )
      .reverse();
    let spare = nodes
      .filter((n) => n.id !== self)
      .reduce((s, n) => s + Math.max(0, (shares.get(n.id) ?? 0) - (load.get(n.id) ?? 0)), 0);
    for (const c of candidates) {
      if (held <= myShare || spare <= 0) break;
      release.push(c.id);
      held--;
      spare--;
    }
  }
  const releasing = new Set(release);
  const renew = keep.filter((c) => !releasing.has(c.id)).map((c) => c.id);

  // Free cameras (never leased, released, expired, or held by a node that stopped beating).
  const free = cameras.filter(
    (c) => !leaseHolder(leaseOf.get(c.id), now, live) && !pinnedElsewhere(c),
  );
  const myGroups = new Set(keep.filter((c) => !releasing.has(c.id)).flatMap((c) => c.group ?? []));
  const take: string[] = [];
  // Pinned cameras first, whatever the share; then the rest while below the share.
  for (const c of free) if (pinnedHere(c)) take.push(c.id);
  const others = free
    .filter((c) => !pinnedHere(c))
    .sort(
      (a, b) =>
        Number(a.group !== undefined && myGroups.has(a.group)) -
          Number(b.group !== undefined && myGroups.has(b.group)) ||
        rank(self, a.id) - rank(self, b.id),
    );
  const capacity = nodes.find((n) => n.id === self)?.capacity ?? 0;
  let count = held + take.length;
  for (const c of others) {
    if (count >= myShare || count >= capacity) break;
    // Anti-affinity: a camera of a group this node already has waits for a node without it,
    // unless every other live node has that group too or has no room.
    if (c.group && myGroups.has(c.group)) {
      const elsewhere = nodes.some(
        (n) =>
          n.id !== self &&
          !groupsHeld.get(n.id)?.has(c.group!) &&
          (load.get(n.id) ?? 0) < (shares.get(n.id) ?? 0),
      );
      if (elsewhere) continue;
    }
    take.push(c.id);
    if (c.group) myGroups.add(c.group);
    count++;
  }
  return { renew, take, release };
}
