import { Type, type Static } from '@sinclair/typebox';

/** Alertmanager API v2 shapes for silences, and the notification (outbox) list of the dashboard's alerts page. */
export const SilenceMatcherSchema = Type.Object({
  name: Type.String({ minLength: 1 }),
  value: Type.String(),
  isRegex: Type.Boolean(),
  isEqual: Type.Optional(Type.Boolean({ description: 'default true' })),
});
export type SilenceMatcherJson = Static<typeof SilenceMatcherSchema>;

export const SilenceSchema = Type.Object({
  id: Type.String(),
  status: Type.Object({ state: Type.Union([Type.Literal('pending'), Type.Literal('active'), Type.Literal('expired')]) }),
  updatedAt: Type.String(),
  matchers: Type.Array(SilenceMatcherSchema),
  startsAt: Type.String(),
  endsAt: Type.String(),
  createdBy: Type.String(),
  comment: Type.String(),
});
export type SilenceJson = Static<typeof SilenceSchema>;

/** POST body: Alertmanager's postableSilence; matchers may also be strings (`team="db"`). Times RFC 3339. */
export const PostSilenceSchema = Type.Object({
  id: Type.Optional(Type.String({ minLength: 1 })),
  matchers: Type.Array(Type.Union([SilenceMatcherSchema, Type.String({ minLength: 1 })]), { minItems: 1 }),
  startsAt: Type.Optional(Type.String()),
  endsAt: Type.String(),
  createdBy: Type.String(),
  comment: Type.String(),
});
export type PostSilence = Static<typeof PostSilenceSchema>;

export const SilenceIdResponseSchema = Type.Object({ silenceID: Type.String() });

export const SilencesV1ResponseSchema = Type.Object({ status: Type.Literal('success'), data: Type.Array(SilenceSchema) });
export const SilenceV1ResponseSchema = Type.Object({ status: Type.Literal('success'), data: SilenceSchema });
export const SilenceIdV1ResponseSchema = Type.Object({ status: Type.Literal('success'), data: SilenceIdResponseSchema });

export const NotificationSchema = Type.Object({
  /** The state-change id (also `custom_details.notification_id` of the event). */
  id: Type.Integer(),
  dedupKey: Type.String(),
  action: Type.Union([Type.Literal('trigger'), Type.Literal('resolve')]),
  route: Type.String(),
  groupKey: Type.String(),
  state: Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  createdAt: Type.String(),
  nextAttemptAt: Type.Optional(Type.String()),
  sentAt: Type.Optional(Type.String()),
  lastStatus: Type.Optional(Type.Integer()),
  /** The last error: PagerDuty's status and message (`HTTP 400: invalid event: Event object is invalid`), or the network error. */
  lastError: Type.Optional(Type.String()),
  /** PagerDuty's `errors` array of a rejected event. */
  errors: Type.Array(Type.String()),
  summary: Type.String(),
  severity: Type.String(),
  /** The event as sent, without the routing key. */
  event: Type.Unknown(),
});
export type NotificationJson = Static<typeof NotificationSchema>;

export const NotificationsResponseSchema = Type.Object({
  status: Type.Literal('success'),
  data: Type.Object({
    counts: Type.Object({ pending: Type.Integer(), sent: Type.Integer(), failed: Type.Integer() }),
    notifications: Type.Array(NotificationSchema),
  }),
});
export type NotificationsResponse = Static<typeof NotificationsResponseSchema>;

export const NotificationResponseSchema = Type.Object({ status: Type.Literal('success'), data: NotificationSchema });
