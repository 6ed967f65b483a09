import { Type } from '@sinclair/typebox';
import type { OtlpEncoding } from './otlp-decoder.js';
import { OtlpTypes } from './otlp-proto-schema.js';

/** google.rpc.Code values used in error replies. */
export const RpcCode = Object.freeze({ INVALID_ARGUMENT: 3, NOT_FOUND: 5, RESOURCE_EXHAUSTED: 8, UNIMPLEMENTED: 12, UNAVAILABLE: 14 });

/** JSON shape of google.rpc.Status, the body of every 4xx/5xx reply. */
export const StatusSchema = Type.Object({ code: Type.Integer(), message: Type.String() });

/** JSON shape of ExportMetricsServiceResponse / ExportLogsServiceResponse (int64 as a string, proto3 JSON mapping). */
export const ExportResponseSchema = Type.Object({
  partialSuccess: Type.Optional(
    Type.Object({
      rejectedDataPoints: Type.Optional(Type.String()),
      rejectedLogRecords: Type.Optional(Type.String()),
      errorMessage: Type.Optional(Type.String()),
    }),
  ),
});

export type Signal = 'metrics' | 'logs';

export interface EncodedBody {
  readonly contentType: string;
  readonly body: Buffer | Record<string, unknown>;
}

export const CONTENT_TYPE = Object.freeze({ protobuf: 'application/x-protobuf', json: 'application/json' });

/**
 * The reply to an export: empty when everything was accepted, else `partial_success` with the count rejected and
 * why, in the request's encoding.
 */
export function exportResponse(signal: Signal, encoding: OtlpEncoding, rejected: number, errorMessage: string): EncodedBody {
  const partial =
    rejected > 0 || errorMessage !== ''
      ? signal === 'metrics'
        ? { rejectedDataPoints: String(rejected), errorMessage }
        : { rejectedLogRecords: String(rejected), errorMessage }
      : undefined;
  const message = partial === undefined ? {} : { partialSuccess: partial };
  if (encoding === 'json') return { contentType: CONTENT_TYPE.json, body: message };
  const type = signal === 'metrics' ? OtlpTypes.ExportMetricsServiceResponse : OtlpTypes.ExportLogsServiceResponse;
  return { contentType: CONTENT_TYPE.protobuf, body: Buffer.from(type.encode(type.fromObject(message)).finish()) };
}

/** A google.rpc.Status body, protobuf when the request was protobuf, JSON otherwise. */
export function statusBody(encoding: OtlpEncoding | undefined, code: number, message: string): EncodedBody {
  if (encoding === 'protobuf') {
    return { contentType: CONTENT_TYPE.protobuf, body: Buffer.from(OtlpTypes.Status.encode(OtlpTypes.Status.fromObject({ code, message })).finish()) };
  }
  return { contentType: CONTENT_TYPE.json, body: { code, message } };
}
