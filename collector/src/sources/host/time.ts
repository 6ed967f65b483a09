import { sample, type HostArea } from './host-context.js';

/** `node_time_seconds`: the system clock at collection time, in seconds since the epoch. */
export const timeArea: HostArea = {
  name: 'time',
  read: async (_ctx, now) => [sample('node_time_seconds', {}, Date.now() / 1000, now)],
};
