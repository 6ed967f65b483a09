/**
 * Fills a legend template (`{{instance}} {{mode}}`) from a series' labels, as Grafana's Prometheus data source
 * does; a label the series lacks becomes empty. Without a template: `name{a="1", b="2"}`.
 */
export function formatLegend(template: string | undefined, metric: Readonly<Record<string, string>>): string {
  if (template !== undefined && template !== '') {
    return template.replace(/\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (_m, name: string) => metric[name] ?? '').trim();
  }
  return seriesName(metric);
}

export function seriesName(metric: Readonly<Record<string, string>>): string {
  const { __name__: name, ...labels } = metric;
  const inner = Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');
  return `${name ?? ''}${inner === '' && name !== undefined ? '' : `{${inner}}`}`;
}
