// Readiness of each data family the demo feeds, asked of the api the way the dashboard asks (PromQL, the log API,
// the SLO and rules endpoints), so the browser test opens pages once there is something to draw instead of after
// fixed sleeps.

/** A PromQL query that answers at least one sample with a value > 0 once the family has data. */
export const METRIC_FAMILIES: Readonly<Record<string, string>> = {
  'shop requests (scraped)': 'sum(rate(http_request_duration_seconds_count{job="shop"}[1m]))',
  'shop 5xx answers': 'sum(rate(http_request_duration_seconds_count{job="shop",status_code=~"5.."}[1m]))',
  'completed orders': 'sum(rate(orders_total{status="completed"}[1m]))',
  'failed payments': 'sum(rate(orders_total{status="payment_failed"}[1m]))',
  'order value': 'sum(rate(order_value_total[1m]))',
  'sign-ups': 'sum(rate(signups_total[1m]))',
  'abandoned carts': 'sum(rate(cart_abandoned_total[1m]))',
  'shop OTLP metrics': 'count(shop_orders_total{job="shop"})',
  'host CPU (node_*)': 'count(rate(node_cpu_seconds_total{mode="idle"}[1m]))',
  'host network (node_*)': 'count(rate(node_network_receive_bytes_total[1m]))',
  'PostgreSQL up': 'pg_up',
  'PostgreSQL transactions': 'sum(rate(pg_stat_database_xact_commit[1m]))',
  'PostgreSQL cache hits': 'sum(rate(pg_stat_database_blks_hit[1m]))',
  'Redis up': 'redis_up',
  'Redis hits': 'sum(rate(redis_keyspace_hits_total[1m]))',
  'Redis commands': 'sum(rate(redis_commands_processed_total[1m]))',
  // Written by the SLO's generated rules (every minute): the SLO detail page draws them.
  'shop SLO burn-rate recordings': 'count(slo:sli_error:ratio_rate5m{sloth_id="shop-availability"})',
};

interface VectorAnswer {
  readonly data?: { readonly result?: ReadonlyArray<{ readonly value: readonly [number, string] }> };
}

async function getJson(url: string): Promise<unknown> {
  try {
    const r = await fetch(url);
    return r.ok ? await r.json() : undefined;
  } catch {
    return undefined;
  }
}

async function positive(base: string, promql: string): Promise<boolean> {
  const body = (await getJson(`${base}/api/v1/query?query=${encodeURIComponent(promql)}`)) as VectorAnswer | undefined;
  return (body?.data?.result ?? []).some((s) => Number(s.value[1]) > 0);
}

/** The names of the families that have no data yet (empty: all ready). */
export async function missingFamilies(base: string): Promise<string[]> {
  const missing: string[] = [];
  for (const [name, promql] of Object.entries(METRIC_FAMILIES)) if (!(await positive(base, promql))) missing.push(name);
  const logs = (await getJson(`${base}/api/v1/logs?query=${encodeURIComponent('service:shop level:error')}&limit=1`)) as { data?: { records?: unknown[] } } | undefined;
  if ((logs?.data?.records ?? []).length === 0) missing.push('shop error log lines');
  // The shop's SLOs evaluated with traffic in their burn-rate windows. (Their period SLI needs a settled 5-minute
  // slice of Occurrences, which a fresh demo has only after ~6 minutes: the test does not wait for that.)
  const slos = (await getJson(`${base}/api/v1/slos`)) as { data?: { slos?: Array<{ name: string; result: { windowEvents: Record<string, number | null> } | null }> } } | undefined;
  const evaluated = (slos?.data?.slos ?? []).filter((s) => s.name.startsWith('shop-') && (s.result?.windowEvents['5m'] ?? 0) > 0);
  if (evaluated.length < 3) missing.push('the shop SLOs evaluated with traffic');
  const rules = (await getJson(`${base}/api/v1/rules`)) as { data?: { groups?: Array<{ rules: Array<{ health: string }> }> } } | undefined;
  if (!(rules?.data?.groups ?? []).some((g) => g.rules.some((r) => r.health === 'ok'))) missing.push('evaluated rules');
  // The shop fails more than its SLOs allow: their burn-rate alerts fire (the Overview's alerts panel lists them).
  const alerts = (await getJson(`${base}/api/v1/alerts`)) as { data?: { alerts?: Array<{ state: string }> } } | undefined;
  if (!(alerts?.data?.alerts ?? []).some((a) => a.state === 'firing')) missing.push('a firing alert');
  return missing;
}

/** Polls until every family has data; fails naming the families still missing after `timeoutMs`. */
export async function waitForData(base: string, timeoutMs: number, alive: () => boolean, output: () => string): Promise<number> {
  const started = Date.now();
  let missing: string[] = [];
  while (Date.now() - started < timeoutMs) {
    if (!alive()) throw new Error(`scripts/demo.mjs exited while waiting for data:\n${output().slice(-10_000)}`);
    missing = await missingFamilies(base);
    if (missing.length === 0) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`after ${timeoutMs / 1000} s the api still has no data for: ${missing.join(', ')}\n${output().slice(-10_000)}`);
}
