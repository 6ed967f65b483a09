/** The live-event topics of `GET /api/v1/events` (`?topics=`), each with the SSE `event:` name of its events. */
export const EVENT_TOPICS = ['alerts', 'slos', 'logs'] as const;
export type EventTopic = (typeof EVENT_TOPICS)[number];

/** SSE event names: one per topic, plus `reset` (the client missed events and should refetch). */
export const EVENT_NAMES = { alerts: 'alert', slos: 'slo', logs: 'log' } as const satisfies Record<EventTopic, string>;
export type EventName = (typeof EVENT_NAMES)[EventTopic] | 'reset';

export function isEventTopic(value: string): value is EventTopic {
  return (EVENT_TOPICS as readonly string[]).includes(value);
}
