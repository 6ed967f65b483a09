import { createHash } from 'node:crypto';
import { compileMatcher, type ValuePredicate } from '../storage/label-matcher.js';
import type { Labels } from '../storage/labels.js';
import type { NotifyRoute, PagerDutyConfig } from './notify-config.js';

/** Where an alert goes: the route, its routing key, and the aggregation group inside the route. */
export interface RouteMatch {
  readonly route: NotifyRoute;
  readonly routingKey: string | undefined;
  /** `<route name>:{label="value",...}` over the route's group_by labels. */
  readonly groupKey: string;
  readonly groupLabels: Labels;
}

/** The root route: alerts no listed route takes (default routing key, default timing). */
export const ROOT_ROUTE_NAME = 'default';

/**
 * Alertmanager's routing with one level of child routes: the routes are tried in order, the first whose matchers
 * all match takes the alert, and a route with `continue: true` lets the following routes match too. An alert no
 * route takes goes to the root route (`notify.pagerduty` timing, default routing key).
 */
export class RouteTree {
  private readonly root: NotifyRoute;
  /** Each route's matchers compiled once (regexes): match() runs for every alert of every evaluation. */
  private readonly compiled: ReadonlyArray<{ readonly route: NotifyRoute; readonly tests: ReadonlyArray<readonly [string, ValuePredicate]> }>;

  constructor(private readonly config: PagerDutyConfig) {
    this.root = { name: ROOT_ROUTE_NAME, matchers: [], matcherText: [], routingKey: undefined, continue: false, ...config.defaults };
    this.compiled = config.routes.map((route) => ({ route, tests: route.matchers.map((m) => [m.name, compileMatcher(m)] as const) }));
  }

  match(labels: Labels): RouteMatch[] {
    const out: RouteMatch[] = [];
    for (const { route, tests } of this.compiled) {
      if (!tests.every(([name, test]) => test(labels[name] ?? ''))) continue;
      out.push(this.matchOf(route, labels));
      if (!route.continue) return out;
    }
    if (out.length === 0) out.push(this.matchOf(this.root, labels));
    return out;
  }

  /** The route of a name (routes of persisted groups and notifications), the root for an unknown one. */
  route(name: string): NotifyRoute {
    return this.config.routes.find((r) => r.name === name) ?? this.root;
  }

  routingKeyOf(route: NotifyRoute): string | undefined {
    return route.routingKey ?? this.config.defaultRoutingKey;
  }

  /** True when no alert can be sent anywhere (no default key and no route with a key). */
  get sendsNothing(): boolean {
    return this.config.defaultRoutingKey === undefined && this.config.routes.every((r) => r.routingKey === undefined);
  }

  private matchOf(route: NotifyRoute, labels: Labels): RouteMatch {
    const groupLabels = groupLabelsOf(labels, route.groupBy);
    return { route, routingKey: this.routingKeyOf(route), groupLabels, groupKey: `${route.name}:${formatLabels(groupLabels)}` };
  }
}

function groupLabelsOf(labels: Labels, groupBy: readonly string[]): Labels {
  if (groupBy.length === 1 && groupBy[0] === '...') return labels;
  const out: Record<string, string> = {};
  for (const n of [...groupBy].sort()) {
    const v = labels[n];
    if (v !== undefined && v !== '') out[n] = v;
  }
  return out;
}

/** `{a="1",b="2"}` with names sorted. */
export function formatLabels(labels: Labels): string {
  return `{${Object.keys(labels)
    .sort()
    .map((n) => `${n}=${JSON.stringify(labels[n])}`)
    .join(',')}}`;
}

/**
 * The PagerDuty `dedup_key` of an aggregation group: hex sha256 of the group key, as Alertmanager's PagerDuty
 * integration does. Stable across restarts; one open incident per group (per alert with group_by ['...']).
 */
export function dedupKeyOf(groupKey: string): string {
  return createHash('sha256').update(groupKey).digest('hex');
}
