/**
 * A binary min-heap of (key, item, stamp) for the progressive filling's events. Entries are never
 * removed early: a caller that changes an item's key pushes a new entry with a new stamp and
 * skips stale ones when they surface. Ties break on the item (canonical index), so the order of
 * events never depends on the order of the input.
 */
export class MinHeap {
  private keys: number[] = [];
  private items: number[] = [];
  private stamps: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  push(key: number, item: number, stamp = 0): void {
    const { keys, items, stamps } = this;
    let i = keys.length;
    keys.push(key);
    items.push(item);
    stamps.push(stamp);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  peekKey(): number {
    return this.keys.length ? this.keys[0] : Infinity;
  }

  peekItem(): number {
    return this.items[0];
  }

  peekStamp(): number {
    return this.stamps[0];
  }

  pop(): void {
    const { keys, items, stamps } = this;
    const last = keys.length - 1;
    this.swap(0, last);
    keys.pop();
    items.pop();
    stamps.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < last && this.less(l, m)) m = l;
      if (r < last && this.less(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private less(a: number, b: number): boolean {
    const ka = this.keys[a];
    const kb = this.keys[b];
    return ka < kb || (ka === kb && this.items[a] < this.items[b]);
  }

  private swap(a: number, b: number): void {
    const { keys, items, stamps } = this;
    const k = keys[a];
    keys[a] = keys[b];
    keys[b] = k;
    const it = items[a];
    items[a] = items[b];
    items[b] = it;
    const st = stamps[a];
    stamps[a] = stamps[b];
    stamps[b] = st;
  }
}
