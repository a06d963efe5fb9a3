import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { RunResult } from '../src/report/result.js';
import { runCli, tempDir, type CliResult } from './helpers/cli.js';

describe('bench run resumption with two server workers', () => {
  let cli: CliResult;
  let result: RunResult;

  before(async () => {
    const resultsDir = tempDir('resumption');
    cli = await runCli(['run', 'resumption', '--trials', '1', '--duration', '0.6', '--warmup', '0.4', '--server-workers', '2', '--seed', '3', '--results-dir', resultsDir, '--no-chart']);
    const run = readdirSync(resultsDir).find((name) => name.startsWith('resumption-'));
    result = JSON.parse(readFileSync(join(resultsDir, run ?? 'missing', 'run.json'), 'utf8')) as RunResult;
  });

  test('run exits with status 0', () => {
    assert.equal(cli.status, 0, cli.stderr);
  });

  test('run covers both modes, both protocols and every supported resumption', () => {
    const ids = result.trials.map((trial) => `${trial.cell.mode}/${trial.cell.protocol}/${trial.cell.resumption}`).sort();
    assert.deepEqual(ids, [
      'mutual/TLSv1.2/none', 'mutual/TLSv1.2/session-id', 'mutual/TLSv1.2/ticket', 'mutual/TLSv1.3/none', 'mutual/TLSv1.3/ticket',
      'one-way/TLSv1.2/none', 'one-way/TLSv1.2/session-id', 'one-way/TLSv1.2/ticket', 'one-way/TLSv1.3/none', 'one-way/TLSv1.3/ticket',
    ]);
  });

  test('session-id on TLSv1.3 is reported as skipped, never measured', () => {
    assert.ok(result.warnings.some((warning) => /session-id/.test(warning) && /TLSv1\.3/.test(warning)));
    assert.match(cli.stderr, /skipped .*TLSv1\.3.*session-id/);
  });

  test('resumption none never resumes', () => {
    for (const trial of result.trials.filter((item) => item.cell.resumption === 'none')) {
      assert.equal(trial.metrics.reuseRatio, 0, trial.cellId);
      assert.equal(trial.server.resumed, 0, trial.cellId);
    }
  });

  test('session-id and ticket resume at least 99% on both ends', () => {
    for (const trial of result.trials.filter((item) => item.cell.resumption !== 'none')) {
      assert.ok((trial.metrics.reuseRatio ?? 0) >= 0.99, `${trial.cellId}: client reuse ${trial.metrics.reuseRatio}`);
      assert.ok(trial.server.resumed / trial.server.handshakes >= 0.99, `${trial.cellId}: server reuse ${trial.server.resumed}/${trial.server.handshakes}`);
      assert.ok(!trial.flags.some((flag) => flag.code === 'reuse-ratio-mismatch'), trial.cellId);
    }
  });

  test('resumed mutual handshakes keep the verified client', () => {
    for (const trial of result.trials.filter((item) => item.cell.mode === 'mutual')) {
      assert.equal(trial.totals.serverVerifiedClientCerts, trial.totals.serverHandshakes, trial.cellId);
    }
  });
});
