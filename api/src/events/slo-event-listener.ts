import type { SloListener } from '../slo/slo-manager.js';
import { sloJson } from '../slo/slo-json.js';
import type { EventPublisher } from './event-bus.js';

/** An SloManager listener (`slos.addListener(...)`) that publishes each SLO's status after every round as an `slo` event. */
export function sloEventListener(events: EventPublisher): SloListener {
  return {
    onEvaluated(statuses): void {
      for (const status of statuses) events.publish('slos', sloJson(status));
    },
  };
}
