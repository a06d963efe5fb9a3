import { metricDefinition } from '../measure/metrics.js';
import type { Comparison, MetricComparison } from '../stats/compare.js';
import { formatNumber } from './format.js';

/** Largest trial estimate printed as a number; above it the table prints `>1000 trials`, because such a change sits too close to the threshold to settle. */
const MAX_TRIALS_SHOWN = 1000;

/** Formats a relative change as a signed percentage: `+12.3%`, `-0.4%`. */
export function formatChange(change: number | null): string {
  if (change === null || !Number.isFinite(change)) return '—';
  const percent = change * 100;
  return `${percent >= 0 ? '+' : ''}${percent.toFixed(Math.abs(percent) >= 10 ? 1 : 2)}%`;
}

export function formatInterval(low: number | null, high: number | null): string {
  if (low === null || high === null) return '—';
  return `[${formatChange(low)}, ${formatChange(high)}]`;
}

export function formatTrialsNeeded(trials: number | null): string {
  if (trials === null) return '';
  return trials > MAX_TRIALS_SHOWN ? `>${MAX_TRIALS_SHOWN} trials` : `~${trials} trials`;
}

/**
 * Warnings that come before a comparison's numbers: environment and settings that differ between
 * the runs, and cells measured in only one of them. One line each, for stderr.
 */
export function comparisonWarnings(comparison: Comparison): string[] {
  const warnings: string[] = [];
  for (const difference of comparison.environmentDifferences) {
    warnings.push(`environment differs: ${difference.field} is ${difference.base} in the baseline and ${difference.next} in the new run, which can move the numbers on its own`);
  }
  for (const difference of comparison.settingsDifferences) {
    warnings.push(`settings differ: ${difference.field} is ${difference.base} in the baseline and ${difference.next} in the new run`);
  }
  if (comparison.onlyInBase.length > 0) warnings.push(`cells only in the baseline (not compared): ${comparison.onlyInBase.map((cell) => cell.id).join(', ')}`);
  if (comparison.onlyInNext.length > 0) warnings.push(`cells only in the new run (not compared): ${comparison.onlyInNext.map((cell) => cell.id).join(', ')}`);
  return warnings;
}

function row(item: MetricComparison): string[] {
  const definition = metricDefinition(item.metric);
  return [
    `  ${definition.label}`,
    formatNumber(item.baseMedian),
    formatNumber(item.nextMedian),
    formatChange(item.change),
    formatInterval(item.changeLow, item.changeHigh),
    `±${(item.threshold * 100).toFixed(0)}%`,
    item.verdict,
    [formatTrialsNeeded(item.trialsNeeded), item.note ?? ''].filter(Boolean).join('; '),
  ];
}

/** Renders a comparison for the terminal: one block per cell, one line per metric, then the verdict counts. */
export function renderComparisonTable(comparison: Comparison): string {
  const header = ['metric', 'baseline', 'new', 'change', '95% interval', 'threshold', 'verdict', 'to decide'];
  const lines: string[][] = [header];
  const cellIds = [...new Set(comparison.metrics.map((item) => item.cellId))];
  for (const cellId of cellIds) {
    lines.push([cellId]);
    for (const item of comparison.metrics.filter((candidate) => candidate.cellId === cellId)) lines.push(row(item));
  }
  const widths = header.map((_, column) => Math.max(...lines.filter((line) => line.length > 1).map((line) => (line[column] ?? '').length)));
  const body = lines.map((line) => (line.length === 1 ? line[0]! : line.map((text, column) => (column === line.length - 1 ? text : text.padEnd(widths[column]!))).join('  ').trimEnd()));
  const counts = comparison.counts;
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const total = `${plural(counts.regression, 'regression')}, ${plural(counts.improvement, 'improvement')}, ${counts['no change']} no change, ${counts.inconclusive} inconclusive`;
  return [`baseline ${comparison.base.runId} → new ${comparison.next.runId}`, ...body, total, `method: ${comparison.method}`].join('\n') + '\n';
}
