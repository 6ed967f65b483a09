// The traffic generator's process entry: visitor sessions against the shop until SIGINT/SIGTERM; a summary line
// every 30 s on stdout (JSON, like the other processes of `npm run demo`).
import { DemoConfigError, loadTrafficConfig, type TrafficConfig } from '../config/demo-config.js';
import { TrafficGenerator } from './traffic-generator.js';

function say(level: number, msg: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ level, time: Date.now(), msg, ...fields })}\n`);
}

let config: TrafficConfig;
try {
  config = loadTrafficConfig(process.env);
} catch (err) {
  if (err instanceof DemoConfigError) {
    process.stderr.write(`traffic: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}

const generator = new TrafficGenerator({
  target: config.target,
  sessionsPerSecond: config.sessionsPerSecond,
  dayPeriodMs: config.dayPeriodMs,
  bursts: config.bursts,
  thinkTimeMs: config.thinkTimeMs,
});
generator.start();
say(30, `sending traffic to ${config.target}: about ${config.sessionsPerSecond} visitor sessions/s`, {
  dayPeriodMs: config.dayPeriodMs,
  bursts: config.bursts,
  thinkTimeMs: config.thinkTimeMs,
});

let last = { requests: 0, failures: 0 };
let shopDown = false;
const report = setInterval(() => {
  const s = generator.stats;
  const failures = s.byStatus['0'] ?? 0;
  const newRequests = s.requests - last.requests;
  const newFailures = failures - last.failures;
  // The shop unreachable: one line when it goes away and one when it is back, not one per request.
  if (newRequests > 0 && newFailures === newRequests && !shopDown) {
    shopDown = true;
    say(40, `the shop at ${config.target} does not answer; still trying`);
  } else if (shopDown && newFailures < newRequests) {
    shopDown = false;
    say(30, `the shop at ${config.target} answers again`);
  }
  last = { requests: s.requests, failures };
  say(30, 'traffic so far', { sessions: s.sessions, requests: s.requests, byStatus: s.byStatus, outcomes: s.outcomes, active: generator.active, burst: generator.inBurst });
}, 30_000);
report.unref();

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearInterval(report);
  say(30, `${signal}: stopping the traffic`);
  await generator.stop();
  say(30, 'traffic stopped', { sessions: generator.stats.sessions, requests: generator.stats.requests });
  process.exit(0);
}
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
