import type { Options } from 'k6/options';

// Load profiles shared by the suites (as in grafana/quickpizza): pick one with `-e PROFILE=average`.
export const PROFILES: Record<string, Options> = {
  smoke: { vus: 1, duration: '30s' },
  average: {
    stages: [
      { duration: '1m', target: 20 },
      { duration: '3m', target: 20 },
      { duration: '1m', target: 0 },
    ],
  },
  stress: {
    stages: [
      { duration: '2m', target: 100 },
      { duration: '5m', target: 100 },
      { duration: '2m', target: 0 },
    ],
  },
};

export function profile(): Options {
  const name = __ENV.PROFILE || 'smoke';
  const chosen = PROFILES[name];
  if (!chosen) throw new Error(`unknown PROFILE "${name}": use one of ${Object.keys(PROFILES).join(', ')}`);
  return chosen;
}
