/**
 * Values inside the template executor, modelled on Go's: string, float64 (number), int (bigint), bool, nil (null),
 * maps (GoMap, keys printed sorted), structs (GoStruct, a missing field is an error), slices (arrays).
 */
export type TemplateValue = string | number | bigint | boolean | null | GoMap | GoStruct | readonly TemplateValue[];

/** A Go map; `missingkey=zero` makes a missing key read as `zero`. */
export class GoMap {
  constructor(
    readonly entries: ReadonlyMap<string, TemplateValue>,
    readonly typeName = 'map[string]string',
    readonly zero: TemplateValue = '',
  ) {}

  static ofStrings(record: Readonly<Record<string, string>>): GoMap {
    return new GoMap(new Map(Object.entries(record)));
  }
}

export class GoStruct {
  constructor(
    readonly typeName: string,
    readonly fields: Readonly<Record<string, TemplateValue>>,
  ) {}
}

/** Go's truth: false, 0, nil and empty strings, maps and slices are false. */
export function isTrue(v: TemplateValue): boolean {
  if (v === null) return false;
  if (typeof v === 'string') return v !== '';
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'boolean') return v;
  if (v instanceof GoMap) return v.entries.size > 0;
  if (v instanceof GoStruct) return true;
  return v.length > 0;
}

/** The Go type name used in fmt's `%!verb(type=value)` and in error messages. */
export function goTypeName(v: TemplateValue): string {
  if (v === null) return 'nil';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof GoMap || v instanceof GoStruct) return v.typeName;
  return '[]interface {}';
}
