/**
 * A bounded FIFO that keeps the newest `capacity` items: pushing into a full buffer drops the oldest
 * and counts it. Push and shift are O(1), so a log write never waits on memory or the database.
 */
export class LogRingBuffer<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private count = 0;
  private droppedTotal = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a whole number of at least 1');
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Records dropped since the buffer was made. */
  get dropped(): number {
    return this.droppedTotal;
  }

  push(item: T): void {
    if (this.count === this.capacity) {
      this.head = (this.head + 1) % this.capacity;
      this.count--;
      this.droppedTotal++;
    }
    this.items[(this.head + this.count) % this.capacity] = item;
    this.count++;
  }

  /** Removes and returns up to `max` of the oldest items, oldest first. */
  take(max: number): T[] {
    const out: T[] = [];
    while (out.length < max && this.count > 0) {
      const item = this.items[this.head];
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.count--;
      if (item !== undefined) out.push(item);
    }
    return out;
  }

  /**
   * Puts items that could not be written back in front of the newer ones. When they do not all fit,
   * the oldest of them are dropped and counted: the buffer keeps the newest records.
   */
  putBack(items: readonly T[]): void {
    const newer = this.take(this.count);
    const keep = Math.max(0, this.capacity - newer.length);
    const back = items.slice(Math.max(0, items.length - keep));
    this.droppedTotal += items.length - back.length;
    for (const item of [...back, ...newer]) this.push(item);
  }
}
