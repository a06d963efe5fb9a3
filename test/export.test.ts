import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { METRICS } from '../src/measure/metrics.js';
import { renderRunMarkdown } from '../src/report/markdown.js';
import { renderComparisonMarkdown } from '../src/report/markdown-compare.js';
import { bencherMetrics } from '../src/report/export/bencher.js';
import { AXIS_COLUMNS } from '../src/report/export/columns.js';
import { renderComparisonCsv } from '../src/report/export/comparison.js';
import { isoUtc, neutralizeFormula, plainNumber, toCsv } from '../src/report/export/csv.js';
import { benchmarkActionEntries } from '../src/report/export/github-action-benchmark.js';
import { EXPORTERS, exporterFor, writeExports } from '../src/report/export/index.js';
import { compareRuns } from '../src/stats/compare.js';
import { PACKAGE_ROOT } from '../src/version.js';
import { around, handshakeMetrics, makeCell, makeRun } from './fixtures/runs.js';

const oneWay = makeCell({ mode: 'one-way' });
const mutual = makeCell();
const injected = makeCell({ ciphers: '=1+1' });
const run = makeRun({
  cells: [oneWay, mutual, injected].map((cell) => ({ cell, trials: around(cell.mode === 'mutual' ? 800 : 1000, 0.02, 5).map((rate) => handshakeMetrics(rate)) })),
});
const handshakeColumns = METRICS.filter((metric) => metric.workloads.includes('handshake')).map((metric) => metric.column);
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

