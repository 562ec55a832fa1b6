/**
 * Zone counting: per polygon zone, how many objects entered (per class) and how many are inside
 * now. Reported only when something changed (an entry, or the occupancy of a class), never per
 * frame, so a worker can send it as it is.
 */

/** A change in one zone: entries since the last report, and the occupancy now, per class. */
export interface ZoneCountEvent {
  zoneId: string;
  tsMs: number;
  /** Objects that entered since the last report, per class (only classes with entries). */
  entered: Record<string, number>;
  /**
   * Objects inside now, per class: every class inside now, and 0 for a class that was inside at
   * the last report and is not any more.
   */
  occupancy: Record<string, number>;
}

/** One zone's membership over time (track ids as the zone holds them, exit grace included). */
export class ZoneOccupancy {
  private inside = new Map<number, string>();
  private reported: Record<string, number> = {};

  constructor(readonly zoneId: string) {}

  /** The class of a track inside at the last update (for one not detected on this frame). */
  labelOf(trackId: number): string | undefined {
    return this.inside.get(trackId);
  }

  /**
   * This frame's members (track id → class label); returns an event when an object entered or
   * a class's occupancy changed, else undefined.
   */
  update(members: ReadonlyMap<number, string>, tsMs: number): ZoneCountEvent | undefined {
    const entered: Record<string, number> = {};
    let anyEntered = false;
    for (const [trackId, label] of members)
      if (!this.inside.has(trackId)) {
        entered[label] = (entered[label] ?? 0) + 1;
        anyEntered = true;
      }
    this.inside = new Map(members);
    const occupancy: Record<string, number> = {};
    for (const label of members.values()) occupancy[label] = (occupancy[label] ?? 0) + 1;
    const gone = Object.keys(this.reported).filter((label) => !(label in occupancy));
    const changed =
      anyEntered ||
      gone.length > 0 ||
      Object.entries(occupancy).some(([label, n]) => this.reported[label] !== n);
    if (!changed) return undefined;
    // A class gone since the last report says 0 once, then drops out.
    const out: Record<string, number> = { ...occupancy };
    for (const label of gone) out[label] = 0;
    this.reported = occupancy;
    return { zoneId: this.zoneId, tsMs, entered, occupancy: out };
  }
}
