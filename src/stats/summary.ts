import { createRandom } from './random.js';

/** Summary of one metric over a cell's trials (one value per trial). */
export interface Summary {
  n: number;
  median: number;
  mean: number;
  stdev: number;
  /** Median absolute deviation, unscaled. */
  mad: number;
  min: number;
  max: number;
  /** 95% confidence interval of the median; equal to the median when n < 2. */
  ciLow: number;
  ciHigh: number;
  ciMethod: string;
  /** Number of values flagged as outliers (kept in every figure above, see `outlierIndexes`). */
  outliers: number;
  /** Sequence numbers of the trials flagged as outliers, when the values came from trials. */
  outlierTrials?: number[];
}

/** Resamples per bootstrap; 2,000 keeps the 2.5% and 97.5% quantiles stable to about 1% of the interval. */
export const BOOTSTRAP_RESAMPLES = 2000;
export const CONFIDENCE = 0.95;

export function median(values: readonly number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

/** Linear-interpolation quantile (type 7, the default of R and NumPy) of sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (position - lower);
}

function resampleMedian(values: readonly number[], random: () => number): number {
  const sample = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) sample[i] = values[Math.floor(random() * values.length)] as number;
  return median(sample);
}

/**
 * Modified z-score cut-off of Iglewicz and Hoaglin ("How to Detect and Handle Outliers", 1993):
 * |0.6745 (x - median) / MAD| > 3.5 marks an outlier. Robust to the outliers themselves, unlike a
 * mean ± k·sd rule, which matters at the small trial counts a benchmark run has.
 */
export const OUTLIER_MODIFIED_Z = 3.5;

/** Indexes of the values that are outliers by the modified z-score; none when MAD is 0 or n < 3. */
export function outlierIndexes(values: readonly number[]): number[] {
  if (values.length < 3) return [];
  const mid = median(values);
  const mad = median(values.map((value) => Math.abs(value - mid)));
  if (mad === 0) return [];
  const indexes: number[] = [];
  values.forEach((value, index) => {
    if (Math.abs((0.6745 * (value - mid)) / mad) > OUTLIER_MODIFIED_Z) indexes.push(index);
  });
  return indexes;
}

/**
 * Summarizes one value per trial. The interval is a percentile bootstrap of the median with a fixed
 * seed, so the same trials always give the same interval.
 */
export function summarize(values: readonly number[], seed = 1): Summary {
  const n = values.length;
  if (n === 0) {
    return { n, median: NaN, mean: NaN, stdev: NaN, mad: NaN, min: NaN, max: NaN, ciLow: NaN, ciHigh: NaN, ciMethod: 'none', outliers: 0 };
  }
  const sorted = [...values].sort((a, b) => a - b);
  const mid = quantile(sorted, 0.5);
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  const variance = n > 1 ? values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1) : 0;
  const mad = median(values.map((value) => Math.abs(value - mid)));
  let ciLow = mid;
  let ciHigh = mid;
  if (n >= 2) {
    const random = createRandom(seed);
    const medians = Array.from({ length: BOOTSTRAP_RESAMPLES }, () => resampleMedian(values, random)).sort((a, b) => a - b);
    ciLow = quantile(medians, (1 - CONFIDENCE) / 2);
    ciHigh = quantile(medians, 1 - (1 - CONFIDENCE) / 2);
  }
  return {
    n,
    median: mid,
    mean,
    stdev: Math.sqrt(variance),
    mad,
    min: sorted[0] as number,
    max: sorted[n - 1] as number,
    ciLow,
    ciHigh,
    ciMethod: n >= 2 ? `percentile bootstrap of the median, ${BOOTSTRAP_RESAMPLES} resamples, seed ${seed}` : 'none (fewer than 2 trials)',
    outliers: outlierIndexes(values).length,
  };
}

export interface RatioSummary {
  /** Ratio of the two medians. */
  ratio: number;
  ciLow: number;
  ciHigh: number;
  ciMethod: string;
}

/**
 * Ratio of medians numerator / denominator with a 95% percentile-bootstrap interval, resampling
 * both groups independently (trials of the two cells are independent measurements).
 */
export function ratioOfMedians(numerator: readonly number[], denominator: readonly number[], seed = 1): RatioSummary {
  const ratio = median(numerator) / median(denominator);
  if (numerator.length < 2 || denominator.length < 2) {
    return { ratio, ciLow: ratio, ciHigh: ratio, ciMethod: 'none (fewer than 2 trials)' };
  }
  const ratios = bootstrapRatioOfMedians(numerator, denominator, createRandom(seed));
  return {
    ratio,
    ciLow: quantile(ratios, (1 - CONFIDENCE) / 2),
    ciHigh: quantile(ratios, 1 - (1 - CONFIDENCE) / 2),
    ciMethod: `percentile bootstrap of the ratio of medians, ${BOOTSTRAP_RESAMPLES} resamples, seed ${seed}`,
  };
}

/** Sorted bootstrap replicates of median(numerator) / median(denominator), infinite and NaN replicates dropped. */
export function bootstrapRatioOfMedians(numerator: readonly number[], denominator: readonly number[], random: () => number, resamples = BOOTSTRAP_RESAMPLES): number[] {
  const replicates = new Array<number>(resamples);
  for (let r = 0; r < resamples; r++) replicates[r] = resampleMedian(numerator, random) / resampleMedian(denominator, random);
  return replicates.filter(Number.isFinite).sort((a, b) => a - b);
}
