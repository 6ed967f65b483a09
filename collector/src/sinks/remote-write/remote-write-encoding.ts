import type { SampleEncoding } from '../sample-encoding.js';
import { encodeTimeSeriesEntry } from './write-request-encoder.js';

/**
 * Prometheus remote_write 1.0 as the batching sink's wire format: each sample is encoded when written, as
 * its WriteRequest.timeseries entry in a compact latin1 string (so the buffer holds about 100 bytes per
 * sample and no objects), and a batch is those entries concatenated: one WriteRequest with one TimeSeries
 * per sample (labels sorted by name with `__name__`, empty values left out as Prometheus does). Every float
 * is carried exactly: NaN, +Inf, -Inf and the staleness marker's NaN bits.
 */
export const remoteWriteEncoding: SampleEncoding<string> = {
  format: 'Prometheus remote_write',
  limits: 'nothing: every value is carried',
  encode: encodeTimeSeriesEntry,
  body: (entries) => Buffer.from(entries.join(''), 'latin1'),
};
