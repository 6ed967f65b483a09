// Line protocol for the browser test: an hour of the series the shipped boards read, every 15 s, for two hosts
// and the shop's routes (counters increase; histogram buckets are cumulative).

const ROUTES = ['/api/orders', '/api/cart'];
const BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** Lines with second timestamps (`precision=s`) from `endS - hours*3600` to `endS`. */
export function demoLines(endS: number, hours = 1): string[] {
  const lines: string[] = [];
  const startS = endS - hours * 3600;
  for (let t = startS, i = 0; t <= endS; t += 15, i++) {
    for (const host of ['web-1', 'web-2']) {
      const busy = host === 'web-1' ? 0.35 : 0.6;
      lines.push(`node_cpu_seconds_total,instance=${host},job=node,cpu=0,mode=idle value=${(i * 15 * (1 - busy)).toFixed(2)} ${t}`);
      lines.push(`node_memory_MemTotal_bytes,instance=${host},job=node value=8589934592 ${t}`);
      lines.push(`node_memory_MemAvailable_bytes,instance=${host},job=node value=${3e9 + (i % 40) * 1e7} ${t}`);
      lines.push(`node_load1,instance=${host},job=node value=${(1 + Math.sin(i / 10)).toFixed(3)} ${t}`);
      lines.push(`node_load5,instance=${host},job=node value=1.2 ${t}`);
      lines.push(`node_load15,instance=${host},job=node value=1.1 ${t}`);
      lines.push(`node_filesystem_avail_bytes,instance=${host},job=node,mountpoint=/,fstype=ext4 value=${4e10} ${t}`);
      lines.push(`node_filesystem_size_bytes,instance=${host},job=node,mountpoint=/,fstype=ext4 value=${1e11} ${t}`);
      lines.push(`node_network_receive_bytes_total,instance=${host},job=node,device=eth0 value=${i * 15 * 2e5} ${t}`);
      lines.push(`node_network_transmit_bytes_total,instance=${host},job=node,device=eth0 value=${i * 15 * 1e5} ${t}`);
    }
    for (const route of ROUTES) {
      const rps = route === '/api/orders' ? 4 : 10;
      const total = i * 15 * rps;
      const errors = Math.floor(total * 0.02);
      lines.push(`http_request_duration_seconds_count,job=shop,route=${route},method=GET,status_code=200 value=${total - errors} ${t}`);
      lines.push(`http_request_duration_seconds_count,job=shop,route=${route},method=GET,status_code=500 value=${errors} ${t}`);
      BUCKETS.forEach((le, b) => {
        const share = Math.min(1, 0.3 + b * 0.15);
        lines.push(`http_request_duration_seconds_bucket,job=shop,route=${route},method=GET,status_code=200,le=${le} value=${Math.floor((total - errors) * share)} ${t}`);
      });
      lines.push(`http_request_duration_seconds_bucket,job=shop,route=${route},method=GET,status_code=200,le=+Inf value=${total - errors} ${t}`);
    }
    lines.push(`orders_total,job=shop,status=completed value=${i * 3} ${t}`);
    lines.push(`orders_total,job=shop,status=payment_failed value=${Math.floor(i / 5)} ${t}`);
    lines.push(`order_value_total,job=shop,currency=USD value=${i * 3 * 42.5} ${t}`);
    lines.push(`signups_total,job=shop value=${Math.floor(i / 2)} ${t}`);
    lines.push(`cart_abandoned_total,job=shop value=${Math.floor(i / 3)} ${t}`);
  }
  return lines;
}
