import type { Logger } from 'pino';
import type { AlertListener, AlertRuleRef, AlertSnapshot } from '../alerting/alert.js';
import type { Labels } from '../storage/labels.js';
import { alertFingerprint, type NotifyAlert } from './notify-alert.js';
import type { NotificationAction, NotifyStore, PersistedGroup } from './notify-store.js';
import type { NotifyRoute } from './notify-config.js';
import { buildPagerDutyEvent } from './pagerduty-event.js';
import { dedupKeyOf, type RouteTree } from './route-tree.js';
import type { SilenceRegistry } from './silence-registry.js';

export interface AlertDispatcherOptions {
  readonly routes: RouteTree;
  readonly store: NotifyStore;
  readonly silences: SilenceRegistry;
  readonly resolveTimeoutMs: number;
  /** The dashboard's base URL for links. */
  readonly externalUrl: string;
  readonly logger: Logger;
  readonly now?: () => number;
  /** Called after a notification was committed to the outbox (wakes the worker). */
  readonly onEnqueued?: (id: number) => void;
}

/** An aggregation group in memory. */
interface Group {
  readonly groupKey: string;
  route: NotifyRoute;
  readonly dedupKey: string;
  readonly groupLabels: Labels;
  readonly alerts: Map<string, NotifyAlert>;
  lastFiring: Set<string>;
  lastNotifiedAt: number | undefined;
  nextFlushAt: number;
  persisted: boolean;
}

/** What a group flush decided (tests and the API read it). */
export interface FlushOutcome {
  readonly groupKey: string;
  readonly action: NotificationAction | undefined;
  readonly notificationId: number | undefined;
}

/**
 * Alertmanager's dispatcher for the PagerDuty receiver. Takes what the rule engine would send to Alertmanager
 * (`onAlerts`: firing alerts and recently resolved ones), routes each alert (RouteTree), groups it by the
 * route's group_by, and flushes each group on its timers: first group_wait after the group appears, then every
 * group_interval. A flush sends a trigger when the set of firing, unsilenced alerts differs from the last one
 * sent or repeat_interval has passed since; a resolve when no alert fires any more and the last notification was
 * a trigger. Silenced alerts are left out: a group whose firing alerts are all silenced sends nothing (an open
 * incident stays open until its alerts really resolve; one that was never triggered is never resolved). A firing
 * alert the rule engine stops reporting is resolved after resolveTimeout.
 *
 * Each notification is committed to the outbox together with the group's new state (NotifyStore.record) before
 * anything is sent, so after a restart the restored groups do not notify again what was already notified.
 */
export class AlertDispatcher implements AlertListener {
  private readonly groups = new Map<string, Group>();
  private readonly now: () => number;
  private readonly warnedRoutes = new Set<string>();

  constructor(private readonly opts: AlertDispatcherOptions) {
    this.now = opts.now ?? Date.now;
    const now = this.now();
    for (const p of opts.store.loadGroups()) {
      const route = opts.routes.route(p.route);
      this.groups.set(p.groupKey, {
        groupKey: p.groupKey,
        route,
        dedupKey: p.dedupKey,
        groupLabels: p.groupLabels,
        // Restored alerts count as seen now: the rule engine has resolveTimeout to report them again.
        alerts: new Map(p.alerts.map((a) => [a.fingerprint, { ...a, lastSeen: now }])),
        lastFiring: new Set(p.lastFiring),
        lastNotifiedAt: p.lastNotifiedAt,
        nextFlushAt: now + route.groupIntervalMs,
        persisted: true,
      });
    }
  }

  /** AlertListener: the alerts of one rule group after its evaluation (firing, and resolved in the last 15m). */
  onAlerts(_source: { readonly file: string; readonly group: string }, alerts: readonly (AlertSnapshot & { readonly source: AlertRuleRef })[], at: number): void {
    for (const a of alerts) this.receive(a, a.source, at);
  }

  /** Takes one alert (also the entry point for alerts that do not come from a RuleManager, e.g. SLO burn rates). */
  receive(a: AlertSnapshot, source: AlertRuleRef | undefined, at: number): void {
    if (a.state === 'pending') return;
    const firing = a.state === 'firing';
    const fingerprint = alertFingerprint(a.labels);
    for (const m of this.opts.routes.match(a.labels)) {
      if (m.routingKey === undefined) {
        if (!this.warnedRoutes.has(m.route.name)) {
          this.warnedRoutes.add(m.route.name);
          this.opts.logger.warn({ route: m.route.name }, `alerts of route "${m.route.name}" are not sent to PagerDuty: no routing key (set PAGERDUTY_ROUTING_KEY or the route's routingKey)`);
        }
        continue;
      }
      let g = this.groups.get(m.groupKey);
      if (!g) {
        if (!firing) continue; // a resolved alert the notifier never saw firing: nothing to resolve
        g = {
          groupKey: m.groupKey,
          route: m.route,
          dedupKey: dedupKeyOf(m.groupKey),
          groupLabels: m.groupLabels,
          alerts: new Map(),
          lastFiring: new Set(),
          lastNotifiedAt: undefined,
          nextFlushAt: at + m.route.groupWaitMs,
          persisted: false,
        };
        this.groups.set(m.groupKey, g);
      }
      g.route = m.route;
      const prev = g.alerts.get(fingerprint);
      if (!firing && !prev) continue;
      const startsAt = a.firedAt ?? a.activeAt;
      g.alerts.set(fingerprint, {
        fingerprint,
        labels: a.labels,
        annotations: a.annotations,
        status: firing ? 'firing' : 'resolved',
        startsAt: firing || prev === undefined ? startsAt : prev.startsAt,
        endsAt: firing ? undefined : (a.resolvedAt ?? at),
        lastSeen: at,
        source,
      });
    }
  }

