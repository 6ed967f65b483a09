/** The record fields a `field:value` filter can name directly; any other name is an attribute key. */
export type LogField = 'level' | 'service' | 'host' | 'traceId' | 'spanId' | 'message';

/**
 * A parsed log search query (see ../README.md for the syntax). `position` is the 0-based offset of the node's
 * first character in the query text. Text nodes match words of the message, case-insensitively.
 */
export type LogQuery =
  | { readonly kind: 'all' }
  | {
      readonly kind: 'text';
      /** The term or the phrase as written (without quotes and escapes). */
      readonly text: string;
      /** `"quoted"`: its words must appear next to each other, in order. A bare term with several words is one too. */
      readonly phrase: boolean;
      /** `term*`: the last word matches any word it starts. */
      readonly prefix: boolean;
      readonly position: number;
    }
  | {
      readonly kind: 'field';
      /** A record field, or an attribute key (`http.status_code`). */
      readonly field: LogField | { readonly attribute: string };
      /** Exact value (case-sensitive), or with `prefix` the start of the value. */
      readonly value: string;
      readonly prefix: boolean;
      readonly position: number;
    }
  | { readonly kind: 'not'; readonly operand: LogQuery; readonly position: number }
  | { readonly kind: 'and'; readonly operands: readonly LogQuery[] }
  | { readonly kind: 'or'; readonly operands: readonly LogQuery[] };

export type TextQuery = Extract<LogQuery, { kind: 'text' }>;
export type FieldQuery = Extract<LogQuery, { kind: 'field' }>;

/** Matches every record (the empty query). */
export const MATCH_ALL: LogQuery = Object.freeze({ kind: 'all' });

/** The attribute key a field filter names, or undefined for a record field. */
export function attributeKey(q: FieldQuery): string | undefined {
  return typeof q.field === 'object' ? q.field.attribute : undefined;
}
