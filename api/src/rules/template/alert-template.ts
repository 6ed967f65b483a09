import { TemplateSyntaxError } from './template-lexer.js';
import { parseTemplate } from './template-parser.js';
import type { ParsedTemplate } from './template-ast.js';
import { executeTemplate, TemplateExecError, type TemplateFunction } from './template-executor.js';
import { GO_BUILTIN_FUNCTIONS, GO_BUILTIN_NAMES } from './go-builtin-functions.js';
import { PROMETHEUS_FUNCTION_NAMES, prometheusTemplateFunctions, type TemplateQueryFunc } from './prometheus-template-functions.js';
import { GoMap, GoStruct } from './template-value.js';

/**
 * Alert label and annotation templates as Prometheus expands them: Go text/template with `$labels`,
 * `$externalLabels`, `$externalURL` and `$value` predeclared (the same `{{$labels := .Labels}}...` prefix
 * Prometheus prepends), `missingkey=zero`, and Prometheus's function map.
 */
const DEFS = '{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}';

const FUNCTION_NAMES: ReadonlySet<string> = new Set([...GO_BUILTIN_NAMES, ...PROMETHEUS_FUNCTION_NAMES]);

export interface AlertTemplateData {
  readonly labels: Readonly<Record<string, string>>;
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly externalURL: string;
  readonly value: number;
}

export interface ExpandOptions {
  /** `{{ query "..." }}` runs here (at the rule's evaluation time). */
  readonly query?: TemplateQueryFunc;
}

/** Parsed templates by name and text: rules expand the same few templates for every alert at every evaluation. */
const parsed = new Map<string, ParsedTemplate>();
const MAX_CACHED = 10_000;

function parseCached(name: string, text: string): ParsedTemplate {
  const key = `${name}\u0000${text}`;
  let tmpl = parsed.get(key);
  if (!tmpl) {
    tmpl = parseTemplate(name, DEFS + text, FUNCTION_NAMES);
    if (parsed.size >= MAX_CACHED) parsed.clear();
    parsed.set(key, tmpl);
  }
  return tmpl;
}

/** The template's name as Prometheus gives it (`__alert_<alertname>`), seen in error messages. */
export function alertTemplateName(alertName: string): string {
  return `__alert_${alertName}`;
}

/**
 * Checks that a template parses as Prometheus's `promtool check rules` does (syntax, defined functions, declared
 * variables). Returns Go's error text (`template: __alert_X:1: function "foo" not defined`) or undefined.
 */
export function checkAlertTemplate(alertName: string, text: string): string | undefined {
  const name = alertTemplateName(alertName);
  try {
    parseTemplate(name, DEFS + text, FUNCTION_NAMES);
    return undefined;
  } catch (err) {
    if (err instanceof TemplateSyntaxError) return `template: ${name}:${err.line}: ${err.detail}`;
    throw err;
  }
}

/**
 * Expands one label or annotation template. Like Prometheus, a template that fails to parse or execute yields
 * `<error expanding template: ...>` rather than an exception.
 */
export async function expandAlertTemplate(alertName: string, text: string, data: AlertTemplateData, opts: ExpandOptions = {}): Promise<string> {
  const name = alertTemplateName(alertName);
  if (!text.includes('{{')) return text;
  const functions = new Map<string, TemplateFunction>([
    ...GO_BUILTIN_FUNCTIONS,
    ...prometheusTemplateFunctions({ externalURL: data.externalURL, query: opts.query }),
  ]);
  try {
    const tmpl = parseCached(name, text);
    const root = new GoStruct('struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }', {
      Labels: GoMap.ofStrings(data.labels),
      ExternalLabels: GoMap.ofStrings(data.externalLabels),
      ExternalURL: data.externalURL,
      Value: data.value,
    });
    return await executeTemplate(tmpl, root, functions);
  } catch (err) {
    if (err instanceof TemplateSyntaxError) return `<error expanding template: error parsing template ${name}: template: ${name}:${err.line}: ${err.detail}>`;
    if (err instanceof TemplateExecError) return `<error expanding template: error executing template ${name}: ${err.message}>`;
    throw err;
  }
}
