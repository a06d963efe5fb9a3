import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { holmAdjust } from '../src/stats/compare.js';
import { normalCdf, normalQuantile } from '../src/stats/normal.js';
import { studentTTwoSidedP } from '../src/stats/student-t.js';
import { createRandom, shuffled } from '../src/stats/random.js';
import { summarizeRun } from '../src/stats/run-summary.js';
import { median, outlierIndexes, quantile, ratioOfMedians, summarize } from '../src/stats/summary.js';
import { describeWarning, runWarnings } from '../src/stats/warnings.js';
import { around, handshakeMetrics, makeCell, makeRun } from './fixtures/runs.js';

describe('summary statistics', () => {
  it('median of odd and even counts', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });

  it('quantile interpolates like R type 7', () => {
    // R: quantile(1:5, c(0.25, 0.9)) gives 2 and 4.6.
    assert.equal(quantile([1, 2, 3, 4, 5], 0.25), 2);
    assert.ok(Math.abs(quantile([1, 2, 3, 4, 5], 0.9) - 4.6) < 1e-12);
  });

  it('summarize matches hand-computed figures', () => {
    const summary = summarize([1, 2, 3, 4, 100], 7);
    assert.equal(summary.n, 5);
    assert.equal(summary.median, 3);
    assert.equal(summary.mean, 22);
    // Sample variance: (441 + 400 + 361 + 324 + 6084) / 4 = 1902.5.
    assert.ok(Math.abs(summary.stdev - Math.sqrt(1902.5)) < 1e-12);
    assert.equal(summary.mad, 1);
    assert.equal(summary.min, 1);
    assert.equal(summary.max, 100);
    assert.equal(summary.outliers, 1);
  });

  it('bootstrap of two values spans both', () => {
    // Resampled medians of [10, 20] are 10, 15 or 20 with probabilities 1/4, 1/2, 1/4, so the
    // 2.5% and 97.5% quantiles of 2,000 replicates are 10 and 20.
    const summary = summarize([10, 20], 1);
    assert.equal(summary.ciLow, 10);
    assert.equal(summary.ciHigh, 20);
    assert.match(summary.ciMethod, /percentile bootstrap of the median, 2000 resamples, seed 1/);
  });

  it('bootstrap with fixed seed is reproducible', () => {
    const values = [101, 97, 103, 99, 100, 98, 102, 150];
    const first = summarize(values, 12345);
    const second = summarize(values, 12345);
    assert.deepEqual(first, second);
    assert.ok(first.ciLow <= first.median);
    assert.ok(first.median <= first.ciHigh);
    assert.ok(first.ciLow >= 97);
    assert.ok(first.ciHigh <= 150);
  });

  it('bootstrap of constant values is a point', () => {
    const summary = summarize([5, 5, 5, 5], 3);
    assert.equal(summary.ciLow, 5);
    assert.equal(summary.ciHigh, 5);
    assert.equal(summary.outliers, 0);
  });

  it('single value has no interval', () => {
    const summary = summarize([42]);
    assert.equal(summary.ciLow, 42);
    assert.equal(summary.ciHigh, 42);
    assert.match(summary.ciMethod, /fewer than 2 trials/);
  });

  it('ratio of constant medians is exact', () => {
    const ratio = ratioOfMedians([2, 2, 2], [1, 1, 1], 9);
    assert.equal(ratio.ratio, 2);
    assert.equal(ratio.ciLow, 2);
    assert.equal(ratio.ciHigh, 2);
  });

  it('mulberry32 is seeded and shuffle keeps items', () => {
    const a = createRandom(99);
    const b = createRandom(99);
    const drawn = [a(), a(), a()];
    assert.deepEqual(drawn, [b(), b(), b()]);
    assert.ok(drawn.every((value) => value >= 0 && value < 1));
    assert.deepEqual(shuffled([1, 2, 3, 4, 5], createRandom(1)).sort(), [1, 2, 3, 4, 5]);
  });
});

describe('outliers', () => {
  it('modified z-score flags far values only', () => {
    assert.deepEqual(outlierIndexes([10, 11, 10, 12, 11, 40]), [5]);
    assert.deepEqual(outlierIndexes([10, 11, 12]), []);
  });

  it('zero MAD flags nothing', () => {
    assert.deepEqual(outlierIndexes([5, 5, 5, 9]), []);
  });

  it('cell summary names outlier trials by sequence', () => {
    const cell = makeCell();
    const rates = [1000, 1010, 990, 1005, 995, 400];
    const run = makeRun({ cells: [{ cell, trials: rates.map((rate) => handshakeMetrics(rate)) }] });
    const figures = run.summaries[0]?.metrics.handshakesPerSecond;
    assert.deepEqual(figures?.outlierTrials, [5]);
    assert.equal(figures?.n, 6);
    assert.equal(figures?.min, 400);
  });
});

