import type { Labels } from '../../storage/labels.js';
import type { SeriesSamples } from '../../storage/metric-store.js';
import { isStaleMarker } from '../../storage/stale-marker.js';

/** A selector's series as loaded once for the whole query, with a flag to skip stale-marker filtering. */
export interface LoadedSeries {
  readonly labels: Labels;
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
  readonly hasStaleMarkers: boolean;
}

export function toLoadedSeries(s: SeriesSamples): LoadedSeries {
  let hasStaleMarkers = false;
  for (let i = 0; i < s.values.length; i++) {
    if (isStaleMarker(s.values[i])) {
      hasStaleMarkers = true;
      break;
    }
  }
  return { labels: s.labels, timestamps: s.timestamps, values: s.values, hasStaleMarkers };
}
