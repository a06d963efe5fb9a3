import { METRICS, metricDefinition, type MetricDefinition, type MetricKey } from '../measure/metrics.js';
import type { FlagCode, TrialRecord } from '../measure/trial.js';
import type { CellSummary, RunSettings } from '../report/result.js';
import type { Workload } from '../scenario/vocabulary.js';
import { metricValues, usableTrials } from './run-summary.js';
import { median } from './summary.js';

/**
 * Fewest valid trials per cell for a usable interval. With fewer, a percentile bootstrap of the
 * median can only return values near the sample minimum and maximum.
 */
export const MIN_TRIALS = 5;

/**
 * Coefficient of variation (sd / mean) above which a metric counts as noisy. Shared CI runners
 * swing 10-20% between runs, so spread beyond 10% within one run hides changes of that size.
 */
export const HIGH_CV = 0.1;

/** Every warning a run can raise, as data. `describeWarning` turns one into the line printed and stored. */
export type RunWarning =
  | { code: 'too-few-trials'; cellIds: string[]; cells: number; fewest: number; minimum: number }
  | { code: 'no-valid-trials'; cellIds: string[] }
  | { code: 'invalid-trials'; cellId: string; invalid: number; trials: number; flags: FlagCode[] }
  | { code: 'high-variation'; cellId: string; metrics: Array<{ metric: MetricKey; cv: number }> }
  | { code: 'load-bound'; cellIds: string[]; trials: number; of: number }
  | { code: 'first-trial-slower'; cellIds: string[] }
  | { code: 'outliers'; cellId: string; metrics: Array<{ metric: MetricKey; trials: number[] }> };

/** Settings that hints adapt to; absent settings give generic hints. */
export type WarningSettings = Partial<Pick<RunSettings, 'trials' | 'warmupSeconds'>>;

/** Collects the warnings of a run from its trials and cell summaries, in a fixed order of codes. */
export function runWarnings(trials: readonly TrialRecord[], summaries: readonly CellSummary[]): RunWarning[] {
  const byCell = new Map<string, TrialRecord[]>();
  for (const trial of trials) byCell.set(trial.cellId, [...(byCell.get(trial.cellId) ?? []), trial]);
  const cellTrials = (summary: CellSummary): TrialRecord[] => byCell.get(summary.cellId) ?? [];
  const warnings: RunWarning[] = [];

  const few = summaries.filter((summary) => summary.validTrials > 0 && summary.validTrials < MIN_TRIALS);
  if (few.length > 0) {
    warnings.push({ code: 'too-few-trials', cellIds: few.map((summary) => summary.cellId), cells: summaries.length, fewest: Math.min(...few.map((summary) => summary.validTrials)), minimum: MIN_TRIALS });
  }

  const noValid = summaries.filter((summary) => summary.trials > 0 && summary.validTrials === 0);
  if (noValid.length > 0) warnings.push({ code: 'no-valid-trials', cellIds: noValid.map((summary) => summary.cellId) });

  for (const summary of summaries) {
    const invalid = cellTrials(summary).filter((trial) => !trial.valid);
    if (invalid.length === 0 || summary.validTrials === 0) continue;
    const flags = [...new Set(invalid.flatMap((trial) => trial.flags.filter((flag) => flag.severity === 'invalid').map((flag) => flag.code)))];
    warnings.push({ code: 'invalid-trials', cellId: summary.cellId, invalid: invalid.length, trials: summary.trials, flags });
  }

  for (const summary of summaries) {
    const noisy = directedMetrics(summary.cell.workload)
      .filter((metric) => metric.headline)
      .flatMap((metric) => {
        const figures = summary.metrics[metric.key];
        if (!figures || figures.n < 3 || figures.mean === 0) return [];
        const cv = figures.stdev / Math.abs(figures.mean);
        return cv > HIGH_CV ? [{ metric: metric.key, cv }] : [];
      });
    if (noisy.length > 0) warnings.push({ code: 'high-variation', cellId: summary.cellId, metrics: noisy });
  }

  const loadBound = summaries.filter((summary) => (summary.flags['load-bound'] ?? 0) > 0);
  if (loadBound.length > 0) {
    warnings.push({
      code: 'load-bound',
      cellIds: loadBound.map((summary) => summary.cellId),
      trials: loadBound.reduce((sum, summary) => sum + (summary.flags['load-bound'] ?? 0), 0),
      of: trials.length,
    });
  }

  const slowStart = summaries.filter((summary) => firstTrialSlower(cellTrials(summary), summary.cell.workload));
  if (slowStart.length > 0) warnings.push({ code: 'first-trial-slower', cellIds: slowStart.map((summary) => summary.cellId) });

  for (const summary of summaries) {
    const flagged = METRICS.flatMap((metric) => {
      const outliers = summary.metrics[metric.key]?.outlierTrials ?? [];
      return outliers.length > 0 ? [{ metric: metric.key, trials: outliers }] : [];
    });
    if (flagged.length > 0) warnings.push({ code: 'outliers', cellId: summary.cellId, metrics: flagged });
  }
  return warnings;
}

