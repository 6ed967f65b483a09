import { useEffect, useState } from 'react';
import { listNotifications, listSilences, type NotificationList, type SilenceJson } from '../../api/notify-api.js';
import { alerts as fetchAlerts, queryRange, rules as fetchRules } from '../../api/prom-api.js';
import type { MatrixSeries, PromAlert, PromRuleGroup } from '../../api/types.js';
import { stepForWidth } from '../../time/query-step.js';
import { transitionsFromAlertsSeries, type HistoryEntry } from './alert-history.js';

export interface Loaded<T> {
  readonly data?: T;
  readonly error?: string;
}

/** Fetches `load` again whenever `key` changes; keeps the last data while reloading. */
function useLoaded<T>(key: string, load: (signal: AbortSignal) => Promise<{ ok: true; data: T } | { ok: false; message: string }>): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({});
  useEffect(() => {
    const abort = new AbortController();
    void load(abort.signal).then((r) => {
      if (!abort.signal.aborted) setState(r.ok ? { data: r.data } : { error: r.message });
    });
    return () => abort.abort();
    // `load` is a fresh closure per render; `key` says when to fetch again.
  }, [key]);
  return state;
}

export interface AlertsData {
  readonly alerts: Loaded<PromAlert[]>;
  readonly rules: Loaded<PromRuleGroup[]>;
  readonly silences: Loaded<SilenceJson[]>;
  readonly notifications: Loaded<NotificationList>;
  readonly history: Loaded<HistoryEntry[]>;
  /** The history query's step (seconds): its transitions are this precise. */
  readonly historyStepS: number;
}

/** Everything the alerts page shows; `key` refetches all, `silencesKey` only the silences; history over [startS, endS]. */
export function useAlertsData(key: string, silencesKey: string, startS: number, endS: number): AlertsData {
  const alerts = useLoaded(key, async (signal) => {
    const r = await fetchAlerts(signal);
    return r.ok ? { ok: true as const, data: r.data.alerts } : r;
  });
  const rules = useLoaded(key, async (signal) => {
    const r = await fetchRules(signal);
    return r.ok ? { ok: true as const, data: r.data.groups } : r;
  });
  const silences = useLoaded(`${key}:${silencesKey}`, (signal) => listSilences(signal));
  const notifications = useLoaded(key, (signal) => listNotifications({ limit: 500 }, signal));
  const step = stepForWidth(startS, endS, 1000, 15);
  const history = useLoaded(`${key}:${startS}:${endS}`, async (signal) => {
    const r = await queryRange('ALERTS', startS, endS, step, signal);
    if (!r.ok) return r;
    return { ok: true as const, data: transitionsFromAlertsSeries(r.data.result as unknown as MatrixSeries[], step, startS, endS) };
  });
  return { alerts, rules, silences, notifications, history, historyStepS: step };
}
