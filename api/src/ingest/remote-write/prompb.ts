import protobuf from 'protobufjs';

/**
 * The parts of Prometheus's prompb (types.proto, remote.proto, remote_write 1.0) that carry samples.
 * Exemplars (TimeSeries field 3), native histograms (4) and metadata (WriteRequest field 3) are not
 * declared, so the decoder skips them without error: they are not stored.
 */
const root = protobuf.Root.fromJSON({
  nested: {
    prometheus: {
      nested: {
        WriteRequest: {
          fields: { timeseries: { rule: 'repeated', type: 'TimeSeries', id: 1 } },
        },
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

/** int64 arrives as a Long when long.js is present, else as a number. */
export type Int64 = number | { toNumber(): number };

export interface PromLabel {
  readonly name: string;
  readonly value: string;
}
export interface PromSample {
  readonly value: number;
  readonly timestamp: Int64;
}
export interface PromTimeSeries {
  readonly labels: readonly PromLabel[];
  readonly samples: readonly PromSample[];
}
export interface PromWriteRequest {
  readonly timeseries: readonly PromTimeSeries[];
}

/** Decodes an uncompressed WriteRequest; throws on malformed protobuf. */
export function decodeWriteRequest(bytes: Uint8Array): PromWriteRequest {
  return WriteRequestType.decode(bytes) as unknown as PromWriteRequest;
}

/** Encodes a WriteRequest (for tests and tools that push to this api). */
export function encodeWriteRequest(request: PromWriteRequest): Uint8Array {
  return WriteRequestType.encode(WriteRequestType.fromObject(request)).finish();
}

export function int64ToNumber(value: Int64): number {
  return typeof value === 'number' ? value : value.toNumber();
}