  /** When the next group flush is due; undefined with no groups. */
  nextFlushAt(): number | undefined {
    let next: number | undefined;
    for (const g of this.groups.values()) if (next === undefined || g.nextFlushAt < next) next = g.nextFlushAt;
    return next;
  }

  /** Flushes every group that is due at `now` (the notifier's timer, or tests on a fake clock). */
  flushDue(now: number = this.now()): FlushOutcome[] {
    const out: FlushOutcome[] = [];
    for (const g of [...this.groups.values()]) {
      if (g.nextFlushAt <= now) out.push(this.flush(g, now));
    }
    return out;
  }

  /** The groups and their alerts (API, tests). */
  snapshot(): Array<{ groupKey: string; route: string; dedupKey: string; alerts: NotifyAlert[]; lastFiring: string[]; nextFlushAt: number }> {
    return [...this.groups.values()].map((g) => ({
      groupKey: g.groupKey,
      route: g.route.name,
      dedupKey: g.dedupKey,
      alerts: [...g.alerts.values()],
      lastFiring: [...g.lastFiring],
      nextFlushAt: g.nextFlushAt,
    }));
  }

  private flush(g: Group, now: number): FlushOutcome {
    for (const [fp, a] of g.alerts) {
      if (a.status === 'firing' && now - a.lastSeen > this.opts.resolveTimeoutMs) {
        g.alerts.set(fp, { ...a, status: 'resolved', endsAt: a.lastSeen + this.opts.resolveTimeoutMs });
      }
    }
    const alerts = [...g.alerts.values()];
    const firing = alerts.filter((a) => a.status === 'firing');
    const active = firing.filter((a) => this.opts.silences.mutedBy(a.labels, now).length === 0);
    const resolved = alerts.filter((a) => a.status === 'resolved' && g.lastFiring.has(a.fingerprint));
    let action: NotificationAction | undefined;
    if (active.length > 0) {
      const changed = active.length !== g.lastFiring.size || active.some((a) => !g.lastFiring.has(a.fingerprint));
      const repeat = g.lastNotifiedAt === undefined || now - g.lastNotifiedAt >= g.route.repeatIntervalMs;
      if (changed || repeat) action = 'trigger';
    } else if (firing.length === 0 && g.lastFiring.size > 0) {
      action = 'resolve';
    }
    // The group's state after this flush, committed (with the notification) before memory changes: if the write
    // fails, the group is flushed again next tick with the same decision, and nothing is half-done.
    // Resolved alerts leave the group once this flush has reported them (or when nothing was ever sent for them).
    const remaining = new Map([...g.alerts].filter(([, a]) => a.status !== 'resolved'));
    const sentFiring = action === 'trigger' ? active : [];
    const lastFiring = action ? new Set(sentFiring.map((a) => a.fingerprint)) : g.lastFiring;
    const done = remaining.size === 0 && lastFiring.size === 0;
    let notificationId: number | undefined;
    if (action) {
      const kind = action;
      const state: PersistedGroup | { delete: string } = done
        ? { delete: g.groupKey }
        : {
            groupKey: g.groupKey,
            route: g.route.name,
            dedupKey: g.dedupKey,
            groupLabels: g.groupLabels,
            lastFiring: [...lastFiring],
            lastNotifiedAt: now,
            alerts: [...remaining.values()],
          };
      notificationId = this.opts.store.record(state, {
        dedupKey: g.dedupKey,
        action: kind,
        route: g.route.name,
        groupKey: g.groupKey,
        createdAt: now,
        event: (id) =>
          buildPagerDutyEvent({
            id,
            action: kind,
            dedupKey: g.dedupKey,
            groupKey: g.groupKey,
            groupLabels: g.groupLabels,
            firing: sentFiring,
            resolved,
            at: now,
            externalUrl: this.opts.externalUrl,
          }),
      });
      g.lastFiring = lastFiring;
      g.lastNotifiedAt = now;
      g.persisted = !done;
    } else if (done && g.persisted) {
      this.opts.store.record({ delete: g.groupKey });
    }
    g.alerts.clear();
    for (const [fp, a] of remaining) g.alerts.set(fp, a);
    g.nextFlushAt = now + g.route.groupIntervalMs;
    if (done) this.groups.delete(g.groupKey);
    if (notificationId !== undefined) this.opts.onEnqueued?.(notificationId);
    return { groupKey: g.groupKey, action, notificationId };
  }
}
