import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseThresholds } from '../src/cli/compare.js';
import { InputError } from '../src/errors.js';
import { loadRun, saveBaseline } from '../src/report/baseline.js';
import { comparisonWarnings, renderComparisonTable } from '../src/report/compare-table.js';
import { compareRuns, comparisonExitCode } from '../src/stats/compare.js';
import type { RunResult } from '../src/report/result.js';
import { around, handshakeMetrics, makeCell, makeRun } from './fixtures/runs.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const runFile = promisify(execFile);

const oneWay = makeCell({ mode: 'one-way' });
const mutual = makeCell();
const rsa = makeCell({ serverKey: 'rsa-2048', clientKey: 'rsa-2048' });

/** Builds a run of `cells` whose handshake rates are `scale` times the reference, each trial within ±spread. */
function runOf(options: { scale?: number; spread?: number; trials?: number; runId?: string; cells?: typeof oneWay[]; node?: string }): RunResult {
  const { scale = 1, spread = 0.01, trials = 10, cells = [oneWay, mutual] } = options;
  return makeRun({
    runId: options.runId,
    environment: options.node ? { node: options.node } : {},
    cells: cells.map((cell) => ({ cell, trials: around(cell.mode === 'mutual' ? 800 : 1000, spread, trials).map((rate) => handshakeMetrics(rate * scale)) })),
  });
}