describe('normal distribution', () => {
  it('cdf and quantile match tables', () => {
    assert.ok(Math.abs(normalCdf(1.959964) - 0.975) < 1e-6);
    assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-9);
    assert.ok(Math.abs(normalCdf(-1) - 0.158655) < 1e-6);
    assert.ok(Math.abs(normalQuantile(0.975) - 1.959964) < 1e-5);
  });

  it('Student t tails match tables', () => {
    // Two-sided 5% critical values: 12.706 (1 df), 4.303 (2 df), 2.228 (10 df).
    assert.ok(Math.abs(studentTTwoSidedP(12.706, 1) - 0.05) < 1e-4);
    assert.ok(Math.abs(studentTTwoSidedP(4.303, 2) - 0.05) < 1e-4);
    assert.ok(Math.abs(studentTTwoSidedP(2.228, 10) - 0.05) < 1e-4);
    assert.equal(studentTTwoSidedP(0, 5), 1);
  });

  it('quantile rejects probabilities outside (0, 1)', () => {
    assert.throws(() => normalQuantile(1), RangeError);
  });
});

describe('Holm adjustment', () => {
  it('matches R p.adjust', () => {
    // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") gives 0.03 0.06 0.06 0.02.
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    const expected = [0.03, 0.06, 0.06, 0.02];
    adjusted.forEach((value, index) => assert.ok(Math.abs((value as number) - (expected[index] as number)) < 1e-12, `index ${index}: ${value}`));
  });

  it('skips nulls and caps at 1', () => {
    assert.deepEqual(holmAdjust([null, 0.6, 0.5]), [null, 1, 1]);
  });
});

describe('run warnings', () => {
  const oneWay = makeCell({ mode: 'one-way' });
  const mutual = makeCell();

  it('too few trials names cells and a trial count', () => {
    const run = makeRun({ cells: [{ cell: mutual, trials: [handshakeMetrics(800), handshakeMetrics(810)] }] });
    const codes = runWarnings(run.trials, run.summaries).map((warning) => warning.code);
    assert.ok(codes.includes('too-few-trials'));
    assert.match(run.warnings.join('\n'), /--trials 5/);
  });

  it('high variation reports the coefficient', () => {
    const rates = [600, 1000, 800, 1200, 700];
    const run = makeRun({ cells: [{ cell: mutual, trials: rates.map((rate) => handshakeMetrics(rate)) }] });
    const warning = runWarnings(run.trials, run.summaries).find((candidate) => candidate.code === 'high-variation');
    assert.ok(warning);
    assert.match(describeWarning(warning), /coefficient of variation handshakes\/s \d+%/);
  });

  it('load-bound trials are counted', () => {
    const loadBound = [{ code: 'load-bound' as const, severity: 'warning' as const, message: 'load used more of its cores than the server' }];
    const run = makeRun({
      cells: [{ cell: oneWay, trials: around(1000, 0.01, 5).map((rate) => handshakeMetrics(rate)), flags: [loadBound, undefined, loadBound] }],
    });
    const warning = runWarnings(run.trials, run.summaries).find((candidate) => candidate.code === 'load-bound');
    assert.deepEqual(warning, { code: 'load-bound', cellIds: [oneWay.id], trials: 2, of: 5 });
  });

  it('first trial slower is detected', () => {
    const rates = [700, 1000, 1010, 990, 1005];
    const run = makeRun({ cells: [{ cell: oneWay, trials: rates.map((rate) => handshakeMetrics(rate)) }] });
    const warning = runWarnings(run.trials, run.summaries).find((candidate) => candidate.code === 'first-trial-slower');
    assert.ok(warning);
    assert.match(describeWarning(warning, { warmupSeconds: 0 }), /settings\.warmupSeconds is 0/);
    assert.match(describeWarning(warning, { warmupSeconds: 1 }), /longer than 1 s/);
  });

  it('steady run raises no warnings', () => {
    const run = makeRun({ cells: [oneWay, mutual].map((cell) => ({ cell, trials: around(1000, 0.01, 6).map((rate) => handshakeMetrics(rate)) })) });
    assert.deepEqual(run.warnings, []);
  });

  it('invalid trials are left out and reported', () => {
    const invalid = [{ code: 'protocol-mismatch' as const, severity: 'invalid' as const, message: 'negotiated TLSv1.2' }];
    const cells = [{ cell: mutual, trials: [...around(800, 0.01, 5), 100].map((rate) => handshakeMetrics(rate)), flags: [undefined, undefined, undefined, undefined, undefined, invalid] }];
    const { summaries, warnings } = summarizeRun([mutual], makeRun({ cells }).trials, [], 1);
    assert.equal(summaries[0]?.validTrials, 5);
    assert.ok((summaries[0]?.metrics.handshakesPerSecond?.min ?? 0) > 700);
    assert.ok(warnings.some((warning) => warning.includes('1 of 6 trials are invalid (protocol-mismatch)')));
  });
});
