import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';

export interface TextResponse {
  readonly status: number;
  readonly statusText: string;
  readonly contentType: string;
  /** The decoded body of a 2xx answer; empty otherwise (it is not read). */
  readonly body: string;
}

export interface GetOptions {
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly followRedirects: boolean;
}

const MAX_REDIRECTS = 10;
const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
/** Keep-alive connections, as Prometheus keeps them to its targets between scrapes. */
const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

/**
 * GET with node:http(s): the whole answer (redirects followed, gzip/deflate bodies decoded) within
 * `timeoutMs`, else an Error named TimeoutError. node:http rather than fetch: with 100 targets scraped at
 * once, fetch (undici) costs about twice the memory for the same bodies (measured in bench/scrape.ts).
 */
export async function httpGetText(url: URL, options: GetOptions): Promise<TextResponse> {
  const deadline = Date.now() + options.timeoutMs;
  let current = url;
  for (let redirects = 0; ; redirects++) {
    const res = await getOnce(current, options, deadline);
    if (res.location === undefined || !options.followRedirects || redirects >= MAX_REDIRECTS) return res;
    current = new URL(res.location, current);
  }
}

function getOnce(url: URL, options: GetOptions, deadline: number): Promise<TextResponse & { location?: string }> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | undefined, res?: TextResponse & { location?: string }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err !== undefined) reject(err);
      else resolve(res as TextResponse & { location?: string });
    };
    const secure = url.protocol === 'https:';
    const req = (secure ? https : http).get(url, { headers: options.headers, agent: secure ? agents.https : agents.http }, (res) => {
      const status = res.statusCode ?? 0;
      const base = { status, statusText: res.statusMessage ?? '', contentType: res.headers['content-type'] ?? '' };
      const location = res.headers.location;
      if (REDIRECTS.has(status) && location !== undefined) {
        res.resume();
        finish(undefined, { ...base, body: '', location });
        return;
      }
      if (status < 200 || status > 299) {
        res.resume();
        finish(undefined, { ...base, body: '' });
        return;
      }
      const encoding = (res.headers['content-encoding'] ?? '').toLowerCase();
      let stream: Readable = res;
      if (encoding === 'gzip' || encoding === 'x-gzip') stream = res.pipe(createGunzip());
      else if (encoding === 'deflate') stream = res.pipe(createInflate());
      stream.setEncoding('utf8');
      let body = '';
      stream.on('data', (chunk: string) => (body += chunk));
      stream.on('end', () => finish(undefined, { ...base, body }));
      stream.on('error', (err) => finish(err));
      res.on('error', (err) => finish(err));
    });
    req.on('error', (err) => finish(err));
    const timer = setTimeout(() => {
      const err = new Error(`timeout after ${Math.max(0, deadline - Date.now())}ms`);
      err.name = 'TimeoutError';
      finish(err);
      req.destroy(err);
    }, Math.max(0, deadline - Date.now()));
  });
}