function parseCsv(text: string): Record<string, string>[] {
  return parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

describe('csv formatting', () => {
  it('formula starts are neutralised', () => {
    for (const text of ['=1+1', '+1', '-1+2', '@SUM(A1)', '\tx', '\rx', '\0x']) assert.equal(neutralizeFormula(text), `'${text}`);
    assert.equal(neutralizeFormula('one-way'), 'one-way');
  });

  it('numbers are plain', () => {
    assert.equal(plainNumber(0.1 + 0.2), '0.3');
    assert.equal(plainNumber(1e-7), '0.0000001');
    assert.equal(plainNumber(12345678), '12345678');
    assert.equal(plainNumber(-2.5), '-2.5');
    assert.equal(plainNumber(Number.NaN), '');
  });

  it('rows end with CRLF and quote commas', () => {
    assert.equal(toCsv(['a', 'b'], [['x,y', -1], [null, true]]), 'a,b\r\n"x,y",-1\r\n,true\r\n');
  });

  it('timestamps are ISO-8601 UTC', () => {
    assert.equal(isoUtc('2026-12-04T20:55:00+01:00'), '2026-12-04T19:55:00.000Z');
  });
});

describe('csv-summary', () => {
  const text = exporterFor('csv-summary').render(run);
  const rows = parseCsv(text);

  it('parses back with one row per cell', () => {
    assert.equal(rows.length, 3);
    assert.deepEqual(rows.map((row) => row.cell_id), [oneWay.id, mutual.id, injected.id]);
  });

  it('columns come from the metric schema', () => {
    const header = Object.keys(rows[0] ?? {});
    for (const column of AXIS_COLUMNS) assert.ok(header.includes(column), column);
    for (const column of handshakeColumns) {
      for (const suffix of ['median', 'ci_low', 'ci_high']) assert.ok(header.includes(`${column}_${suffix}`), `${column}_${suffix}`);
    }
    assert.ok(!header.some((name) => name.startsWith('requests_per_s')), 'keep-alive metrics appear only for keep-alive runs');
  });

  it('cells hold plain numbers', () => {
    const row = rows[1] ?? {};
    assert.match(row.handshakes_per_s_median ?? '', PLAIN_NUMBER);
    assert.equal(Number(row.handshakes_per_s_median), run.summaries[1]?.metrics.handshakesPerSecond?.median);
    assert.equal(row.valid_trials, '5');
    assert.equal(row.client_cpu_us_per_handshake_median, '');
  });

  it('=1+1 cell is neutralised', () => {
    assert.equal(rows[2]?.ciphers, "'=1+1");
    assert.ok(!text.includes(',=1+1'));
  });
});

describe('csv-samples', () => {
  const rows = parseCsv(exporterFor('csv-samples').render(run));

  it('has one row per trial and metric', () => {
    const perTrial = Object.keys(handshakeMetrics(1)).length;
    assert.equal(rows.length, run.trials.length * perTrial);
  });

  it('rows carry unit, value and UTC time', () => {
    const row = rows.find((candidate) => candidate.metric === 'handshake_p99_ms');
    assert.equal(row?.unit, 'ms');
    assert.match(row?.value ?? '', PLAIN_NUMBER);
    assert.match(row?.started_at ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(row?.valid, 'true');
    assert.ok(rows.every((candidate) => candidate.mode === 'one-way' || candidate.mode === 'mutual'));
  });
});

describe('comparison csv', () => {
  it('parses back with fractions and verdicts', () => {
    const slower = makeRun({ runId: 'slow', cells: [{ cell: mutual, trials: around(800 / 1.3, 0.02, 5).map((rate) => handshakeMetrics(rate)) }] });
    const rows = parseCsv(renderComparisonCsv(compareRuns(run, slower)));
    const rate = rows.find((row) => row.metric === 'handshakes_per_s');
    assert.equal(rate?.verdict, 'regression');
    assert.match(rate?.change_fraction ?? '', /^-0\.2\d+$/);
    assert.equal(rate?.new_run_id, 'slow');
    assert.ok(rows.every((row) => row.cell_id === mutual.id));
  });
});

describe('markdown', () => {
  it('run renders tables with matching columns', () => {
    const text = renderRunMarkdown(run);
    const tableLines = text.split('\n').filter((line) => line.startsWith('|'));
    assert.ok(tableLines.length >= 5);
    const header = tableLines[0] ?? '';
    assert.equal((tableLines[1] ?? '').split('|').length, header.split('|').length);
    assert.match(text, /### Ratios/);
    assert.match(text, /\| 0\.80× \[/);
  });

  it('pipes in cells are escaped', () => {
    const piped = makeRun({ cells: [{ cell: makeCell({ ciphers: 'A|B' }), trials: [handshakeMetrics(900), handshakeMetrics(910)] }] });
    assert.match(renderRunMarkdown(piped), /ciphers=A\\\|B/);
  });

  it('comparison folds unchanged metrics', () => {
    const text = renderComparisonMarkdown(compareRuns(run, run));
    assert.match(text, /<details><summary>\d+ metrics with no change<\/summary>/);
  });
});

describe('github-action-benchmark', () => {
  it('splits metrics by direction with a range', () => {
    const bigger = JSON.parse(exporterFor('github-action-benchmark-bigger').render(run)) as unknown[];
    const smaller = JSON.parse(exporterFor('github-action-benchmark-smaller').render(run)) as unknown[];
    assert.equal(bigger.length, 3);
    assert.ok(smaller.length > bigger.length);
    for (const entry of [...bigger, ...smaller] as Record<string, unknown>[]) {
      assert.equal(typeof entry.name, 'string');
      assert.equal(typeof entry.unit, 'string');
      assert.equal(typeof entry.value, 'number');
      assert.match(String(entry.range), /^± \d/);
    }
    assert.ok(benchmarkActionEntries(run, 'higher').every((entry) => entry.name.endsWith('handshakes_per_s')));
  });
});

describe('bencher', () => {
  it('nests benchmark, measure and bounds', () => {
    const parsed = JSON.parse(exporterFor('bencher').render(run)) as Record<string, Record<string, Record<string, number>>>;
    assert.deepEqual(Object.keys(parsed), [oneWay.id, mutual.id, injected.id]);
    const measure = parsed[mutual.id]?.handshakes_per_s;
    assert.equal(typeof measure?.value, 'number');
    assert.ok((measure?.lower_value ?? Infinity) <= (measure?.value ?? 0));
    assert.ok((measure?.upper_value ?? 0) >= (measure?.value ?? Infinity));
    assert.deepEqual(bencherMetrics(run), parsed);
  });
});

describe('writeExports', () => {
  it('writes every format and returns paths', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mtls-bench-export-'));
    try {
      const paths = await writeExports(run, dir, EXPORTERS.map((exporter) => exporter.format));
      assert.equal(paths.length, EXPORTERS.length);
      assert.equal(paths[0], join(dir, 'summary.csv'));
      assert.equal(paths[1], join(dir, 'samples.csv'));
      assert.equal(await readFile(paths[0] ?? '', 'utf8'), exporterFor('csv-summary').render(run));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('unknown format lists the accepted ones', async () => {
    await assert.rejects(writeExports(run, tmpdir(), ['xlsx']), /--format: invalid value "xlsx"; accepted values: csv-summary, csv-samples/);
  });
});

describe('results documentation', () => {
  it('metric table matches the schema', async () => {
    const text = await readFile(join(PACKAGE_ROOT, 'docs', 'results.md'), 'utf8');
    for (const metric of METRICS) {
      const row = `| \`${metric.column}\` | \`${metric.key}\` | ${metric.unit} | ${metric.better ?? '—'} | ${metric.workloads.join(', ')} | ${metric.threshold * 100}% |`;
      assert.ok(text.includes(row), `docs/results.md lacks or misstates: ${row}`);
    }
  });
});
