import type { MetricDefinition } from '../../measure/metrics.js';
import { plainNumber } from './csv.js';
import type { Exporter } from './index.js';
import type { RunResult } from '../result.js';
import { runMetrics } from './columns.js';

/**
 * One entry of github-action-benchmark's `customBiggerIsBetter` / `customSmallerIsBetter` input:
 * a JSON array of `{ name, unit, value, range?, extra? }`, where `range` and `extra` are free text
 * that the action shows beside the value.
 */
export interface BenchmarkActionEntry {
  name: string;
  unit: string;
  value: number;
  range?: string;
  extra?: string;
}

/** Entries for the metrics with the given direction: the median of each cell, `range` ± half the 95% interval. */
export function benchmarkActionEntries(result: RunResult, better: 'higher' | 'lower'): BenchmarkActionEntry[] {
  const metrics = runMetrics(result).filter((metric: MetricDefinition) => metric.better === better);
  const entries: BenchmarkActionEntry[] = [];
  for (const summary of result.summaries) {
    for (const metric of metrics) {
      const figures = summary.metrics[metric.key];
      if (!figures || !Number.isFinite(figures.median)) continue;
      const entry: BenchmarkActionEntry = { name: `${summary.cellId} ${metric.column}`, unit: metric.unit, value: figures.median };
      if (Number.isFinite(figures.ciLow) && Number.isFinite(figures.ciHigh)) {
        // The action takes one symmetric spread; `extra` keeps the exact, possibly asymmetric, interval.
        entry.range = `± ${plainNumber((figures.ciHigh - figures.ciLow) / 2)}`;
        entry.extra = `median of ${figures.n} trials, 95% interval ${plainNumber(figures.ciLow)} to ${plainNumber(figures.ciHigh)} (${figures.ciMethod}); run ${result.runId}`;
      }
      entries.push(entry);
    }
  }
  return entries;
}

export const benchmarkActionBigger: Exporter = {
  format: 'github-action-benchmark-bigger',
  description: 'JSON for github-action-benchmark with tool customBiggerIsBetter (throughput metrics)',
  extension: 'json',
  render: (result) => JSON.stringify(benchmarkActionEntries(result, 'higher'), null, 2) + '\n',
};

export const benchmarkActionSmaller: Exporter = {
  format: 'github-action-benchmark-smaller',
  description: 'JSON for github-action-benchmark with tool customSmallerIsBetter (latency, CPU and byte metrics)',
  extension: 'json',
  render: (result) => JSON.stringify(benchmarkActionEntries(result, 'lower'), null, 2) + '\n',
};
