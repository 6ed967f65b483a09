import type { ErrorType } from './shop-metrics.js';

/** An error the shop answers with a status and a kind (the `type` label of `errors_total`). */
export class ShopError extends Error {
  constructor(
    readonly statusCode: number,
    readonly type: ErrorType,
    message: string,
    readonly details: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ShopError';
  }
}
