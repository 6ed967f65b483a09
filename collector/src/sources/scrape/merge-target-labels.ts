/**
 * The labels of a scraped sample once its target's labels are attached, as Prometheus's scrape loop does:
 *
 * - `honorLabels` false (the default): target labels win. A scraped label whose name is also a target label
 *   (job, instance, or an extra label) is kept as `exported_<name>` (`exported_exported_<name>` if that is
 *   taken too, and so on).
 * - `honorLabels` true: scraped labels win; target labels fill in only names the sample does not have (a
 *   name exposed with an empty value counts as present, so the sample ends up without that label, exactly
 *   as Prometheus 2.42 stores it).
 *
 * Empty label values are dropped at the end: an empty label is no label in Prometheus.
 */
export function mergeTargetLabels(
  scraped: Readonly<Record<string, string>>,
  target: Readonly<Record<string, string>>,
  honorLabels: boolean,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (honorLabels) {
    for (const name in scraped) if (scraped[name] !== '') out[name] = scraped[name];
    // Prometheus 2.42 checks presence, not value: a scraped `job=""` keeps the target's job out (no job at all).
    for (const name in target) if (!Object.hasOwn(scraped, name) && target[name] !== '') out[name] = target[name];
    return out;
  }
  if (!clashes(scraped, target)) {
    // The common case, kept cheap: no scraped label shares a name with a target label.
    for (const name in scraped) if (scraped[name] !== '') out[name] = scraped[name];
    for (const name in target) if (target[name] !== '') out[name] = target[name];
    return out;
  }
  for (const name in scraped) {
    const value = scraped[name];
    if (value === '') continue;
    if (Object.hasOwn(target, name)) {
      let exported = `exported_${name}`;
      while (Object.hasOwn(scraped, exported) || Object.hasOwn(target, exported) || Object.hasOwn(out, exported)) exported = `exported_${exported}`;
      out[exported] = value;
    } else {
      out[name] = value;
    }
  }
  for (const name in target) if (target[name] !== '') out[name] = target[name];
  return out;
}

function clashes(scraped: Readonly<Record<string, string>>, target: Readonly<Record<string, string>>): boolean {
  for (const name in scraped) if (scraped[name] !== '' && Object.hasOwn(target, name)) return true;
  return false;
}
