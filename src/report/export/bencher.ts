import type { Exporter } from './index.js';
import type { RunResult } from '../result.js';
import { runMetrics } from './columns.js';

/** A Bencher Metric Format value: `value` required, the bounds optional. */
export interface BencherMetric {
  value: number;
  lower_value?: number;
  upper_value?: number;
}

/** Bencher Metric Format: benchmark name → measure → metric. */
export type BencherMetricFormat = Record<string, Record<string, BencherMetric>>;

/**
 * Builds one benchmark per cell (named by the cell id) with one measure per metric. Measures take
 * the metric's CSV column as name, so the unit is in the name, and Bencher creates measures it
 * does not know yet. The bounds are the 95% interval of the median.
 */
export function bencherMetrics(result: RunResult): BencherMetricFormat {
  const metrics = runMetrics(result);
  const output: BencherMetricFormat = {};
  for (const summary of result.summaries) {
    const measures: Record<string, BencherMetric> = {};
    for (const metric of metrics) {
      const figures = summary.metrics[metric.key];
      if (!figures || !Number.isFinite(figures.median)) continue;
      measures[metric.column] = Number.isFinite(figures.ciLow) && Number.isFinite(figures.ciHigh)
        ? { value: figures.median, lower_value: figures.ciLow, upper_value: figures.ciHigh }
        : { value: figures.median };
    }
    if (Object.keys(measures).length > 0) output[summary.cellId] = measures;
  }
  return output;
}

export const bencher: Exporter = {
  format: 'bencher',
  description: 'Bencher Metric Format (BMF) JSON for `bencher run --adapter json`',
  extension: 'json',
  render: (result) => JSON.stringify(bencherMetrics(result), null, 2) + '\n',
};
