import type { Type } from 'protobufjs';
import type { OtlpLogsRequest, OtlpMetricsRequest } from './otlp-model.js';
import { OtlpTypes } from './otlp-proto-schema.js';

/** The two OTLP/HTTP encodings, by Content-Type. */
export type OtlpEncoding = 'protobuf' | 'json';

/** A body that is not a valid OTLP request in its encoding (the receiver answers 400). */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
}

const TO_OBJECT = { longs: String, enums: Number, bytes: String, defaults: false, arrays: false, oneofs: false } as const;

/** Decodes an ExportMetricsServiceRequest body. Throws OtlpDecodeError. */
export function decodeMetricsRequest(body: Uint8Array, encoding: OtlpEncoding): OtlpMetricsRequest {
  return decode(OtlpTypes.ExportMetricsServiceRequest, body, encoding, 'ExportMetricsServiceRequest') as OtlpMetricsRequest;
}

/** Decodes an ExportLogsServiceRequest body; trace and span ids come out as lower-case hex. Throws OtlpDecodeError. */
export function decodeLogsRequest(body: Uint8Array, encoding: OtlpEncoding): OtlpLogsRequest {
  const prepare = encoding === 'json' ? hexIdsToBase64 : undefined;
  const request = decode(OtlpTypes.ExportLogsServiceRequest, body, encoding, 'ExportLogsServiceRequest', prepare) as OtlpLogsRequest;
  for (const rl of request.resourceLogs ?? []) {
    for (const sl of rl.scopeLogs ?? []) {
      for (const r of sl.logRecords ?? []) {
        const rec = r as { traceId?: string; spanId?: string };
        if (rec.traceId !== undefined) rec.traceId = base64ToHex(rec.traceId);
        if (rec.spanId !== undefined) rec.spanId = base64ToHex(rec.spanId);
      }
    }
  }
  return request;
}

function decode(
  type: Type,
  body: Uint8Array,
  encoding: OtlpEncoding,
  what: string,
  prepare?: (json: Record<string, unknown>) => void,
): Record<string, unknown> {
  try {
    if (encoding === 'protobuf') return type.toObject(type.decode(body), TO_OBJECT);
    const json: unknown = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
    if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new Error(`expected a JSON object (${what})`);
    prepare?.(json as Record<string, unknown>);
    return type.toObject(type.fromObject(json), TO_OBJECT);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new OtlpDecodeError(`cannot decode ${encoding === 'json' ? 'OTLP JSON' : 'OTLP protobuf'} ${what}: ${reason}`);
  }
}

/** OTLP JSON spells trace and span ids in hex, where protobuf's JSON mapping (and protobufjs) expects base64. */
function hexIdsToBase64(json: Record<string, unknown>): void {
  for (const rl of arrayAt(json, 'resourceLogs')) {
    for (const sl of arrayAt(rl, 'scopeLogs')) {
      for (const r of arrayAt(sl, 'logRecords')) {
        for (const key of ['traceId', 'spanId']) {
          const v = r[key];
          if (typeof v !== 'string') continue;
          if (v !== '' && !/^(?:[0-9a-fA-F]{2})+$/.test(v)) throw new Error(`logRecords[].${key}: "${v}" is not hex`);
          r[key] = Buffer.from(v, 'hex').toString('base64');
        }
      }
    }
  }
}

function arrayAt(obj: unknown, key: string): Record<string, unknown>[] {
  if (obj === null || typeof obj !== 'object') return [];
  const v = (obj as Record<string, unknown>)[key];
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => x !== null && typeof x === 'object') : [];
}

function base64ToHex(b64: string): string {
  return Buffer.from(b64, 'base64').toString('hex');
}