function directedMetrics(workload: Workload): MetricDefinition[] {
  return METRICS.filter((metric) => metric.better !== null && metric.workloads.includes(workload));
}

/**
 * Checks whether a cell's first trial is worse on its throughput metric than every later trial
 * and worse than their median by more than the metric's threshold. That pattern points at a
 * warm-up too short for JIT compilation and connection setup to settle.
 */
export function firstTrialSlower(trials: readonly TrialRecord[], workload: Workload): boolean {
  const used = usableTrials(trials).sort((a, b) => a.sequence - b.sequence);
  if (used.length < 3) return false;
  const metric = directedMetrics(workload).find((candidate) => candidate.headline);
  if (!metric) return false;
  const [first, ...rest] = used as [TrialRecord, ...TrialRecord[]];
  const firstValue = first.metrics[metric.key];
  const restValues = metricValues(rest, metric.key);
  if (typeof firstValue !== 'number' || restValues.length < 2) return false;
  const restMedian = median(restValues);
  if (metric.better === 'higher') return restValues.every((value) => firstValue < value) && firstValue < restMedian * (1 - metric.threshold);
  return restValues.every((value) => firstValue > value) && firstValue > restMedian * (1 + metric.threshold);
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(0)}%`;
}

function list(items: readonly string[]): string {
  return items.join(', ');
}

/** Describes one warning in the line printed to stderr and stored in the run JSON, with a hint adapted to the settings used. */
export function describeWarning(warning: RunWarning, settings: WarningSettings = {}): string {
  switch (warning.code) {
    case 'too-few-trials': {
      const suggested = Math.max(warning.minimum, (settings.trials ?? 0) * 2);
      const scope = warning.cellIds.length === warning.cells ? `every cell (${warning.cells})` : `${warning.cellIds.length} of ${warning.cells} cells (${list(warning.cellIds)})`;
      const fewest = `${warning.fewest} valid trial${warning.fewest === 1 ? '' : 's'}`;
      return `too few trials: ${scope} has as few as ${fewest}, fewer than ${warning.minimum}, so an interval is little more than the range of the trial values and comparisons are mostly inconclusive; run with --trials ${suggested} or more`;
    }
    case 'no-valid-trials':
      return `no valid trials: ${list(warning.cellIds)}; their summaries use invalid trials and are not trustworthy, so check the trial flags in the run JSON`;
    case 'invalid-trials':
      return `${warning.cellId}: ${warning.invalid} of ${warning.trials} trials are invalid (${list(warning.flags)}) and left out of the summaries`;
    case 'high-variation':
      return `${warning.cellId}: high variation between trials (coefficient of variation ${list(warning.metrics.map((item) => `${metricDefinition(item.metric).label} ${percent(item.cv)}`))}, above ${percent(HIGH_CV)}); close other programs, or run on a quieter machine or with more trials`;
    case 'load-bound':
      return `${warning.trials} of ${warning.of} trials were load-bound (${list(warning.cellIds)}): the load workers were near saturation and busier than the server, so throughput figures understate the server; give the load more cores (--load-workers, settings.loadWorkers) or lower --concurrency; on a 2-core machine an ECDSA client costs more CPU per handshake than the server, so use server CPU µs per handshake, not handshakes/s`;
    case 'first-trial-slower': {
      let warmup = 'a longer warm-up';
      if (settings.warmupSeconds === 0) warmup = 'a warm-up (--warmup, settings.warmupSeconds is 0)';
      else if (settings.warmupSeconds !== undefined) warmup = `a warm-up longer than ${settings.warmupSeconds} s (--warmup, settings.warmupSeconds)`;
      return `first trial slower than the rest in ${list(warning.cellIds)}; the first measurements include start-up cost, so use ${warmup}`;
    }
    case 'outliers':
      return `${warning.cellId}: outlier trials flagged and kept (${list(warning.metrics.map((item) => `${metricDefinition(item.metric).label}: trial ${item.trials.join(', ')}`))}); the medians resist them, but check those trials' flags`;
  }
}
