/** What one request to the shop returned; network failures are status 0 (the generator never throws on them). */
export interface ShopResponse {
  readonly status: number;
  readonly body: unknown;
}

/** A tiny JSON client for the shop (global fetch), with a per-request timeout. */
export class ShopClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ShopResponse> {
    try {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON (e.g. an HTML error page of a proxy): keep the text.
      }
      return { status: res.status, body: parsed };
    } catch {
      return { status: 0, body: undefined };
    }
  }
}
