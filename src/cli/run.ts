import type { Command } from 'commander';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import { assertBaselineName, loadRun, saveBaseline } from '../report/baseline.js';
import { comparisonWarnings, renderComparisonTable } from '../report/compare-table.js';
import { EXPORT_FORMATS, exporterFor, writeExports } from '../report/export/index.js';
import { Progress } from '../report/progress.js';
import { renderCharts, renderHeader, renderMetricTables, renderTables } from '../report/terminal.js';
import { runPaperClaims } from '../claims/index.js';
import { runScenario } from '../runner/run.js';
import { loadScenario } from '../scenario/load.js';
import { parseSettingsOverride, type Settings } from '../scenario/schema.js';
import { compareRuns, comparisonExitCode } from '../stats/compare.js';
import { parseInteger, parseSeconds } from './options.js';

interface RunCommandOptions {
  quick?: boolean;
  trials?: string;
  duration?: string;
  warmup?: string;
  concurrency?: string;
  loadWorkers?: string;
  serverWorkers?: string;
  seed?: string;
  out?: string;
  resultsDir: string;
  host: string;
  pkiDir?: string;
  json?: boolean;
  chart: boolean;
  export?: string;
  baseline?: string;
  saveBaseline?: string;
  failOnInconclusive?: boolean;
  markdown?: boolean;
  csv?: boolean;
}

/** The name `bench run` gives the textbook-claims suite. */
const PAPER_CLAIMS = 'paper-claims';

/** Exports written into every run folder; more with `--export`. */
const DEFAULT_EXPORTS = ['csv-summary', 'csv-samples'];

function settingsOverrides(options: RunCommandOptions): Partial<Settings> {
  const raw: Record<string, unknown> = {};
  if (options.trials !== undefined) raw.trials = parseInteger('--trials', options.trials, 1);
  if (options.duration !== undefined) raw.durationSeconds = parseSeconds('--duration', options.duration);
  if (options.warmup !== undefined) raw.warmupSeconds = parseSeconds('--warmup', options.warmup);
  if (options.concurrency !== undefined) raw.concurrency = parseInteger('--concurrency', options.concurrency, 1);
  if (options.loadWorkers !== undefined) {
    const value = options.loadWorkers;
    if (value !== 'auto' && !/^[1-9]\d*$/.test(value)) throw new InputError(`--load-workers: invalid value "${value}"; expected auto or a whole number of at least 1`);
    raw.loadWorkers = value === 'auto' ? 'auto' : Number(value);
  }
  if (options.serverWorkers !== undefined) raw.serverWorkers = parseInteger('--server-workers', options.serverWorkers, 1);
  return parseSettingsOverride(raw);
}

function exportFormats(option: string | undefined): string[] {
  const extra = option ? option.split(',').map((format) => format.trim()).filter(Boolean) : [];
  for (const format of extra) {
    if (!EXPORT_FORMATS.includes(format)) throw new InputError(`--export: invalid value "${format}"; accepted values: ${EXPORT_FORMATS.join(', ')}`);
  }
  return [...new Set([...DEFAULT_EXPORTS, ...extra])];
}

