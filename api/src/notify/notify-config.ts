import { Type, type Static } from '@sinclair/typebox';
import { parseDuration } from '../config/duration.js';
import type { LabelMatcher } from '../storage/label-matcher.js';
import { parseMatcherString } from './label-matchers.js';

const DurationString = Type.String({ description: 'Prometheus duration, e.g. 30s, 5m, 4h' });

/** Timing and grouping settings a route may set; unset ones come from the `pagerduty` section (the root route). */
const RouteTimingProps = {
  groupBy: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: "label names; ['...'] groups by every label (one incident per alert)" })),
  groupWait: Type.Optional(DurationString),
  groupInterval: Type.Optional(DurationString),
  repeatInterval: Type.Optional(DurationString),
};

export const NotifyRouteFileSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, description: 'stable name (part of the dedup key); default routes[i]' })),
    matchers: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'label matchers, all must match: team="db", severity=~"critical|page"' })),
    routingKey: Type.Optional(Type.String({ minLength: 1 })),
    routingKeyFile: Type.Optional(Type.String({ minLength: 1 })),
    continue: Type.Optional(Type.Boolean()),
    ...RouteTimingProps,
  },
  { additionalProperties: false },
);

/** The `notify:` section of the api config file. */
export const NotifyConfigFileSchema = Type.Object(
  {
    pagerduty: Type.Optional(
      Type.Object(
        {
          server: Type.Optional(Type.String({ minLength: 1, description: 'Events API host[:port], always HTTPS' })),
          routingKey: Type.Optional(Type.String({ minLength: 1 })),
          routingKeyFile: Type.Optional(Type.String({ minLength: 1 })),
          caFile: Type.Optional(Type.String({ minLength: 1, description: 'extra PEM CA certificates trusted for the Events API' })),
          timeout: Type.Optional(DurationString),
          resolveTimeout: Type.Optional(DurationString),
          retryInitialBackoff: Type.Optional(DurationString),
          retryMaxBackoff: Type.Optional(DurationString),
          ...RouteTimingProps,
          routes: Type.Optional(Type.Array(NotifyRouteFileSchema)),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export type NotifyConfigFile = Static<typeof NotifyConfigFileSchema>;

/** Grouping and timing of one route, resolved (durations in ms). */
export interface RouteTiming {
  /** Label names; `['...']` means every label (each alert its own group). */
  readonly groupBy: readonly string[];
  readonly groupWaitMs: number;
  readonly groupIntervalMs: number;
  readonly repeatIntervalMs: number;
}

export interface NotifyRoute extends RouteTiming {
  readonly name: string;
  readonly matchers: readonly LabelMatcher[];
  /** The matcher strings as written (for logs and the API). */
  readonly matcherText: readonly string[];
  /** undefined: the default routing key. */
  readonly routingKey: string | undefined;
  readonly continue: boolean;
}

/** The resolved `notify.pagerduty` settings. */
export interface PagerDutyConfig {
  /** Events API host[:port] (pdjs always uses HTTPS): events.pagerduty.com, events.eu.pagerduty.com. */
  readonly server: string;
  /** Routing key of alerts no route matched (and of routes without their own); undefined: such alerts are not sent. */
  readonly defaultRoutingKey: string | undefined;
  /** PEM text of extra trusted CA certificates (from caFile). */
  readonly ca: string | undefined;
  readonly timeoutMs: number;
  /** A firing alert not reported by its rule for this long is taken as resolved (Alertmanager's resolve_timeout). */
  readonly resolveTimeoutMs: number;
  readonly retryInitialBackoffMs: number;
  readonly retryMaxBackoffMs: number;
  /** The root route's timing: the defaults of every route. */
  readonly defaults: RouteTiming;
  readonly routes: readonly NotifyRoute[];
}

export interface NotifyConfig {
  readonly pagerduty: PagerDutyConfig;
}

export const NOTIFY_DEFAULTS = Object.freeze({
  server: 'events.pagerduty.com',
  timeout: '10s',
  resolveTimeout: '5m',
  retryInitialBackoff: '1s',
  retryMaxBackoff: '5m',
  groupBy: ['...'] as readonly string[],
  groupWait: '30s',
  groupInterval: '5m',
  repeatInterval: '4h',
});

/** What the resolver needs from load-config: env values, file reading and located errors. */
export interface NotifyResolveContext {
  readonly env: { readonly PAGERDUTY_SERVER?: string; readonly PAGERDUTY_ROUTING_KEY?: string };
  readonly readFile: (path: string) => string;
  /** Builds an error naming the config file, line and field (`path` below the `notify` section). */
  readonly error: (path: readonly (string | number)[], message: string) => Error;
}

/**
 * Resolves the `notify` section: env `PAGERDUTY_SERVER` and `PAGERDUTY_ROUTING_KEY` override
 * `notify.pagerduty.server` and `.routingKey`; durations and matchers are parsed here, once.
 */
export function resolveNotifyConfig(section: NotifyConfigFile | undefined, ctx: NotifyResolveContext): NotifyConfig {
  const pd = section?.pagerduty ?? {};
  const base = ['notify', 'pagerduty'];
  const dur = (path: (string | number)[], text: string | undefined, def: string, min = 0): number => {
    let ms: number;
    try {
      ms = parseDuration(text ?? def);
    } catch (err) {
      throw ctx.error([...base, ...path], (err as Error).message);
    }
    if (ms < min) throw ctx.error([...base, ...path], min === 1 ? 'must be greater than 0' : `must be at least ${min}ms`);
    return ms;
  };
  const key = (path: (string | number)[], value: string | undefined, file: string | undefined): string | undefined => {
    if (value !== undefined && file !== undefined) throw ctx.error([...base, ...path, 'routingKey'], 'set routingKey or routingKeyFile, not both');
    if (file === undefined) return value;
    try {
      const text = ctx.readFile(file).trim();
      if (text === '') throw new Error('the file is empty');
      return text;
    } catch (err) {
      throw ctx.error([...base, ...path, 'routingKeyFile'], `cannot read ${file}: ${(err as Error).message}`);
    }
  };
  const server = nonEmpty(ctx.env.PAGERDUTY_SERVER) ?? pd.server ?? NOTIFY_DEFAULTS.server;
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(server)) {
    throw ctx.error([...base, 'server'], `"${server}" is not host[:port] (the Events API is always reached over HTTPS; no scheme or path)`);
  }
  let ca: string | undefined;
  if (pd.caFile !== undefined) {
    try {
      ca = ctx.readFile(pd.caFile);
    } catch (err) {
      throw ctx.error([...base, 'caFile'], `cannot read ${pd.caFile}: ${(err as Error).message}`);
    }
  }
  const defaults: RouteTiming = {
    groupBy: checkGroupBy(pd.groupBy ?? NOTIFY_DEFAULTS.groupBy, (m) => ctx.error([...base, 'groupBy'], m)),
    groupWaitMs: dur(['groupWait'], pd.groupWait, NOTIFY_DEFAULTS.groupWait),
    groupIntervalMs: dur(['groupInterval'], pd.groupInterval, NOTIFY_DEFAULTS.groupInterval, 1),
    repeatIntervalMs: dur(['repeatInterval'], pd.repeatInterval, NOTIFY_DEFAULTS.repeatInterval, 1),
  };
  const names = new Set<string>();
  const routes = (pd.routes ?? []).map((r, i): NotifyRoute => {
    const path = ['routes', i];
    const name = r.name ?? `routes[${i}]`;
    if (names.has(name)) throw ctx.error([...base, ...path, 'name'], `duplicate route name "${name}"`);
    names.add(name);
    const matchers = (r.matchers ?? []).map((text, j) => {
      try {
        return parseMatcherString(text);
      } catch (err) {
        throw ctx.error([...base, ...path, 'matchers', j], (err as Error).message);
      }
    });
    return {
      name,
      matchers,
      matcherText: [...(r.matchers ?? [])],
      routingKey: key(path, r.routingKey, r.routingKeyFile),
      continue: r.continue ?? false,
      groupBy: r.groupBy ? checkGroupBy(r.groupBy, (m) => ctx.error([...base, ...path, 'groupBy'], m)) : defaults.groupBy,
      groupWaitMs: r.groupWait !== undefined ? dur([...path, 'groupWait'], r.groupWait, '0') : defaults.groupWaitMs,
      groupIntervalMs: r.groupInterval !== undefined ? dur([...path, 'groupInterval'], r.groupInterval, '0', 1) : defaults.groupIntervalMs,
      repeatIntervalMs: r.repeatInterval !== undefined ? dur([...path, 'repeatInterval'], r.repeatInterval, '0', 1) : defaults.repeatIntervalMs,
    };
  });
  const envKey = nonEmpty(ctx.env.PAGERDUTY_ROUTING_KEY);
  const retryInitialBackoffMs = dur(['retryInitialBackoff'], pd.retryInitialBackoff, NOTIFY_DEFAULTS.retryInitialBackoff, 1);
  const retryMaxBackoffMs = dur(['retryMaxBackoff'], pd.retryMaxBackoff, NOTIFY_DEFAULTS.retryMaxBackoff, 1);
  if (retryMaxBackoffMs < retryInitialBackoffMs) throw ctx.error([...base, 'retryMaxBackoff'], 'must not be less than retryInitialBackoff');
  return {
    pagerduty: {
      server,
      defaultRoutingKey: envKey ?? key([], pd.routingKey, pd.routingKeyFile),
      ca,
      timeoutMs: dur(['timeout'], pd.timeout, NOTIFY_DEFAULTS.timeout, 1),
      resolveTimeoutMs: dur(['resolveTimeout'], pd.resolveTimeout, NOTIFY_DEFAULTS.resolveTimeout, 1),
      retryInitialBackoffMs,
      retryMaxBackoffMs,
      defaults,
      routes,
    },
  };
}

function checkGroupBy(groupBy: readonly string[], error: (message: string) => Error): readonly string[] {
  if (groupBy.includes('...') && groupBy.length > 1) throw error("'...' (group by every label) cannot be combined with label names");
  for (const n of groupBy) {
    if (n !== '...' && !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(n)) throw error(`"${n}" is not a valid label name`);
  }
  return [...groupBy];
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}