describe('compareRuns', () => {
  it('run against itself is no change', () => {
    const run = runOf({});
    const comparison = compareRuns(run, run);
    assert.ok(comparison.metrics.length > 0);
    assert.deepEqual(new Set(comparison.metrics.map((item) => item.verdict)), new Set(['no change']));
    assert.equal(comparisonExitCode(comparison), 0);
  });

  it('30% slower run is a regression', () => {
    const comparison = compareRuns(runOf({ runId: 'base' }), runOf({ runId: 'slow', scale: 1 / 1.3 }));
    const rate = comparison.metrics.find((item) => item.cellId === mutual.id && item.metric === 'handshakesPerSecond');
    const latency = comparison.metrics.find((item) => item.cellId === mutual.id && item.metric === 'handshakeP50Ms');
    assert.equal(rate?.verdict, 'regression');
    assert.equal(latency?.verdict, 'regression');
    assert.ok(Math.abs((latency?.change ?? 0) - 0.3) < 1e-9);
    assert.ok((latency?.changeLow ?? 0) > 0.05);
    assert.ok((latency?.adjustedPValue ?? 1) < 0.05);
    assert.equal(comparison.metrics.find((item) => item.metric === 'bytesClientToServerPerHandshake')?.verdict, 'no change');
    assert.equal(comparisonExitCode(comparison), 1);
  });

  it('30% faster run is an improvement', () => {
    const comparison = compareRuns(runOf({}), runOf({ scale: 1.3 }));
    assert.equal(comparison.metrics.find((item) => item.metric === 'handshakesPerSecond')?.verdict, 'improvement');
    assert.equal(comparison.counts.regression, 0);
    assert.equal(comparisonExitCode(comparison), 0);
  });

  it('two noisy trials are inconclusive', () => {
    const comparison = compareRuns(runOf({ trials: 2, spread: 0.2 }), runOf({ trials: 2, spread: 0.2, scale: 0.97 }));
    const rate = comparison.metrics.find((item) => item.metric === 'handshakesPerSecond');
    assert.equal(rate?.verdict, 'inconclusive');
    assert.ok((rate?.trialsNeeded ?? 0) > 2);
    assert.equal(comparisonExitCode(comparison), 0);
    assert.equal(comparisonExitCode(comparison, { failOnInconclusive: true }), 1);
  });

  it('two quiet trials cannot prove a regression', () => {
    // Every new trial is 19-21% slower than every base trial, but 2 trials per run leave Welch's
    // test 2 degrees of freedom, far from the Holm threshold across all compared metrics.
    const comparison = compareRuns(runOf({ trials: 2, spread: 0.01 }), runOf({ trials: 2, spread: 0.01, scale: 1 / 1.2 }));
    assert.equal(comparison.counts.regression, 0);
    assert.equal(comparison.metrics.find((item) => item.metric === 'handshakeP50Ms')?.verdict, 'inconclusive');
  });

  it('one trial per run is inconclusive', () => {
    const comparison = compareRuns(runOf({ trials: 1 }), runOf({ trials: 1 }));
    const rate = comparison.metrics.find((item) => item.metric === 'handshakesPerSecond');
    assert.equal(rate?.verdict, 'inconclusive');
    assert.equal(rate?.changeLow, null);
    assert.match(rate?.note ?? '', /at least 2 trials/);
  });

  it('threshold above the change gives no change', () => {
    const comparison = compareRuns(runOf({}), runOf({ scale: 1 / 1.3 }), { threshold: 0.4 });
    assert.equal(comparison.counts.regression, 0);
    assert.equal(comparison.metrics.find((item) => item.metric === 'handshakeP50Ms')?.verdict, 'no change');
  });

  it('per-metric threshold overrides the global one', () => {
    const comparison = compareRuns(runOf({}), runOf({ scale: 1 / 1.3 }), { threshold: 0.4, thresholds: { handshakeP50Ms: 0.05 } });
    assert.equal(comparison.metrics.find((item) => item.metric === 'handshakeP50Ms')?.verdict, 'regression');
    assert.equal(comparison.metrics.find((item) => item.metric === 'handshakeP99Ms')?.verdict, 'no change');
  });

  it('mismatched cells are listed', () => {
    const comparison = compareRuns(runOf({ cells: [oneWay, mutual] }), runOf({ cells: [mutual, rsa] }));
    assert.deepEqual(comparison.onlyInBase.map((cell) => cell.id), [oneWay.id]);
    assert.deepEqual(comparison.onlyInNext.map((cell) => cell.id), [rsa.id]);
    assert.deepEqual(new Set(comparison.metrics.map((item) => item.cellId)), new Set([mutual.id]));
    const warnings = comparisonWarnings(comparison).join('\n');
    assert.match(warnings, /only in the baseline .*one-way/);
    assert.match(warnings, /only in the new run .*rsa-2048/);
  });

  it('cells match by parameters, not id', () => {
    const base = runOf({ cells: [mutual] });
    const renamed = runOf({ cells: [{ ...mutual, id: 'renamed-by-another-version' }] });
    const comparison = compareRuns(base, renamed);
    assert.equal(comparison.onlyInBase.length, 0);
    assert.equal(comparison.onlyInNext.length, 0);
    assert.ok(comparison.metrics.length > 0);
  });

  it('environment differences are reported', () => {
    const comparison = compareRuns(runOf({}), runOf({ node: 'v22.11.0' }));
    assert.deepEqual(comparison.environmentDifferences, [{ field: 'node', base: 'v20.20.0', next: 'v22.11.0' }]);
    assert.match(comparisonWarnings(comparison)[0] ?? '', /environment differs: node is v20\.20\.0 in the baseline and v22\.11\.0/);
  });

  it('table shows verdicts per cell', () => {
    const text = renderComparisonTable(compareRuns(runOf({}), runOf({ scale: 1 / 1.3 })));
    assert.match(text, /mutual\/ecdsa-p256/);
    assert.match(text, /handshakes\/s .* regression/);
    assert.match(text, /\d+ regressions?, 0 improvements/);
  });
});

describe('parseThresholds', () => {
  it('accepts percent, fraction and per-metric values', () => {
    assert.deepEqual(parseThresholds(['5%']), { threshold: 0.05 });
    assert.deepEqual(parseThresholds(['0.1', 'handshake_p99_ms=20%', 'handshakeP50Ms=0.02']), { threshold: 0.1, thresholds: { handshakeP99Ms: 0.2, handshakeP50Ms: 0.02 } });
  });

  it('rejects ambiguous and unknown values', () => {
    assert.throws(() => parseThresholds(['5']), /invalid value "5"/);
    assert.throws(() => parseThresholds(['p99=5%']), /unknown metric "p99"/);
    assert.throws(() => parseThresholds(['150%']), InputError);
  });
});

