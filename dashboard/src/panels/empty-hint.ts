const HINTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bpg_/, 'No PostgreSQL data: add a postgres target in the collector config (see collector/CONFIG.md).'],
  [/\bredis_/, 'No Redis data: add a redis target in the collector config (see collector/CONFIG.md).'],
  [/\bnode_/, 'No host data: enable the host source in the collector config.'],
  [/\bhttp_request_duration_seconds/, 'No request metrics: scrape a service that exports http_request_duration_seconds (npm run demo starts one).'],
  [/\b(orders_total|order_value_total|signups_total|cart_abandoned_total)\b/, 'No shop metrics: run the demo shop (npm run demo) or scrape your service.'],
];

/** What to do when a panel's query answers no series, from the metric family it reads. */
export function emptyHint(query: string): string {
  for (const [re, hint] of HINTS) if (re.test(query)) return hint;
  return 'No data in this time range: widen the range, or check that a collector target exports these metrics.';
}
