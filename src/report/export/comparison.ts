import { metricDefinition } from '../../measure/metrics.js';
import type { Comparison } from '../../stats/compare.js';
import { InputError } from '../../errors.js';
import { renderComparisonTable } from '../compare-table.js';
import { renderComparisonMarkdown } from '../markdown-compare.js';
import { AXIS_COLUMNS, axisValues } from './columns.js';
import { toCsv, type CsvValue } from './csv.js';

/** One output format of `bench compare`. */
export interface ComparisonExporter {
  format: string;
  description: string;
  render(comparison: Comparison): string;
}

/** Long CSV: one row per cell and metric compared. Changes are fractions (0.1 = 10% higher), not percentages. */
export function renderComparisonCsv(comparison: Comparison): string {
  const header = [
    'base_run_id',
    'new_run_id',
    'cell_id',
    ...AXIS_COLUMNS,
    'metric',
    'unit',
    'better',
    'threshold_fraction',
    'base_median',
    'new_median',
    'base_trials',
    'new_trials',
    'change_fraction',
    'change_ci_low_fraction',
    'change_ci_high_fraction',
    'p_value',
    'holm_adjusted_p_value',
    'verdict',
    'trials_needed',
    'note',
  ];
  const rows = comparison.metrics.map((item): CsvValue[] => {
    const definition = metricDefinition(item.metric);
    return [
      comparison.base.runId,
      comparison.next.runId,
      item.cellId,
      ...axisValues(item.cell),
      definition.column,
      definition.unit,
      item.better,
      item.threshold,
      item.baseMedian,
      item.nextMedian,
      item.baseTrials,
      item.nextTrials,
      item.change,
      item.changeLow,
      item.changeHigh,
      item.pValue,
      item.adjustedPValue,
      item.verdict,
      item.trialsNeeded,
      item.note,
    ];
  });
  return toCsv(header, rows);
}

export const COMPARISON_EXPORTERS: readonly ComparisonExporter[] = [
  { format: 'text', description: 'terminal table (default)', render: renderComparisonTable },
  { format: 'markdown', description: 'Markdown for pull-request comments and job summaries', render: renderComparisonMarkdown },
  { format: 'csv', description: 'CSV, one row per cell and metric', render: renderComparisonCsv },
  { format: 'json', description: 'the comparison as JSON', render: (comparison) => JSON.stringify(comparison, null, 2) + '\n' },
];

export const COMPARISON_FORMATS: readonly string[] = COMPARISON_EXPORTERS.map((exporter) => exporter.format);

export function comparisonExporterFor(format: string): ComparisonExporter {
  const exporter = COMPARISON_EXPORTERS.find((candidate) => candidate.format === format);
  if (!exporter) throw new InputError(`--format: invalid value "${format}"; accepted values: ${COMPARISON_FORMATS.join(', ')}`);
  return exporter;
}
