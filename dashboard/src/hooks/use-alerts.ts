import { useEffect, useState } from 'react';
import { alerts as fetchAlerts } from '../api/prom-api.js';
import type { PromAlert } from '../api/types.js';

export interface AlertsState {
  readonly alerts: PromAlert[];
  readonly error?: string;
  /** False until the first answer (alerts or error) arrived; the last alerts stay while refetching. */
  readonly loaded: boolean;
}

/** Alerts from /api/v1/alerts (the burn-rate alerts carry the `slo` label); refetched when `key` changes. */
export function useAlerts(key: string): AlertsState {
  const [state, setState] = useState<AlertsState>({ alerts: [], loaded: false });
  useEffect(() => {
    const abort = new AbortController();
    void fetchAlerts(abort.signal).then((r) => {
      if (abort.signal.aborted) return;
      setState(r.ok ? { alerts: r.data.alerts, loaded: true } : { alerts: [], error: r.message, loaded: true });
    });
    return () => abort.abort();
  }, [key]);
  return state;
}

/** Firing alerts per SLO name (`slo` label). */
export function firingBySlo(alerts: readonly PromAlert[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of alerts) {
    const slo = a.labels.slo;
    if (slo !== undefined && a.state === 'firing') out.set(slo, (out.get(slo) ?? 0) + 1);
  }
  return out;
}
