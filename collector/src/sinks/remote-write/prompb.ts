import protobuf from 'protobufjs';

/**
 * The part of Prometheus's prompb (types.proto, remote.proto) that remote_write 1.0 needs to carry samples,
 * for decoding in tests and tools (the sink encodes with write-request-encoder.ts):
 * WriteRequest { repeated TimeSeries timeseries = 1 }, TimeSeries { repeated Label labels = 1; repeated
 * Sample samples = 2 }, Label { string name = 1; string value = 2 }, Sample { double value = 1; int64
 * timestamp = 2 }. Doubles are written bit for bit, so NaN payloads (the staleness marker) survive.
 */
const root = protobuf.Root.fromJSON({
  nested: {
    prometheus: {
      nested: {
        WriteRequest: { fields: { timeseries: { rule: 'repeated', type: 'TimeSeries', id: 1 } } },
        TimeSeries: {
          fields: {
            labels: { rule: 'repeated', type: 'Label', id: 1 },
            samples: { rule: 'repeated', type: 'Sample', id: 2 },
          },
        },
        Label: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        Sample: { fields: { value: { type: 'double', id: 1 }, timestamp: { type: 'int64', id: 2 } } },
      },
    },
  },
});

export const WriteRequestType: protobuf.Type = root.lookupType('prometheus.WriteRequest');

export interface PromLabel {
  readonly name: string;
  readonly value: string;
}

export interface PromSample {
  readonly value: number;
  /** Unix ms; decoded as a number or a Long. */
  readonly timestamp: number | { toNumber(): number };
}

export interface PromTimeSeries {
  readonly labels: readonly PromLabel[];
  readonly samples: readonly PromSample[];
}

export interface PromWriteRequest {
  readonly timeseries: readonly PromTimeSeries[];
}

/** Decodes an uncompressed WriteRequest (tests and tools); throws on malformed protobuf. */
export function decodeWriteRequest(bytes: Uint8Array): PromWriteRequest {
  return WriteRequestType.decode(bytes) as unknown as PromWriteRequest;
}
