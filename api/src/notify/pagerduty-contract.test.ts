import { afterAll, beforeAll, describe } from 'vitest';
import { PagerDutyContractServer } from './pagerduty-contract-server.test-helper.js';
import { pagerDutyContractSuite } from './pagerduty-contract-suite.test-helper.js';

let pd: PagerDutyContractServer;
beforeAll(async () => {
  pd = await PagerDutyContractServer.start();
});
afterAll(async () => {
  await pd.close();
});

describe('PagerDuty Events API v2 contract (local contract server)', () => {
  pagerDutyContractSuite(() => ({ server: pd.host, routingKey: 'c'.repeat(32), ca: pd.ca }));
});
