import type { FastifyInstance } from 'fastify';

/** Form fields; a field given more than once (`match[]`) becomes an array, as Go's `r.Form` keeps them all. */
export type FormFields = Record<string, string | string[]>;

export function parseFormBody(body: string): FormFields {
  const out: FormFields = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const prev = out[key];
    if (prev === undefined) out[key] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else out[key] = [prev, value];
  }
  return out;
}

/** Registers `application/x-www-form-urlencoded` (what Grafana and promtool POST to the query API) in a scope. */
export function registerFormBodyParser(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, parseFormBody(body as string));
  });
}
