import { randomUUID } from 'node:crypto';

export interface CartLine {
  readonly productId: string;
  quantity: number;
  readonly unitPriceCents: number;
}

export interface Cart {
  readonly id: string;
  readonly lines: CartLine[];
  /** Last change (ms since the epoch): a cart untouched for longer than the time-to-live is abandoned. */
  touchedAt: number;
}

export function cartTotalCents(cart: Cart): number {
  return cart.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0);
}

/**
 * Open carts in memory. `sweep()` removes carts untouched for `ttlMs` and reports each one to `onAbandoned`;
 * `start()` runs the sweep on a timer (unref'd, so it never keeps the process alive).
 */
export class CartStore {
  private readonly carts = new Map<string, Cart>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ttlMs: number,
    private readonly onAbandoned: (cart: Cart) => void,
    private readonly now: () => number = Date.now,
  ) {}

  get(id: string): Cart | undefined {
    return this.carts.get(id);
  }

  /** Adds `quantity` of a product to the cart `id` (a new cart when `id` is undefined or unknown). */
  add(id: string | undefined, productId: string, quantity: number, unitPriceCents: number): Cart {
    let cart = id !== undefined ? this.carts.get(id) : undefined;
    if (!cart) {
      cart = { id: id ?? randomUUID(), lines: [], touchedAt: this.now() };
      this.carts.set(cart.id, cart);
    }
    const line = cart.lines.find((l) => l.productId === productId);
    if (line) line.quantity += quantity;
    else cart.lines.push({ productId, quantity, unitPriceCents });
    cart.touchedAt = this.now();
    return cart;
  }

  /** Marks a cart as used now (a failed checkout keeps it open for a retry). */
  touch(id: string): void {
    const cart = this.carts.get(id);
    if (cart) cart.touchedAt = this.now();
  }

  /** Removes a cart (checked out). */
  remove(id: string): void {
    this.carts.delete(id);
  }

  get size(): number {
    return this.carts.size;
  }

  /** Removes the carts idle for the time-to-live; returns how many. */
  sweep(): number {
    const cutoff = this.now() - this.ttlMs;
    let n = 0;
    for (const [id, cart] of this.carts) {
      if (cart.touchedAt <= cutoff) {
        this.carts.delete(id);
        this.onAbandoned(cart);
        n++;
      }
    }
    return n;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.sweep(), Math.max(100, Math.min(this.ttlMs / 4, 5000)));
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
