import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { BusinessTelemetry } from './business-telemetry.js';
import { CATALOG, CURRENCY, findProduct } from './catalog.js';
import { cartTotalCents, type Cart, type CartStore } from './cart-store.js';
import { ShopError } from './shop-error.js';
import type { ShopMetrics } from './shop-metrics.js';
import { PaymentFailedError, type Chance, type PaymentGateway, type SimulatedDependency } from './simulated-dependency.js';

export interface ShopRoutesOptions {
  readonly metrics: ShopMetrics;
  readonly business: BusinessTelemetry;
  readonly carts: CartStore;
  readonly inventory: SimulatedDependency;
  readonly payments: PaymentGateway;
  /** Share of catalog requests that fail with an internal error. */
  readonly errorRate: number;
  readonly chance: Chance;
}

const ProductSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  category: Type.String(),
  price: Type.Number(),
  currency: Type.String(),
});

const CartSchema = Type.Object({
  cartId: Type.String(),
  items: Type.Array(Type.Object({ productId: Type.String(), quantity: Type.Integer() })),
  total: Type.Number(),
  currency: Type.String(),
});

const ErrorSchema = Type.Object({ error: Type.String(), message: Type.String() }, { additionalProperties: true });

const toEuros = (cents: number): number => cents / 100;

function productView(p: (typeof CATALOG)[number]): { id: string; name: string; category: string; price: number; currency: string } {
  return { id: p.id, name: p.name, category: p.category, price: toEuros(p.priceCents), currency: CURRENCY };
}

function cartView(cart: Cart): { cartId: string; items: { productId: string; quantity: number }[]; total: number; currency: string } {
  return {
    cartId: cart.id,
    items: cart.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
    total: toEuros(cartTotalCents(cart)),
    currency: CURRENCY,
  };
}

/** The shop's business routes: catalog, cart, checkout and signup. */
export const shopRoutes: FastifyPluginAsyncTypebox<ShopRoutesOptions> = async (app, opts) => {
  const { metrics, business, carts, inventory, payments, chance } = opts;
  const accounts = new Set<string>();
  let nextOrder = 1;

  /** The inventory database now and then drops a connection: a 500 with a stack trace in the log. */
  async function queryInventory(): Promise<void> {
    await inventory.call();
    if (chance.random() < opts.errorRate) throw new Error('inventory database: connection reset by peer');
  }

  app.get(
    '/products',
    {
      schema: {
        querystring: Type.Object({ category: Type.Optional(Type.String({ maxLength: 40 })) }),
        response: { 200: Type.Object({ products: Type.Array(ProductSchema) }) },
      },
    },
    async (request) => {
      await queryInventory();
      const { category } = request.query;
      return { products: CATALOG.filter((p) => category === undefined || p.category === category).map(productView) };
    },
  );

  app.get(
    '/products/:id',
    {
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
        response: { 200: Type.Intersect([ProductSchema, Type.Object({ inStock: Type.Integer() })]), 404: ErrorSchema },
      },
    },
    async (request) => {
      await queryInventory();
      const product = findProduct(request.params.id);
      if (!product) throw new ShopError(404, 'not_found', `no product ${request.params.id}`);
      return { ...productView(product), inStock: Math.floor(chance.random() * 40) };
    },
  );

  app.post(
    '/cart',
    {
      schema: {
        body: Type.Object(
          {
            cartId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            productId: Type.String({ minLength: 1, maxLength: 40 }),
            quantity: Type.Integer({ minimum: 1, maximum: 20 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: CartSchema, 400: ErrorSchema },
      },
    },
    async (request) => {
      const { cartId, productId, quantity } = request.body;
      const product = findProduct(productId);
      if (!product) throw new ShopError(400, 'validation', `productId: no product ${productId}`, { field: 'productId' });
      const cart = carts.add(cartId, productId, quantity, product.priceCents);
      request.log.info({ event: 'cart_updated', cartId: cart.id, productId, quantity }, 'item added to cart');
      return cartView(cart);
    },
  );

  app.post(
    '/checkout',
    {
      schema: {
        body: Type.Object(
          { cartId: Type.String({ minLength: 1, maxLength: 64 }), email: Type.Optional(Type.String({ format: 'email' })) },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ orderId: Type.String(), transactionId: Type.String(), total: Type.Number(), currency: Type.String() }),
          400: ErrorSchema,
          404: ErrorSchema,
          502: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const cart = carts.get(request.body.cartId);
      if (!cart) throw new ShopError(404, 'not_found', `no open cart ${request.body.cartId}`);
      const totalCents = cartTotalCents(cart);
      const started = performance.now();
      let transactionId: string;
      try {
        transactionId = await payments.charge(totalCents);
      } catch (err) {
        if (!(err instanceof PaymentFailedError)) throw err;
        business.paymentDuration.record((performance.now() - started) / 1000, { outcome: 'failed' });
        metrics.orders.inc({ status: 'payment_failed' });
        business.orders.add(1, { status: 'payment_failed' });
        // The cart stays open: the visitor may retry, or leave (then it is abandoned).
        carts.touch(cart.id);
        request.log.warn({ event: 'payment_failed', cartId: cart.id, reason: err.reason, amount: toEuros(totalCents), currency: CURRENCY }, 'payment failed');
        throw new ShopError(502, 'payment', err.message, { reason: err.reason });
      }
      business.paymentDuration.record((performance.now() - started) / 1000, { outcome: 'ok' });
      carts.remove(cart.id);
      const orderId = `ord-${(nextOrder++).toString().padStart(6, '0')}`;
      metrics.orders.inc({ status: 'completed' });
      metrics.orderValue.inc({ currency: CURRENCY }, toEuros(totalCents));
      business.orders.add(1, { status: 'completed' });
      request.log.info(
        { event: 'order_placed', orderId, cartId: cart.id, items: cart.lines.length, amount: toEuros(totalCents), currency: CURRENCY },
        'order placed',
      );
      reply.code(201);
      return { orderId, transactionId, total: toEuros(totalCents), currency: CURRENCY };
    },
  );

  app.post(
    '/signup',
    {
      schema: {
        body: Type.Object(
          { email: Type.String({ format: 'email', maxLength: 200 }), name: Type.Optional(Type.String({ maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ userId: Type.String() }), 400: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const email = request.body.email.toLowerCase();
      if (accounts.has(email)) throw new ShopError(409, 'conflict', 'an account with this email already exists');
      accounts.add(email);
      metrics.signups.inc();
      const userId = `u-${accounts.size}`;
      // Never log the address itself: the domain is enough to see a pattern.
      request.log.info({ event: 'user_signed_up', userId, emailDomain: email.split('@')[1] }, 'user signed up');
      reply.code(201);
      return { userId };
    },
  );
};
