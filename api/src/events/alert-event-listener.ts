import type { AlertListener, AlertTransition } from '../alerting/alert.js';
import type { EventPublisher } from './event-bus.js';

/** A RuleManager listener (`rules.addListener(...)`) that publishes every alert state change as an `alert` event. */
export function alertEventListener(events: EventPublisher): AlertListener {
  return {
    onTransition(transition: AlertTransition): void {
      events.publish('alerts', transition);
    },
  };
}
