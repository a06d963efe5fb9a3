import type { Exporter } from './index.js';
import { AXIS_COLUMNS, axisValues, runMetrics } from './columns.js';
import { toCsv, type CsvValue } from './csv.js';

/** Wide summary: one row per cell, cell axes as columns, then median and 95% interval per metric. */
export const csvSummary: Exporter = {
  format: 'csv-summary',
  description: 'CSV, one row per cell: parameters, then median and 95% interval of each metric (units in column names)',
  extension: 'csv',
  render(result) {
    const metrics = runMetrics(result);
    const header = [
      'run_id',
      'cell_id',
      ...AXIS_COLUMNS,
      ...metrics.flatMap((metric) => [`${metric.column}_median`, `${metric.column}_ci_low`, `${metric.column}_ci_high`]),
      'trials',
      'valid_trials',
      'flags',
    ];
    const rows = result.summaries.map((summary): CsvValue[] => [
      result.runId,
      summary.cellId,
      ...axisValues(summary.cell),
      ...metrics.flatMap((metric) => {
        const figures = summary.metrics[metric.key];
        return [figures?.median, figures?.ciLow, figures?.ciHigh];
      }),
      summary.trials,
      summary.validTrials,
      Object.entries(summary.flags)
        .map(([code, count]) => `${code}:${count}`)
        .join(' '),
    ]);
    return toCsv(header, rows);
  },
};
