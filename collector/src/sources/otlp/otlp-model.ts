/**
 * The shape of a decoded OTLP request, as protobufjs's `toObject` gives it for both encodings (see
 * otlp-decoder.ts): lowerCamelCase keys, 64-bit integers as decimal strings, enums as numbers, bytes as
 * base64 strings, fields left out when unset. Every field is optional: the decoder checks the wire types,
 * the translators decide what a missing field means.
 */

export interface OtlpAnyValue {
  readonly stringValue?: string;
  readonly boolValue?: boolean;
  readonly intValue?: string;
  readonly doubleValue?: number;
  readonly arrayValue?: { readonly values?: readonly OtlpAnyValue[] };
  readonly kvlistValue?: { readonly values?: readonly OtlpKeyValue[] };
  readonly bytesValue?: string;
}

export interface OtlpKeyValue {
  readonly key?: string;
  readonly value?: OtlpAnyValue;
}

export interface OtlpScope {
  readonly name?: string;
  readonly version?: string;
  readonly attributes?: readonly OtlpKeyValue[];
}

export interface OtlpResource {
  readonly attributes?: readonly OtlpKeyValue[];
}

interface OtlpPointBase {
  readonly attributes?: readonly OtlpKeyValue[];
  readonly startTimeUnixNano?: string;
  readonly timeUnixNano?: string;
  readonly flags?: number;
}

export interface OtlpNumberDataPoint extends OtlpPointBase {
  readonly asDouble?: number;
  readonly asInt?: string;
}

export interface OtlpHistogramDataPoint extends OtlpPointBase {
  readonly count?: string;
  readonly sum?: number;
  readonly bucketCounts?: readonly string[];
  readonly explicitBounds?: readonly number[];
}

export interface OtlpExponentialBuckets {
  readonly offset?: number;
  readonly bucketCounts?: readonly string[];
}

export interface OtlpExponentialHistogramDataPoint extends OtlpPointBase {
  readonly count?: string;
  readonly sum?: number;
  readonly scale?: number;
  readonly zeroCount?: string;
  readonly zeroThreshold?: number;
  readonly positive?: OtlpExponentialBuckets;
  readonly negative?: OtlpExponentialBuckets;
}

export interface OtlpSummaryDataPoint extends OtlpPointBase {
  readonly count?: string;
  readonly sum?: number;
  readonly quantileValues?: readonly { readonly quantile?: number; readonly value?: number }[];
}

/** AggregationTemporality. */
export const TEMPORALITY_DELTA = 1;
export const TEMPORALITY_CUMULATIVE = 2;
/** DataPointFlags: the point only marks that the series has no value (Prometheus staleness). */
export const FLAG_NO_RECORDED_VALUE = 1;

export interface OtlpMetric {
  readonly name?: string;
  readonly description?: string;
  readonly unit?: string;
  readonly gauge?: { readonly dataPoints?: readonly OtlpNumberDataPoint[] };
  readonly sum?: { readonly dataPoints?: readonly OtlpNumberDataPoint[]; readonly aggregationTemporality?: number; readonly isMonotonic?: boolean };
  readonly histogram?: { readonly dataPoints?: readonly OtlpHistogramDataPoint[]; readonly aggregationTemporality?: number };
  readonly exponentialHistogram?: {
    readonly dataPoints?: readonly OtlpExponentialHistogramDataPoint[];
    readonly aggregationTemporality?: number;
  };
  readonly summary?: { readonly dataPoints?: readonly OtlpSummaryDataPoint[] };
}

export interface OtlpMetricsRequest {
  readonly resourceMetrics?: readonly {
    readonly resource?: OtlpResource;
    readonly scopeMetrics?: readonly { readonly scope?: OtlpScope; readonly metrics?: readonly OtlpMetric[] }[];
  }[];
}

export interface OtlpLogRecord {
  readonly timeUnixNano?: string;
  readonly observedTimeUnixNano?: string;
  readonly severityNumber?: number;
  readonly severityText?: string;
  readonly body?: OtlpAnyValue;
  readonly attributes?: readonly OtlpKeyValue[];
  readonly flags?: number;
  /** Lower-case hex after decoding (the decoder converts protobuf bytes and JSON hex alike). */
  readonly traceId?: string;
  readonly spanId?: string;
  readonly eventName?: string;
}

export interface OtlpLogsRequest {
  readonly resourceLogs?: readonly {
    readonly resource?: OtlpResource;
    readonly scopeLogs?: readonly { readonly scope?: OtlpScope; readonly logRecords?: readonly OtlpLogRecord[] }[];
  }[];
}