/** `bench run SCENARIO`: measures every cell of a scenario and writes the results. */
export function registerRun(program: Command): void {
  program
    .command('run')
    .argument('<scenario>', 'scenario name from `bench list`, a path to a scenario JSON file, or paper-claims')
    .description('Run a scenario: start HTTPS servers and load workers on loopback, measure, report and write results')
    .option('--quick', "use the scenario's quick preset (short trials for CI smoke runs; validity is still checked)")
    .option('--trials <n>', 'trials per cell (overrides the scenario)')
    .option('--duration <seconds>', 'measured seconds per trial, e.g. 3 or 500ms')
    .option('--warmup <seconds>', 'warm-up seconds per trial, discarded')
    .option('--concurrency <n>', 'concurrent connections per load worker')
    .option('--load-workers <n>', 'load worker processes, or auto (one per load core)')
    .option('--server-workers <n>', 'server worker processes (more than 1 starts a node:cluster)')
    .option('--seed <n>', 'seed for the trial order and bootstrap intervals (default: random, recorded in the results)')
    .option('--out <dir>', 'folder for this run (default: <results-dir>/<run id>)')
    .option('--results-dir <dir>', 'folder holding runs and baselines', 'results')
    .option('--host <address>', 'address servers listen on and clients connect to; loopback unless you change it', '127.0.0.1')
    .option('--pki-dir <dir>', 'certificate cache folder (default: $MTLS_BENCH_PKI_DIR or ~/.cache/mtls-bench/pki)')
    .option('--export <formats>', `extra comma-separated export formats (${EXPORT_FORMATS.join(', ')})`)
    .option('--json', 'print the run JSON to stdout instead of tables')
    .option('--csv', 'print the CSV summary to stdout instead of tables')
    .option('--markdown', 'print Markdown tables to stdout instead of terminal tables (for job summaries and pull-request comments)')
    .option('--no-chart', 'leave out the latency charts')
    .option('--baseline <name>', 'compare this run against a saved baseline (name, run id or run.json path) and exit 1 on a regression')
    .option('--save-baseline <name>', 'save this run as a baseline under <results-dir>/baselines/<name>.json')
    .option('--fail-on-inconclusive', 'with --baseline, exit 1 also when a comparison is inconclusive')
    .action(async (scenarioName: string, options: RunCommandOptions) => {
      // paper-claims is a suite of its own (census, security matrix, cost model, quick runs), not a matrix.
      if (scenarioName === PAPER_CLAIMS) {
        process.exitCode = await runPaperClaims({ markdown: options.markdown === true, json: options.json === true, outDir: resolve(options.resultsDir) });
        return;
      }
      // Everything the user typed is validated before anything starts.
      const loaded = await loadScenario(scenarioName);
      const overrides = settingsOverrides(options);
      const formats = exportFormats([options.export, options.markdown ? 'markdown' : ''].filter(Boolean).join(','));
      const seed = options.seed === undefined ? undefined : parseInteger('--seed', options.seed, 1);
      const resultsDir = resolve(options.resultsDir);
      const baseline = options.baseline ? await loadRun(options.baseline, resultsDir) : null;
      if (options.saveBaseline) assertBaselineName(options.saveBaseline);

      const progress = new Progress();
      const controller = new AbortController();
      let interrupts = 0;
      const onInterrupt = () => {
        interrupts++;
        progress.clear();
        if (interrupts > 1) process.exit(130);
        process.stderr.write('Interrupted: stopping servers and load workers; finished trials are kept (Ctrl-C again to quit at once).\n');
        controller.abort();
      };
      process.on('SIGINT', onInterrupt);
      process.on('SIGTERM', onInterrupt);
      let outcome;
      try {
        outcome = await runScenario(loaded, {
          quick: options.quick === true,
          overrides,
          outDir: options.out,
          seed,
          host: options.host,
          pkiDir: options.pkiDir,
          signal: controller.signal,
          resultsDir,
          onStart: (info) => {
            // Skipped cells are reported with the other warnings, after the numbers.
            process.stderr.write(`running ${info.cells.length} cells × ${info.settings.trials} trials; ${info.layout}; writing to ${info.dir}\n`);
          },
          onTrial: (trial, done, total) => progress.update(trial, done, total),
        });
      } finally {
        progress.clear();
        process.off('SIGINT', onInterrupt);
        process.off('SIGTERM', onInterrupt);
      }
      const { result, dir, jsonPath, trialsPath } = outcome;
      const exported = await writeExports(result, dir, formats);

      if (options.json) {
        process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      } else if (options.csv || options.markdown) {
        process.stdout.write(exporterFor(options.csv ? 'csv-summary' : 'markdown').render(result));
      } else {
        const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
        const sections = [renderHeader(result)];
        if (loaded.scenario.layout === 'by-metric') {
          sections.push(renderMetricTables(result, { color, chart: options.chart }));
        } else {
          sections.push(renderTables(result));
          if (options.chart) sections.push(renderCharts(result, { color }));
        }
        sections.push(['Wrote:', `  ${jsonPath}`, `  ${trialsPath}`, ...exported.map((path) => `  ${path}`)].join('\n'));
        process.stdout.write(sections.filter(Boolean).join('\n\n') + '\n');
      }
      for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);

      if (options.saveBaseline) process.stderr.write(`saved baseline ${await saveBaseline(result, options.saveBaseline, resultsDir)}\n`);
      if (baseline) {
        const comparison = compareRuns(baseline, result);
        for (const warning of comparisonWarnings(comparison)) process.stderr.write(`warning: ${warning}\n`);
        process.stdout.write(`\nComparison with baseline ${options.baseline}:\n${renderComparisonTable(comparison)}\n`);
        process.exitCode = comparisonExitCode(comparison, { failOnInconclusive: options.failOnInconclusive });
      }
      if (result.interrupted) process.exitCode = 130;
    });
}
