import type { ShopClient, ShopResponse } from './shop-client.js';

/** Product ids of the demo catalog (the session also asks for unknown ones now and then). */
const PRODUCT_IDS = ['p-100', 'p-101', 'p-102', 'p-200', 'p-201', 'p-202', 'p-203', 'p-300', 'p-301', 'p-302'];
const CATEGORIES = ['coffee', 'equipment', 'accessories'];
const EMAIL_DOMAINS = ['example.com', 'example.org', 'mail.example.net'];

export interface SessionOptions {
  readonly random: () => number;
  /** Waits between steps (a visitor reading a page); tests pass a short one. */
  readonly think: () => Promise<void>;
  /** Stops the session early (the generator is stopping). */
  readonly stopped: () => boolean;
}

/** How a session ended, for the generator's statistics. */
export type SessionOutcome = 'browsed' | 'ordered' | 'payment_failed' | 'abandoned' | 'signed_up' | 'stopped';

let visitorSeq = 0;

/**
 * One visitor: maybe signs up, browses the catalog and a few products, maybe fills a cart and then either checks
 * out (retrying a declined payment now and then) or leaves (the shop counts the cart as abandoned later). A few
 * requests are deliberately wrong (unknown product, bad quantity, invalid email, unknown route) so the shop's
 * error paths carry traffic too. `onResponse` sees every response.
 */
export async function runVisitorSession(
  client: ShopClient,
  opts: SessionOptions,
  onResponse: (r: ShopResponse) => void,
): Promise<SessionOutcome> {
  const { random, think, stopped } = opts;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length) % xs.length];
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<ShopResponse> => {
    const r = await client.request(method, path, body);
    onResponse(r);
    return r;
  };
  const visitor = ++visitorSeq;
  let outcome: SessionOutcome = 'browsed';

  if (random() < 0.1) {
    const roll = random();
    // A few sign up twice (409) or mistype the address (400).
    const email = roll < 0.05 ? `visitor${visitor}-at-${pick(EMAIL_DOMAINS)}` : roll < 0.15 ? `returning@${pick(EMAIL_DOMAINS)}` : `visitor${visitor}.${Date.now().toString(36)}@${pick(EMAIL_DOMAINS)}`;
    const r = await call('POST', '/signup', { email, name: `Visitor ${visitor}` });
    if (r.status === 201) outcome = 'signed_up';
    await think();
  }
  if (stopped()) return 'stopped';

  await call('GET', random() < 0.3 ? `/products?category=${pick(CATEGORIES)}` : '/products');
  const views = 1 + Math.floor(random() * 4);
  for (let i = 0; i < views && !stopped(); i++) {
    await think();
    await call('GET', `/products/${random() < 0.03 ? `p-${900 + Math.floor(random() * 99)}` : pick(PRODUCT_IDS)}`);
  }
  if (random() < 0.01) await call('GET', pick(['/admin', '/products/p-100/reviews', '/wp-login.php']));
  if (stopped()) return 'stopped';
  if (random() >= 0.65) return outcome;

  let cartId: string | undefined;
  const adds = 1 + Math.floor(random() * 3);
  for (let i = 0; i < adds && !stopped(); i++) {
    await think();
    const quantity = random() < 0.02 ? 0 : 1 + Math.floor(random() * 3);
    const r = await call('POST', '/cart', { ...(cartId ? { cartId } : {}), productId: pick(PRODUCT_IDS), quantity });
    if (r.status === 200 && typeof r.body === 'object' && r.body !== null && 'cartId' in r.body) cartId = String(r.body.cartId);
  }
  if (cartId === undefined || stopped()) return cartId === undefined ? outcome : 'stopped';
  if (random() >= 0.6) return 'abandoned';

  for (let attempt = 0; attempt < 2 && !stopped(); attempt++) {
    await think();
    const r = await call('POST', '/checkout', { cartId });
    if (r.status === 201) return 'ordered';
    if (r.status !== 502 || random() < 0.5) return r.status === 502 ? 'payment_failed' : outcome;
  }
  return stopped() ? 'stopped' : 'payment_failed';
}
