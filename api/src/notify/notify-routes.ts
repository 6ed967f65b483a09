import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../errors/app-error.js';
import { ERROR_RESPONSES } from '../http/error-response.js';
import type { LabelMatcher } from '../storage/label-matcher.js';
import { parseMatcherString } from './label-matchers.js';
import {
  NotificationResponseSchema,
  NotificationsResponseSchema,
  PostSilenceSchema,
  SilenceIdResponseSchema,
  SilenceIdV1ResponseSchema,
  SilenceSchema,
  SilencesV1ResponseSchema,
  SilenceV1ResponseSchema,
  type NotificationJson,
  type PostSilence,
  type SilenceJson,
  type SilenceMatcherJson,
} from './notify-api-schemas.js';
import type { Notification, NotificationState, NotifyStore } from './notify-store.js';
import { silenceState, type Silence } from './silence.js';
import type { SilenceRegistry } from './silence-registry.js';

/** What the routes use: the PagerDutyNotifier's parts. */
export interface NotifySource {
  readonly silences: SilenceRegistry;
  readonly store: NotifyStore;
  /** Wakes the outbox worker after a retry request. */
  readonly worker: { wake(): void };
}

export interface NotifyRoutesOptions {
  /** No notifier: silences and notifications answer 503. */
  readonly notify?: NotifySource;
  readonly now?: () => number;
}

const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
const NotificationIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const NotificationsQuery = Type.Object({
  state: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});

/**
 * Silences in Alertmanager's API v2 shapes, under `/api/v2/...` (bare bodies, as Alertmanager answers, for its
 * clients) and `/api/v1/...` (the api's `{status, data}` envelope): list, get, create or update (`POST` with an
 * `id`), expire (`DELETE /silence/:id`). And `GET /api/v1/notifications?state=failed|pending|sent` (the outbox,
 * newest first, with PagerDuty's error of rejected events) and `POST /api/v1/notifications/:id/retry`.
 */
export const notifyRoutes: FastifyPluginAsyncTypebox<NotifyRoutesOptions> = async (app, opts) => {
  const now = opts.now ?? Date.now;
  const need = (): NotifySource => {
    if (!opts.notify) throw new AppError('unavailable', 'notifications are not enabled in this api');
    return opts.notify;
  };
  const read = { auth: 'read' as const };
  const write = { auth: 'write' as const };

  const list = (): SilenceJson[] => need().silences.list().map((s) => silenceJson(s, now()));
  app.get('/api/v2/silences', { config: read, schema: { response: { 200: Type.Array(SilenceSchema), ...ERROR_RESPONSES } } }, async () => list());
  app.get('/api/v1/silences', { config: read, schema: { response: { 200: SilencesV1ResponseSchema, ...ERROR_RESPONSES } } }, async () => ({
    status: 'success' as const,
    data: list(),
  }));

  const getOne = (id: string): SilenceJson => {
    const s = need().silences.get(id);
    if (!s) throw new AppError('not_found', `silence ${id} not found`);
    return silenceJson(s, now());
  };
  app.get('/api/v2/silence/:id', { config: read, schema: { params: IdParams, response: { 200: SilenceSchema, ...ERROR_RESPONSES } } }, async (req) =>
    getOne(req.params.id),
  );
  app.get('/api/v1/silence/:id', { config: read, schema: { params: IdParams, response: { 200: SilenceV1ResponseSchema, ...ERROR_RESPONSES } } }, async (req) => ({
    status: 'success' as const,
    data: getOne(req.params.id),
  }));

  const create = (body: PostSilence): string =>
    need().silences.create({
      ...(body.id !== undefined ? { id: body.id } : {}),
      matchers: body.matchers.map((m, i) => matcherOf(m, i)),
      ...(body.startsAt !== undefined ? { startsAt: timeOf(body.startsAt, 'startsAt') } : {}),
      endsAt: timeOf(body.endsAt, 'endsAt'),
      createdBy: body.createdBy,
      comment: body.comment,
    }).id;
  app.post('/api/v2/silences', { config: write, schema: { body: PostSilenceSchema, response: { 200: SilenceIdResponseSchema, ...ERROR_RESPONSES } } }, async (req) => ({
    silenceID: create(req.body),
  }));
  app.post(
    '/api/v1/silences',
    { config: write, schema: { body: PostSilenceSchema, response: { 200: SilenceIdV1ResponseSchema, ...ERROR_RESPONSES } } },
    async (req) => ({ status: 'success' as const, data: { silenceID: create(req.body) } }),
  );

  app.delete('/api/v2/silence/:id', { config: write, schema: { params: IdParams, response: { 200: Type.Null(), ...ERROR_RESPONSES } } }, async (req) => {
    need().silences.expire(req.params.id);
    return null;
  });
  app.delete('/api/v1/silence/:id', { config: write, schema: { params: IdParams, response: { 200: SilenceV1ResponseSchema, ...ERROR_RESPONSES } } }, async (req) => ({
    status: 'success' as const,
    data: silenceJson(need().silences.expire(req.params.id), now()),
  }));

  app.get(
    '/api/v1/notifications',
    { config: read, schema: { querystring: NotificationsQuery, response: { 200: NotificationsResponseSchema, ...ERROR_RESPONSES } } },
    async (req) => {
      const { store } = need();
      const state = req.query.state as NotificationState | undefined;
      return {
        status: 'success' as const,
        data: { counts: store.counts(), notifications: store.list({ ...(state ? { state } : {}), limit: req.query.limit ?? 100 }).map(notificationJson) },
      };
    },
  );
  app.post(
    '/api/v1/notifications/:id/retry',
    { config: write, schema: { params: NotificationIdParams, response: { 200: NotificationResponseSchema, ...ERROR_RESPONSES } } },
    async (req) => {
      const n = need();
      if (!n.store.retry(req.params.id, now())) {
        const row = n.store.get(req.params.id);
        throw row ? new AppError('bad_data', `notification ${req.params.id} is ${row.state}, not failed`) : new AppError('not_found', `notification ${req.params.id} not found`);
      }
      n.worker.wake();
      const row = n.store.get(req.params.id);
      if (!row) throw new AppError('not_found', `notification ${req.params.id} not found`);
      return { status: 'success' as const, data: notificationJson(row) };
    },
  );
};

