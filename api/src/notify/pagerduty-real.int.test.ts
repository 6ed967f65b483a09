import { describe } from 'vitest';
import { pagerDutyContractSuite } from './pagerduty-contract-suite.test-helper.js';

// The same contract suite against the REAL PagerDuty Events API, run only when PAGERDUTY_EVENTS_URL (e.g.
// https://events.pagerduty.com or https://events.eu.pagerduty.com) and PAGERDUTY_ROUTING_KEY (an Events API v2
// integration key of a test service) are set. This env-gated skip is the one allowed kind: CI has no PagerDuty
// account and no network; the local contract server runs the same suite in pagerduty-contract.test.ts.
// (Tests read the environment directly here, as test setup; the api itself reads env only in load-config.ts.)
const url = process.env.PAGERDUTY_EVENTS_URL;
const routingKey = process.env.PAGERDUTY_ROUTING_KEY;

describe.skipIf(!url || !routingKey)('PagerDuty Events API v2 contract (real PagerDuty: PAGERDUTY_EVENTS_URL)', () => {
  pagerDutyContractSuite(() => ({ server: new URL(url ?? 'https://events.pagerduty.com').host, routingKey: routingKey ?? '' }));
});
