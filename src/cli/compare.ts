import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { METRICS, type MetricKey } from '../measure/metrics.js';
import { loadRun } from '../report/baseline.js';
import { comparisonWarnings } from '../report/compare-table.js';
import { COMPARISON_FORMATS, comparisonExporterFor } from '../report/export/comparison.js';
import { compareRuns, comparisonExitCode, type CompareOptions } from '../stats/compare.js';

/** Parses `5%` or `0.05` into a fraction in [0, 1). */
function parseFraction(option: string, text: string): number {
  const trimmed = text.trim();
  const percent = trimmed.endsWith('%');
  const value = Number(percent ? trimmed.slice(0, -1) : trimmed);
  const fraction = percent ? value / 100 : value;
  if (trimmed === '' || !Number.isFinite(value) || fraction < 0 || fraction >= 1 || (!percent && value >= 1)) {
    throw new InputError(`${option}: invalid value "${text}"; expected a percentage such as 5% or a fraction such as 0.05, below 100%`);
  }
  return fraction;
}

/**
 * Folds `--threshold` values into compare options: `5%` sets every metric, `METRIC=5%` sets one
 * metric, named by its key (`handshakeP99Ms`) or CSV column (`handshake_p99_ms`).
 */
export function parseThresholds(values: readonly string[]): Pick<CompareOptions, 'threshold' | 'thresholds'> {
  const options: Pick<CompareOptions, 'threshold' | 'thresholds'> = {};
  for (const value of values) {
    const separator = value.indexOf('=');
    if (separator === -1) {
      options.threshold = parseFraction('--threshold', value);
      continue;
    }
    const name = value.slice(0, separator).trim();
    const metric = METRICS.find((candidate) => candidate.key === name || candidate.column === name);
    if (!metric) throw new InputError(`--threshold: unknown metric "${name}"; use a CSV column name such as ${METRICS.map((candidate) => candidate.column).slice(0, 3).join(', ')}`);
    options.thresholds = { ...options.thresholds, [metric.key as MetricKey]: parseFraction(`--threshold ${name}`, value.slice(separator + 1)) };
  }
  return options;
}

interface CompareFlags {
  threshold: string[];
  failOnInconclusive?: boolean;
  format: string;
  out?: string;
  resultsDir: string;
}

/** `bench compare BASE NEW`: verdicts per cell and metric; exit status 1 on a regression. */
export function registerCompare(program: Command): void {
  program
    .command('compare')
    .argument('<base>', 'baseline: a run folder, its run.json, a baseline name saved with --save-baseline, or a run id')
    .argument('<new>', 'the run to judge, in any of the forms <base> accepts')
    .description('Compare two runs cell by cell: change of each median, its 95% interval and a verdict. Exit status 0 without regression, 1 with one, 2 on invalid input')
    .option('--threshold <value>', 'smallest change that counts, as 5% or 0.05 for every metric, or METRIC=5% for one (repeatable); default: each metric\'s own', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--fail-on-inconclusive', 'exit with status 1 when any verdict is inconclusive, not only on a regression')
    .option('--format <format>', `output format: ${COMPARISON_FORMATS.join(', ')}`, 'text')
    .option('--out <file>', 'write the output to this file instead of stdout')
    .option('--results-dir <dir>', 'folder holding runs and baselines', 'results')
    .action(async (baseArgument: string, nextArgument: string, flags: CompareFlags) => {
      const exporter = comparisonExporterFor(flags.format);
      const options = parseThresholds(flags.threshold);
      const [base, next] = await Promise.all([loadRun(baseArgument, flags.resultsDir), loadRun(nextArgument, flags.resultsDir)]);
      const comparison = compareRuns(base, next, options);
      for (const warning of comparisonWarnings(comparison)) process.stderr.write(`warning: ${warning}\n`);
      const output = exporter.render(comparison);
      if (flags.out) await writeFile(flags.out, output, 'utf8');
      else process.stdout.write(output);
      process.exitCode = comparisonExitCode(comparison, { failOnInconclusive: flags.failOnInconclusive ?? false });
    });
}
