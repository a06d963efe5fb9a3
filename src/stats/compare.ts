import { METRICS, type MetricDefinition, type MetricKey } from '../measure/metrics.js';
import type { Environment, TrialRecord } from '../measure/trial.js';
import type { RunResult, RunSettings } from '../report/result.js';
import { CELL_AXES, type Cell } from '../scenario/vocabulary.js';
import { normalQuantile } from './normal.js';
import { createRandom } from './random.js';
import { metricValues, usableTrials } from './run-summary.js';
import { studentTTwoSidedP } from './student-t.js';
import { BOOTSTRAP_RESAMPLES, bootstrapRatioOfMedians, CONFIDENCE, median, quantile } from './summary.js';

export const VERDICTS = ['regression', 'improvement', 'no change', 'inconclusive'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Family-wise error rate that the Holm correction keeps across every metric compared; the tail mass of the 95% intervals. */
export const FAMILY_ALPHA = 0.05;

export interface CompareOptions {
  /** Threshold for every metric as a fraction of the baseline (0.05 = 5%); default: each metric's schema threshold. */
  threshold?: number;
  /** Thresholds for single metrics, taking precedence over `threshold`. */
  thresholds?: Partial<Record<MetricKey, number>>;
  /** Seed of the bootstrap; default: the new run's seed, so a comparison is reproducible. */
  seed?: number;
}

export interface RunReference {
  runId: string;
  scenario: string;
  startedAt: string;
}

/** A field that differs between the two runs and can move the numbers on its own. */
export interface RunDifference {
  field: string;
  base: string;
  next: string;
}

export interface MetricComparison {
  /** Id of the cell in the new run (ids of matched cells are equal when both runs use the same tool version). */
  cellId: string;
  cell: Cell;
  metric: MetricKey;
  better: 'higher' | 'lower';
  /** Threshold as a fraction of the baseline median. */
  threshold: number;
  baseMedian: number;
  nextMedian: number;
  baseTrials: number;
  nextTrials: number;
  /** Relative change of the median, next / base − 1 (0.1 = 10% higher); null when the baseline median is 0. */
  change: number | null;
  /** Bounds of the 95% interval of `change`; null when either run has fewer than 2 trials or `change` is null. */
  changeLow: number | null;
  changeHigh: number | null;
  /** Two-sided p-value of "the change lies within ±threshold" before and after the Holm correction; null when not tested. */
  pValue: number | null;
  adjustedPValue: number | null;
  verdict: Verdict;
  /** Estimated trials per run that would decide an inconclusive verdict; null when decided or not estimable. */
  trialsNeeded: number | null;
  note: string | null;
}

export interface Comparison {
  kind: 'comparison';
  base: RunReference;
  next: RunReference;
  confidence: number;
  method: string;
  environmentDifferences: RunDifference[];
  settingsDifferences: RunDifference[];
  /** Cells measured in only one of the runs, matched by parameters. */
  onlyInBase: Cell[];
  onlyInNext: Cell[];
  metrics: MetricComparison[];
  counts: Record<Verdict, number>;
}

const ENVIRONMENT_FIELDS = ['node', 'openssl', 'cpuModel', 'cores', 'arch', 'kernel'] as const satisfies readonly (keyof Environment)[];
const SETTINGS_FIELDS = ['trials', 'warmupSeconds', 'durationSeconds', 'concurrency', 'loadWorkers', 'serverWorkers', 'quick'] as const satisfies readonly (keyof RunSettings)[];

/** Key that matches cells by their parameters, so renamed ids or a reordered matrix still pair up. */
export function cellKey(cell: Cell): string {
  return JSON.stringify(CELL_AXES.map((axis) => cell[axis]));
}

/**
 * Compares every cell and metric of `next` against `base`.
 *
 * 1. Cells pair up by parameters; cells of one run only are listed, not dropped.
 * 2. Per cell and metric with a direction, the change of the median gets a percentile-bootstrap
 *    interval (both runs resampled independently) and a Welch t-test p-value against the
 *    ±threshold band.
 * 3. The Holm correction runs over every p-value of the comparison, because a CI gate fails on any
 *    regression and so must control the family-wise error across all of them.
 * 4. Verdicts follow from the interval and the corrected p-value (see `verdictOf`).
 */
export function compareRuns(base: RunResult, next: RunResult, options: CompareOptions = {}): Comparison {
  const seed = options.seed ?? next.settings.seed;
  const baseCells = measuredCells(base);
  const nextCells = measuredCells(next);
  const baseByKey = new Map(baseCells.map((cell) => [cellKey(cell), cell]));
  const nextKeys = new Set(nextCells.map(cellKey));

  const pending: PendingComparison[] = [];
  for (const cell of nextCells) {
    const baseCell = baseByKey.get(cellKey(cell));
    if (!baseCell) continue;
    const baseTrials = usableTrials(base.trials.filter((trial) => trial.cellId === baseCell.id));
    const nextTrials = usableTrials(next.trials.filter((trial) => trial.cellId === cell.id));
    for (const metric of METRICS) {
      if (metric.better === null) continue;
      const threshold = options.thresholds?.[metric.key] ?? options.threshold ?? metric.threshold;
      const item = compareMetric(cell, metric as DirectedMetric, threshold, baseTrials, nextTrials, seed);
      if (item) pending.push(item);
    }
  }

  const adjusted = holmAdjust(pending.map((item) => item.pValue));
  const familySize = adjusted.filter((value) => value !== null).length;
  const metrics = pending.map((item, index) => finish(item, adjusted[index] ?? null, familySize));
  const counts = Object.fromEntries(VERDICTS.map((verdict) => [verdict, metrics.filter((item) => item.verdict === verdict).length])) as Record<Verdict, number>;

  return {
    kind: 'comparison',
    base: reference(base),
    next: reference(next),
    confidence: CONFIDENCE,
    method:
      `change of the median per cell and metric; ${CONFIDENCE * 100}% percentile bootstrap interval of the ratio of medians ` +
      `(${BOOTSTRAP_RESAMPLES} resamples, seed ${seed}); p-values from Welch's t-test on log values against the ±threshold band, ` +
      `Holm-corrected across ${familySize} comparisons at ${FAMILY_ALPHA}`,
    environmentDifferences: differences(base.environment, next.environment, ENVIRONMENT_FIELDS),
    settingsDifferences: [
      ...(base.scenario.hash !== next.scenario.hash ? [{ field: 'scenario', base: `${base.scenario.name} (${base.scenario.hash})`, next: `${next.scenario.name} (${next.scenario.hash})` }] : []),
      ...differences(base.settings, next.settings, SETTINGS_FIELDS),
    ],
    onlyInBase: baseCells.filter((cell) => !nextKeys.has(cellKey(cell))),
    onlyInNext: nextCells.filter((cell) => !baseByKey.has(cellKey(cell))),
    metrics,
    counts,
  };
}

/** Exit status of `bench compare`: 1 on any regression (or inconclusive verdict when asked), else 0. */
export function comparisonExitCode(comparison: Comparison, options: { failOnInconclusive?: boolean } = {}): 0 | 1 {
  if (comparison.counts.regression > 0) return 1;
  if (options.failOnInconclusive && comparison.counts.inconclusive > 0) return 1;
  return 0;
}

type DirectedMetric = MetricDefinition & { better: 'higher' | 'lower' };

interface PendingComparison extends Omit<MetricComparison, 'adjustedPValue' | 'verdict' | 'trialsNeeded'> {
  /** Standard error of the difference of mean log values (Welch); null when not estimable. */
  logSe: number | null;
}

function measuredCells(result: RunResult): Cell[] {
  const measured = new Set(result.trials.map((trial) => trial.cellId));
  return result.cells.filter((cell) => measured.has(cell.id));
}

function reference(result: RunResult): RunReference {
  return { runId: result.runId, scenario: result.scenario.name, startedAt: result.startedAt };
}

function differences<T extends object>(base: T, next: T, fields: readonly (keyof T)[]): RunDifference[] {
  return fields
    .filter((field) => base[field] !== next[field])
    .map((field) => ({ field: String(field), base: String(base[field]), next: String(next[field]) }));
}

function compareMetric(cell: Cell, metric: DirectedMetric, threshold: number, baseTrials: TrialRecord[], nextTrials: TrialRecord[], seed: number): PendingComparison | null {
  const baseValues = metricValues(baseTrials, metric.key);
  const nextValues = metricValues(nextTrials, metric.key);
  if (baseValues.length === 0 || nextValues.length === 0) return null;
  const common = {
    cellId: cell.id,
    cell,
    metric: metric.key,
    better: metric.better,
    threshold,
    baseMedian: median(baseValues),
    nextMedian: median(nextValues),
    baseTrials: baseValues.length,
    nextTrials: nextValues.length,
  };

  if (common.baseMedian === 0) {
    // A relative change from zero is undefined; equal all-zero runs (e.g. no failed handshakes) are no change.
    const allZero = baseValues.every((value) => value === 0) && nextValues.every((value) => value === 0);
    return allZero
      ? { ...common, change: 0, changeLow: 0, changeHigh: 0, pValue: 1, logSe: 0, note: null }
      : { ...common, change: null, changeLow: null, changeHigh: null, pValue: null, logSe: null, note: 'baseline median is 0, so the relative change is undefined' };
  }

  const change = common.nextMedian / common.baseMedian - 1;
  if (baseValues.length < 2 || nextValues.length < 2) {
    return { ...common, change, changeLow: null, changeHigh: null, pValue: null, logSe: null, note: 'an interval needs at least 2 trials per run' };
  }

  // Seeding per cell and metric keeps each interval independent of which other cells are compared.
  const random = createRandom(seed ^ hashString(`${cellKey(cell)}:${metric.key}`));
  const ratios = bootstrapRatioOfMedians(nextValues, baseValues, random);
  const changeLow = quantile(ratios, FAMILY_ALPHA / 2) - 1;
  const changeHigh = quantile(ratios, 1 - FAMILY_ALPHA / 2) - 1;
  if (baseValues.some((value) => value <= 0) || nextValues.some((value) => value <= 0)) {
    return { ...common, change, changeLow, changeHigh, pValue: null, logSe: null, note: 'values of 0 or below rule out the t-test on log values' };
  }
  const test = welchBandTest(baseValues.map(Math.log), nextValues.map(Math.log), threshold);
  return { ...common, change, changeLow, changeHigh, pValue: test.pValue, logSe: test.se, note: null };
}

/**
 * Welch's t-test of H0 "the ratio of geometric means lies inside [1 − threshold, 1 + threshold]"
 * against the side the estimate is on, two-sided so that it matches the 95% intervals. Student's t
 * with Welch-Satterthwaite degrees of freedom makes two or three trials per run weak evidence, as
 * they are. A normal approximation of the bootstrap would not: with 2 trials the bootstrap
 * distribution of a median has 3 points and understates the spread.
 */
function welchBandTest(baseLogs: readonly number[], nextLogs: readonly number[], threshold: number): { pValue: number; se: number } {
  const baseVariance = variance(baseLogs) / baseLogs.length;
  const nextVariance = variance(nextLogs) / nextLogs.length;
  const difference = mean(nextLogs) - mean(baseLogs);
  const boundary = difference >= 0 ? Math.log(1 + threshold) : Math.log(Math.max(1 - threshold, Number.MIN_VALUE));
  const beyond = difference >= 0 ? difference - boundary : boundary - difference;
  const se = Math.sqrt(baseVariance + nextVariance);
  if (se === 0) return { pValue: beyond > 0 ? 0 : 1, se };
  if (beyond <= 0) return { pValue: 1, se };
  const df = (baseVariance + nextVariance) ** 2 / (baseVariance ** 2 / (baseLogs.length - 1) + nextVariance ** 2 / (nextLogs.length - 1));
  return { pValue: studentTTwoSidedP(beyond / se, df), se };
}

/**
 * Holm's step-down adjustment (Holm, "A simple sequentially rejective multiple test procedure",
 * Scandinavian Journal of Statistics 6, 1979): the i-th smallest of m p-values is multiplied by
 * m − i + 1, and adjusted values are made monotone. Nulls are skipped and stay null.
 */
export function holmAdjust(pValues: ReadonlyArray<number | null>): Array<number | null> {
  const order = pValues
    .map((value, index) => ({ value, index }))
    .filter((entry): entry is { value: number; index: number } => entry.value !== null)
    .sort((a, b) => a.value - b.value);
  const adjusted: Array<number | null> = pValues.map(() => null);
  let running = 0;
  order.forEach((entry, rank) => {
    running = Math.max(running, Math.min(1, (order.length - rank) * entry.value));
    adjusted[entry.index] = running;
  });
  return adjusted;
}

/**
 * Decides a verdict from the interval of the change, oriented so that positive means worse.
 * A regression needs the whole interval worse than the threshold and a Holm-adjusted p-value below
 * the family alpha, and an improvement is the mirror image. No change needs the whole interval
 * within ±threshold. Everything else is inconclusive, including intervals beyond the threshold
 * that the Holm correction does not confirm.
 */
function verdictOf(worseLow: number, worseHigh: number, threshold: number, significant: boolean): Verdict {
  if (worseLow > threshold && significant) return 'regression';
  if (worseHigh < -threshold && significant) return 'improvement';
  if (worseLow >= -threshold && worseHigh <= threshold) return 'no change';
  return 'inconclusive';
}

function finish(item: PendingComparison, adjustedPValue: number | null, familySize: number): MetricComparison {
  const { logSe, ...rest } = item;
  if (item.changeLow === null || item.changeHigh === null) {
    return { ...rest, adjustedPValue, verdict: 'inconclusive', trialsNeeded: null };
  }
  const [worseLow, worseHigh] = item.better === 'lower' ? [item.changeLow, item.changeHigh] : [-item.changeHigh, -item.changeLow];
  const significant = adjustedPValue !== null && adjustedPValue < FAMILY_ALPHA;
  const verdict = verdictOf(worseLow, worseHigh, item.threshold, significant);
  const trialsNeeded = verdict === 'inconclusive' ? estimateTrialsNeeded(item, logSe, familySize) : null;
  return { ...rest, adjustedPValue, verdict, trialsNeeded };
}

/**
 * Estimates the trials per run that would make the interval clear the nearest band boundary,
 * assuming the spread per trial stays as measured and the standard error shrinks with
 * sqrt(1/n_base + 1/n_next). Deciding "no change" needs the plain 95% z. Deciding a regression or
 * improvement uses the z of the first Holm step (alpha / m), because that is the strictest step.
 */
function estimateTrialsNeeded(item: PendingComparison, logSe: number | null, familySize: number): number | null {
  if (item.change === null || logSe === null || logSe === 0) return null;
  const logRatio = Math.log(item.change + 1);
  const upper = Math.log(1 + item.threshold);
  const lower = Math.log(Math.max(1 - item.threshold, Number.MIN_VALUE));
  const inside = logRatio >= lower && logRatio <= upper;
  const distance = Math.min(Math.abs(logRatio - upper), Math.abs(logRatio - lower));
  if (distance === 0) return null;
  const alpha = inside ? FAMILY_ALPHA : FAMILY_ALPHA / Math.max(familySize, 1);
  const z = normalQuantile(1 - alpha / 2);
  const harmonic = 1 / item.baseTrials + 1 / item.nextTrials;
  return Math.max(Math.ceil((2 * z * z * logSe * logSe) / (distance * distance * harmonic)), Math.max(item.baseTrials, item.nextTrials) + 1);
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Sample variance (divisor n − 1); 0 for fewer than 2 values. */
function variance(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const center = mean(values);
  return values.reduce((sum, value) => sum + (value - center) ** 2, 0) / (values.length - 1);
}

/** FNV-1a, 32 bits: a stable per-comparison seed offset. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
