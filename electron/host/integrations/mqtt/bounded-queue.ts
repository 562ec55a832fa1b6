/**
 * A FIFO of at most `capacity` items: pushing onto a full queue drops the oldest. Counts what it
 * dropped so the loss is visible (status, one log line per burst).
 */
export class BoundedQueue<T> {
  private items: T[] = [];
  private head = 0;
  dropped = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('capacity must be ≥ 1');
  }

  get size(): number {
    return this.items.length - this.head;
  }

  /** Adds an item; returns the dropped oldest one when the queue was full. */
  push(item: T): T | undefined {
    let droppedItem: T | undefined;
    if (this.size >= this.capacity) {
      droppedItem = this.shift();
      this.dropped++;
    }
    this.items.push(item);
    return droppedItem;
  }

  peek(): T | undefined {
    return this.size > 0 ? this.items[this.head] : undefined;
  }

  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined as T;
    this.head++;
    // Compact now and then so the array does not grow without bound.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Puts an item back at the front (a send that failed); may drop the newest if full. */
  unshift(item: T): void {
    if (this.head > 0) {
      this.head--;
      this.items[this.head] = item;
    } else this.items.unshift(item);
    if (this.size > this.capacity) {
      this.items.pop();
      this.dropped++;
    }
  }
}
