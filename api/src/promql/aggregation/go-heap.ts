/** Go's container/heap over an array with a `less` on elements: the same sift order, so ties resolve the same way. */
export class GoHeap<T> {
  readonly items: T[];

  constructor(
    private readonly less: (a: T, b: T) => boolean,
    initial: T[] = [],
  ) {
    this.items = initial;
  }

  get length(): number {
    return this.items.length;
  }

  push(item: T): void {
    this.items.push(item);
    this.up(this.items.length - 1);
  }

  pop(): T | undefined {
    const n = this.items.length - 1;
    this.swap(0, n);
    this.down(0, n);
    return this.items.pop();
  }

  private swap(i: number, j: number): void {
    const tmp = this.items[i];
    this.items[i] = this.items[j];
    this.items[j] = tmp;
  }

  private up(start: number): void {
    let j = start;
    for (;;) {
      const i = Math.trunc((j - 1) / 2);
      if (i === j || !this.less(this.items[j], this.items[i])) break;
      this.swap(i, j);
      j = i;
    }
  }

  private down(start: number, n: number): void {
    let i = start;
    for (;;) {
      const j1 = 2 * i + 1;
      if (j1 >= n || j1 < 0) break;
      let j = j1;
      const j2 = j1 + 1;
      if (j2 < n && this.less(this.items[j2], this.items[j1])) j = j2;
      if (!this.less(this.items[j], this.items[i])) break;
      this.swap(i, j);
      i = j;
    }
  }
}
