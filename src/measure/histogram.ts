import * as hdr from 'hdr-histogram-js';

/**
 * Latency histograms in microseconds. HDR histograms keep memory flat however long a load worker runs
 * (a fixed bucket array, no per-sample storage), travel between processes as compressed base64, and
 * merge exactly: percentiles of the merged histogram are the percentiles of all samples.
 */
export type LatencyHistogram = hdr.Histogram;

/** 60 s in µs: anything slower is a hang; recordValue clamps rather than throws above this. */
const HIGHEST_TRACKABLE_US = 60_000_000;

export function createHistogram(): LatencyHistogram {
  // Three significant digits: 0.1% resolution at every magnitude, 1 µs at the bottom.
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_TRACKABLE_US, numberOfSignificantValueDigits: 3, bitBucketSize: 32, useWebAssembly: false });
}

export function recordMicros(histogram: LatencyHistogram, micros: number): void {
  histogram.recordValue(Math.min(Math.max(1, Math.round(micros)), HIGHEST_TRACKABLE_US));
}

export function encodeHistogram(histogram: LatencyHistogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

export function decodeHistogram(encoded: string): LatencyHistogram {
  return hdr.decodeFromCompressedBase64(encoded, 32, false);
}

/** Merges encoded histograms into one; an empty list gives an empty histogram. */
export function mergeEncoded(encoded: readonly string[]): LatencyHistogram {
  const merged = createHistogram();
  for (const item of encoded) merged.add(decodeHistogram(item));
  return merged;
}

/** Percentile in milliseconds, or null for an empty histogram. */
export function percentileMs(histogram: LatencyHistogram, percentile: number): number | null {
  if (histogram.totalCount === 0) return null;
  return histogram.getValueAtPercentile(percentile) / 1000;
}
