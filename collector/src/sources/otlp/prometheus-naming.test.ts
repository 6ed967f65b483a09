import { describe, expect, it } from 'vitest';
import { prometheusLabelName, prometheusMetricName, type PrometheusMetricKind } from './prometheus-naming.js';

describe('prometheusMetricName', () => {
  // Expected names as prometheus/otlptranslator (UnderscoreEscapingWithSuffixes) builds them.
  const cases: Array<[string, string, PrometheusMetricKind, string]> = [
    ['http.server.request.duration', 's', 'histogram', 'http_server_request_duration_seconds'],
    ['http.server.duration', 'ms', 'histogram', 'http_server_duration_milliseconds'],
    ['http.client.duration', 'ms', 'histogram', 'http_client_duration_milliseconds'],
    ['orders', '{order}', 'counter', 'orders_total'],
    ['orders.total', '', 'counter', 'orders_total'],
    ['requests.count', '1', 'counter', 'requests_count_total'],
    ['system.memory.usage', 'By', 'gauge', 'system_memory_usage_bytes'],
    ['system.cpu.utilization', '1', 'gauge', 'system_cpu_utilization_ratio'],
    ['cache.hit.ratio', '1', 'gauge', 'cache_hit_ratio'],
    ['network.io', 'By/s', 'gauge', 'network_io_bytes_per_second'],
    ['throughput', '{req}/s', 'gauge', 'throughput_per_second'],
    ['queue.size', '{items}', 'non-monotonic-counter', 'queue_size'],
    ['active.requests', '1', 'non-monotonic-counter', 'active_requests'],
    ['process.runtime.seconds', 's', 'counter', 'process_runtime_seconds_total'],
    ['foo--bar__baz', '', 'gauge', 'foo_bar_baz'],
    ['2xx.count', '', 'counter', '_2xx_count_total'],
    ['temp', 'Cel', 'gauge', 'temp_celsius'],
    ['disk.io', 'MiBy', 'counter', 'disk_io_mebibytes_total'],
    ['weird', 'foo/bar', 'gauge', 'weird_foo_per_bar'],
    ['http.server.active_requests', '{request}', 'non-monotonic-counter', 'http_server_active_requests'],
    ['a:b.c', '', 'gauge', 'a:b_c'],
  ];
  it.each(cases)('%s [%s, %s] -> %s', (name, unit, kind, expected) => {
    expect(prometheusMetricName(name, unit, kind)).toBe(expected);
  });
});

describe('prometheusLabelName', () => {
  it.each([
    ['http.method', 'http_method'],
    ['http.response.status_code', 'http_response_status_code'],
    ['a..b', 'a_b'],
    ['123abc', 'key_123abc'],
    ['__reserved__', '__reserved__'],
    ['__a.b__', '__a_b__'],
    ['ünïcode', '_n_code'],
  ])('%s -> %s', (key, expected) => {
    expect(prometheusLabelName(key)).toBe(expected);
  });
  it('drops names with nothing valid left', () => {
    expect(prometheusLabelName('...')).toBeUndefined();
    expect(prometheusLabelName('')).toBeUndefined();
  });
});
