import type { Exporter } from './index.js';
import { AXIS_COLUMNS, axisValues, runMetrics } from './columns.js';
import { isoUtc, toCsv, type CsvValue } from './csv.js';

/** Long per-trial file: one row per trial and metric, the unit of analysis behind every summary. */
export const csvSamples: Exporter = {
  format: 'csv-samples',
  description: 'CSV, one row per trial and metric: run, trial, cell parameters, metric, unit, value',
  extension: 'csv',
  render(result) {
    const metrics = runMetrics(result);
    const header = ['run_id', 'trial', 'round', 'started_at', 'cell_id', ...AXIS_COLUMNS, 'valid', 'metric', 'unit', 'value'];
    const rows: CsvValue[][] = [];
    for (const trial of result.trials) {
      for (const metric of metrics) {
        const value = trial.metrics[metric.key];
        if (typeof value !== 'number' || !Number.isFinite(value)) continue;
        rows.push([result.runId, trial.sequence, trial.round, isoUtc(trial.startedAt), trial.cellId, ...axisValues(trial.cell), trial.valid, metric.column, metric.unit, value]);
      }
    }
    return toCsv(header, rows);
  },
};