function matcherOf(m: SilenceMatcherJson | string, i: number): LabelMatcher {
  if (typeof m === 'string') {
    try {
      return parseMatcherString(m);
    } catch (err) {
      throw new AppError('bad_data', `silence: matchers[${i}]: ${(err as Error).message}`);
    }
  }
  const equal = m.isEqual ?? true;
  const matcher: LabelMatcher = { name: m.name, type: m.isRegex ? (equal ? '=~' : '!~') : equal ? '=' : '!=', value: m.value };
  try {
    // Round-trip through the parser: validates the label name and the regex (RE2 syntax) as in a selector.
    return parseMatcherString(`${matcher.name}${matcher.type}${JSON.stringify(matcher.value)}`);
  } catch (err) {
    throw new AppError('bad_data', `silence: matchers[${i}]: ${(err as Error).message}`);
  }
}

function timeOf(text: string, field: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new AppError('bad_data', `silence: ${field}: ${JSON.stringify(text)} is not an RFC 3339 time`);
  return ms;
}

function silenceJson(s: Silence, now: number): SilenceJson {
  return {
    id: s.id,
    status: { state: silenceState(s, now) },
    updatedAt: new Date(s.updatedAt).toISOString(),
    matchers: s.matchers.map((m) => ({ name: m.name, value: m.value, isRegex: m.type === '=~' || m.type === '!~', isEqual: m.type === '=' || m.type === '=~' })),
    startsAt: new Date(s.startsAt).toISOString(),
    endsAt: new Date(s.endsAt).toISOString(),
    createdBy: s.createdBy,
    comment: s.comment,
  };
}

function notificationJson(n: Notification): NotificationJson {
  return {
    id: n.id,
    dedupKey: n.dedupKey,
    action: n.action,
    route: n.route,
    groupKey: n.groupKey,
    state: n.state,
    attempts: n.attempts,
    createdAt: new Date(n.createdAt).toISOString(),
    ...(n.state === 'pending' ? { nextAttemptAt: new Date(n.nextAttemptAt).toISOString() } : {}),
    ...(n.sentAt !== undefined ? { sentAt: new Date(n.sentAt).toISOString() } : {}),
    ...(n.lastStatus !== undefined ? { lastStatus: n.lastStatus } : {}),
    ...(n.lastError !== undefined ? { lastError: n.lastError } : {}),
    errors: [...n.errors],
    summary: n.event.payload.summary,
    severity: n.event.payload.severity,
    event: n.event,
  };
}
