import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { RunResult } from '../src/report/result.js';
import { runCli, tempDir, type CliResult } from './helpers/cli.js';

/** Short trials: enough handshakes to check every rule, quick enough for the test suite. */
const FAST = ['--trials', '1', '--duration', '0.6', '--warmup', '0.2', '--seed', '7'];

describe('bench run mutual-vs-oneway --quick', () => {
  let resultsDir: string;
  let cli: CliResult;
  let result: RunResult;
  let runDir: string;

  before(async () => {
    resultsDir = tempDir('run');
    cli = await runCli(['run', 'mutual-vs-oneway', '--quick', ...FAST, '--results-dir', resultsDir]);
    const runs = readdirSync(resultsDir).filter((name) => name.startsWith('mutual-vs-oneway-'));
    runDir = join(resultsDir, runs[0] ?? 'missing');
    result = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunResult;
  });

  test('run exits with status 0', () => {
    assert.equal(cli.status, 0, cli.stderr);
  });

  test('run measures both modes with handshakes', () => {
    const modes = new Set(result.trials.map((trial) => trial.cell.mode));
    assert.deepEqual([...modes].sort(), ['mutual', 'one-way']);
    for (const trial of result.trials) {
      assert.ok(trial.load.completed > 0, `${trial.cellId} completed nothing`);
      assert.ok(trial.totals.serverHandshakes > 0, `${trial.cellId} server saw no handshake`);
    }
  });

  test('mutual trials prove every handshake verified a client certificate', () => {
    const mutual = result.trials.filter((trial) => trial.cell.mode === 'mutual');
    assert.ok(mutual.length > 0);
    for (const trial of mutual) {
      assert.equal(trial.totals.serverVerifiedClientCerts, trial.totals.serverHandshakes, trial.cellId);
      assert.ok(!trial.flags.some((flag) => flag.code === 'client-cert-not-verified'), trial.cellId);
    }
  });

  test('one-way trials never authenticate the client', () => {
    for (const trial of result.trials.filter((item) => item.cell.mode === 'one-way')) assert.equal(trial.totals.serverVerifiedClientCerts, 0);
  });

  test('client and server count the same completions', () => {
    for (const trial of result.trials) assert.equal(trial.totals.clientCompleted, trial.totals.serverCompleted, trial.cellId);
  });

  test('negotiated protocol and key type match each cell', () => {
    for (const trial of result.trials) {
      if (trial.cell.workload === 'handshake') assert.deepEqual(Object.keys(trial.server.protocols), [trial.cell.protocol], trial.cellId);
      assert.equal(trial.load.negotiated?.protocol, trial.cell.protocol, trial.cellId);
      if (trial.cell.mode === 'mutual') assert.deepEqual(Object.keys(trial.server.clientKeyTypes), [trial.cell.clientKey], trial.cellId);
      assert.equal(trial.load.negotiated?.serverKeyType, trial.cell.serverKey, trial.cellId);
    }
  });

  test('ratios pair mutual with one-way for every key type and workload', () => {
    assert.equal(result.ratios.length, 4);
    for (const ratio of result.ratios) {
      assert.equal(ratio.numerator, 'mutual');
      assert.equal(ratio.denominator, 'one-way');
      const headline = ratio.numeratorCellId.endsWith('/handshake') ? ratio.metrics.serverCpuUsPerHandshake : ratio.metrics.requestsPerSecond;
      assert.ok(headline, `${ratio.numeratorCellId} has no headline ratio`);
      assert.ok(Number.isFinite(headline.ratio), ratio.numeratorCellId);
    }
  });

  test('result records the environment', () => {
    assert.equal(result.schemaVersion, 1);
    assert.equal(result.environment.node, process.version);
    assert.ok(result.environment.openssl.length > 0);
    assert.ok(result.environment.cores >= 1);
  });

  test('trials file holds one line per trial', () => {
    const lines = readFileSync(join(runDir, 'trials.jsonl'), 'utf8').trim().split('\n');
    assert.equal(lines.length, result.trials.length);
  });

  test('summary CSV parses back with unit-named columns', () => {
    const rows = parse(readFileSync(join(runDir, 'summary.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, 8);
    const columns = Object.keys(rows[0]!);
    for (const column of ['mode', 'serverKey', 'workload', 'handshakes_per_s_median', 'handshake_p50_ms_median', 'server_cpu_us_per_handshake_median']) {
      assert.ok(columns.some((name) => name === column || name.toLowerCase() === column.toLowerCase() || name === column.replace(/([A-Z])/g, '_$1').toLowerCase()), `missing column ${column} in ${columns.join(',')}`);
    }
  });

  test('terminal output shows the table, chart and written paths', () => {
    assert.match(cli.stdout, /mutual \/ one-way/);
    assert.match(cli.stdout, /server CPU µs\/handshake/);
    assert.match(cli.stdout, /latency in ms by percentile/);
    assert.match(cli.stdout, /run\.json/);
    assert.match(cli.stdout, /summary\.csv/);
    assert.ok(existsSync(join(runDir, 'summary.csv')));
  });
});