describe('baselines', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mtls-bench-compare-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('saved baseline loads by name, folder and file', async () => {
    const run = runOf({ runId: 'fixture-20261204T195500Z' });
    const path = await saveBaseline(run, 'main', dir);
    assert.equal(path, join(dir, 'baselines', 'main.json'));
    assert.deepEqual(await loadRun('main', dir), JSON.parse(JSON.stringify(run)));
    await mkdir(join(dir, run.runId));
    await writeFile(join(dir, run.runId, 'run.json'), JSON.stringify(run));
    assert.equal((await loadRun(join(dir, run.runId), dir)).runId, run.runId);
    assert.equal((await loadRun(run.runId, dir)).runId, run.runId);
    assert.equal((await loadRun(path, dir)).runId, run.runId);
  });

  it('missing baseline names what was searched', async () => {
    await assert.rejects(loadRun('release-1', dir), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.exitCode, 2);
      assert.match(error.message, /run or baseline not found: "release-1"/);
      assert.match(error.message, /baselines[\\/]release-1\.json/);
      return true;
    });
  });

  it('corrupt baseline names the path and fault', async () => {
    const path = join(dir, 'baselines', 'broken.json');
    await mkdir(join(dir, 'baselines'), { recursive: true });
    await writeFile(path, '{"kind": "run", "runId": ');
    await assert.rejects(loadRun('broken', dir), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.ok(error.message.includes(path));
      assert.match(error.message, /not valid JSON/);
      return true;
    });
  });

  it('wrong shape names the field', async () => {
    const path = join(dir, 'shape.json');
    await writeFile(path, JSON.stringify({ ...runOf({}), trials: 'none' }));
    await assert.rejects(loadRun(path, dir), /invalid run result .*shape\.json: trials: Invalid input: expected array/);
  });

  it('newer schema version is rejected', async () => {
    const path = join(dir, 'future.json');
    await writeFile(path, JSON.stringify({ ...runOf({}), schemaVersion: 2 }));
    await assert.rejects(loadRun(path, dir), /schemaVersion 2 is not supported/);
  });

  it('unfinished run folder is explained', async () => {
    await mkdir(join(dir, 'partial'));
    await writeFile(join(dir, 'partial', 'trials.jsonl'), '');
    await assert.rejects(loadRun(join(dir, 'partial'), dir), /has no run\.json \(it has trials\.jsonl, so the run did not finish\)/);
  });

  it('baseline name with a path is rejected', async () => {
    await assert.rejects(saveBaseline(runOf({}), '../main', dir), /--save-baseline: invalid name "\.\.\/main"/);
  });
});

describe('bench compare exit status', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mtls-bench-cli-'));
    await saveBaseline(runOf({ runId: 'base' }), 'main', dir);
    await saveBaseline(runOf({ runId: 'slow', scale: 1 / 1.3 }), 'slow', dir);
    await saveBaseline(runOf({ runId: 'noisy-a', trials: 2, spread: 0.2 }), 'noisy-a', dir);
    await saveBaseline(runOf({ runId: 'noisy-b', trials: 2, spread: 0.2, scale: 0.97 }), 'noisy-b', dir);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function compare(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await runFile(process.execPath, [CLI, 'compare', ...args, '--results-dir', dir], { timeout: 30_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failure = error as { code: number; stdout: string; stderr: string };
      return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
    }
  }

  it('same run exits 0 with no change', async () => {
    const result = await compare('main', 'main');
    assert.equal(result.code, 0);
    assert.match(result.stdout, /0 regressions, 0 improvements, \d+ no change, 0 inconclusive/);
  });

  it('regression exits 1', async () => {
    const result = await compare('main', 'slow');
    assert.equal(result.code, 1);
    assert.match(result.stdout, /regression/);
  });

  it('inconclusive exits 1 only when asked', async () => {
    assert.equal((await compare('noisy-a', 'noisy-b')).code, 0);
    assert.equal((await compare('noisy-a', 'noisy-b', '--fail-on-inconclusive')).code, 1);
  });

  it('missing baseline exits 2 with a clear error', async () => {
    const result = await compare('absent', 'main');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^Error: run or baseline not found: "absent"/);
  });

  it('corrupt baseline exits 2', async () => {
    await writeFile(join(dir, 'baselines', 'corrupt.json'), '{');
    const result = await compare('corrupt', 'main');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /corrupt\.json: not valid JSON/);
  });

  it('markdown format renders a table', async () => {
    const result = await compare('main', 'slow', '--format', 'markdown');
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^\| cell \| metric \|/m);
  });
});
