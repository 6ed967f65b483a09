/** The parse tree of a Go text/template, as text/template/parse builds it (only what execution needs). */
export type TemplateNode =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'action'; readonly line: number; readonly pipe: Pipeline }
  | { readonly kind: 'if' | 'with'; readonly line: number; readonly pipe: Pipeline; readonly list: TemplateNode[]; readonly elseList?: TemplateNode[] }
  | { readonly kind: 'range'; readonly line: number; readonly pipe: Pipeline; readonly list: TemplateNode[]; readonly elseList?: TemplateNode[] }
  | { readonly kind: 'template'; readonly line: number; readonly name: string; readonly pipe?: Pipeline }
  | { readonly kind: 'break' | 'continue'; readonly line: number };

export interface Pipeline {
  readonly line: number;
  /** `$x :=` declares, `$x =` assigns; range may declare two. */
  readonly decl: readonly string[];
  readonly isAssign: boolean;
  readonly cmds: readonly Command[];
}

export interface Command {
  readonly args: readonly Operand[];
  /** Offset of the command in the template text. */
  readonly pos: number;
}

export type Operand =
  | { readonly kind: 'identifier'; readonly name: string }
  | { readonly kind: 'field'; readonly path: readonly string[] }
  | { readonly kind: 'variable'; readonly name: string; readonly path: readonly string[] }
  | { readonly kind: 'chain'; readonly node: Operand; readonly path: readonly string[] }
  | { readonly kind: 'dot' }
  | { readonly kind: 'nil' }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'string'; readonly value: string; readonly quoted: string }
  | { readonly kind: 'number'; readonly text: string; readonly int?: bigint; readonly float?: number }
  | { readonly kind: 'pipeline'; readonly pipe: Pipeline };

export interface ParsedTemplate {
  readonly name: string;
  readonly text: string;
  readonly root: TemplateNode[];
  /** `{{ define "x" }}` and `{{ block "x" }}` bodies by name. */
  readonly defines: ReadonlyMap<string, TemplateNode[]>;
}
