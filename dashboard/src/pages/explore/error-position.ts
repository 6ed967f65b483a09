/** Where a PromQL error is: the api's messages start with `line:column:` (1-based), as Prometheus's do. */
export interface ErrorPosition {
  readonly line: number;
  readonly column: number;
}

export function errorPosition(message: string): ErrorPosition | undefined {
  const m = /(?:^|[\s"'])(\d+):(\d+): /.exec(message);
  if (!m) return undefined;
  return { line: Number(m[1]), column: Number(m[2]) };
}

/** The query's line with the error and a caret line under the column, for a <pre>. */
export function markErrorInQuery(query: string, pos: ErrorPosition): { line: string; caret: string } | undefined {
  const line = query.split('\n')[pos.line - 1];
  if (line === undefined) return undefined;
  const col = Math.min(Math.max(pos.column, 1), line.length + 1);
  return { line, caret: `${' '.repeat(col - 1)}^` };
}
