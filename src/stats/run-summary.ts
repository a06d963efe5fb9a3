import { METRICS, type MetricKey } from '../measure/metrics.js';
import type { FlagCode, TrialRecord } from '../measure/trial.js';
import type { CellRatio, CellSummary } from '../report/result.js';
import { CELL_AXES, type Cell, type CellAxis } from '../scenario/vocabulary.js';
import { outlierIndexes, ratioOfMedians, summarize } from './summary.js';
import { describeWarning, runWarnings, type RunWarning, type WarningSettings } from './warnings.js';

export interface RatioSpec {
  axis: CellAxis;
  numerator: string | number;
  denominator: string | number;
}

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function metricValues(trials: readonly TrialRecord[], key: MetricKey): number[] {
  return trials.map((trial) => trial.metrics[key]).filter(isNumber);
}

/** Selects the trials a summary is built from: the valid ones, or all of them when none is valid (the cell's flags show it). */
export function usableTrials(trials: readonly TrialRecord[]): TrialRecord[] {
  const valid = trials.filter((trial) => trial.valid);
  return valid.length > 0 ? valid : [...trials];
}

export function summarizeCell(cell: Cell, trials: readonly TrialRecord[], seed: number): CellSummary {
  const flags: Partial<Record<FlagCode, number>> = {};
  for (const trial of trials) {
    for (const code of new Set(trial.flags.map((flag) => flag.code))) flags[code] = (flags[code] ?? 0) + 1;
  }
  const used = usableTrials(trials);
  const metrics: CellSummary['metrics'] = {};
  for (const metric of METRICS) {
    const measured = used.filter((trial) => isNumber(trial.metrics[metric.key]));
    const values = measured.map((trial) => trial.metrics[metric.key] as number);
    if (values.length === 0) continue;
    // Outliers stay in every figure; the trial sequence numbers let a reader find them in the JSONL.
    metrics[metric.key] = { ...summarize(values, seed), outlierTrials: outlierIndexes(values).map((index) => (measured[index] as TrialRecord).sequence) };
  }
  return { cellId: cell.id, cell, trials: trials.length, validTrials: trials.filter((trial) => trial.valid).length, flags, metrics };
}

/**
 * Axes that follow another axis's value, so a counterpart along that axis may differ in them too:
 * a one-way cell never checks revocation, and revocation `none` has no revoked count.
 */
export const DEPENDENT_AXES: Partial<Record<CellAxis, readonly CellAxis[]>> = {
  mode: ['revocation', 'revokedCount'],
  revocation: ['revokedCount'],
};

/** The axes a cell and its counterpart along `axis` must share. */
export function sharedAxes(axis: CellAxis): CellAxis[] {
  const free = new Set<CellAxis>([axis, ...(DEPENDENT_AXES[axis] ?? [])]);
  return CELL_AXES.filter((name) => !free.has(name));
}

/**
 * Finds the cell that differs from `cell` only in `axis` (and the axes that depend on it), taking
 * `value` there. Among several candidates the one that also matches the dependent axes wins.
 */
function counterpart(cells: readonly Cell[], cell: Cell, axis: CellAxis, value: string | number): Cell | undefined {
  const shared = sharedAxes(axis);
  const candidates = cells.filter((other) => other[axis] === value && shared.every((name) => other[name] === cell[name]));
  return candidates.find((other) => CELL_AXES.every((name) => name === axis || other[name] === cell[name])) ?? candidates[0];
}

/** Ratios numerator / denominator for every pair of cells that differ only along the spec's axis. */
export function cellRatios(cells: readonly Cell[], trials: readonly TrialRecord[], specs: readonly RatioSpec[], seed: number): CellRatio[] {
  const byCell = new Map<string, TrialRecord[]>();
  for (const trial of trials) byCell.set(trial.cellId, [...(byCell.get(trial.cellId) ?? []), trial]);
  const ratios: CellRatio[] = [];
  for (const spec of specs) {
    for (const numerator of cells.filter((cell) => cell[spec.axis] === spec.numerator)) {
      const denominator = counterpart(cells, numerator, spec.axis, spec.denominator);
      if (!denominator) continue;
      const top = usableTrials(byCell.get(numerator.id) ?? []);
      const bottom = usableTrials(byCell.get(denominator.id) ?? []);
      if (top.length === 0 || bottom.length === 0) continue;
      const metrics: CellRatio['metrics'] = {};
      for (const metric of METRICS) {
        const a = metricValues(top, metric.key);
        const b = metricValues(bottom, metric.key);
        if (a.length > 0 && b.length > 0) metrics[metric.key] = ratioOfMedians(a, b, seed);
      }
      ratios.push({
        axis: spec.axis,
        numerator: String(spec.numerator),
        denominator: String(spec.denominator),
        numeratorCellId: numerator.id,
        denominatorCellId: denominator.id,
        metrics,
      });
    }
  }
  return ratios;
}

export interface RunSummary {
  summaries: CellSummary[];
  ratios: CellRatio[];
  /** Warnings as printed and stored in `RunResult.warnings`. */
  warnings: string[];
  /** The same warnings as data, for callers that filter or count them. */
  warningDetails: RunWarning[];
}

/**
 * Summarizes every measured cell, the ratios the scenario names, and the run's warnings. `settings`
 * only shapes the warnings' hints (e.g. which `--trials` to suggest).
 */
export function summarizeRun(cells: readonly Cell[], trials: readonly TrialRecord[], specs: readonly RatioSpec[], seed: number, settings: WarningSettings = {}): RunSummary {
  const summaries = cells
    .map((cell) => summarizeCell(cell, trials.filter((trial) => trial.cellId === cell.id), seed))
    .filter((summary) => summary.trials > 0);
  const warningDetails = runWarnings(trials, summaries);
  return { summaries, ratios: cellRatios(cells, trials, specs, seed), warnings: warningDetails.map((warning) => describeWarning(warning, settings)), warningDetails };
}
