import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../errors.js';
import type { RunResult } from '../result.js';
import { bencher } from './bencher.js';
import { csvSamples } from './csv-samples.js';
import { csvSummary } from './csv-summary.js';
import { benchmarkActionBigger, benchmarkActionSmaller } from './github-action-benchmark.js';
import { markdown } from './markdown.js';

/** One export format of a run. Renderers are pure, so each format tests without touching the disk. */
export interface Exporter {
  /** Name given to `--format`. */
  format: string;
  /** One line for help text. */
  description: string;
  /** File extension without the dot. */
  extension: string;
  render(result: RunResult): string;
}

/** Every run export, in the order help text lists them. */
export const EXPORTERS: readonly Exporter[] = [csvSummary, csvSamples, markdown, benchmarkActionBigger, benchmarkActionSmaller, bencher];

export const EXPORT_FORMATS: readonly string[] = EXPORTERS.map((exporter) => exporter.format);

/** Looks up an exporter, with an error that names the value and the accepted formats. */
export function exporterFor(format: string): Exporter {
  const exporter = EXPORTERS.find((candidate) => candidate.format === format);
  if (!exporter) throw new InputError(`--format: invalid value "${format}"; accepted values: ${EXPORT_FORMATS.join(', ')}`);
  return exporter;
}

/** File name an export gets inside a run folder: `summary.csv` and `samples.csv` for the CSVs, else `<format>.<extension>`. */
export function exportFileName(exporter: Exporter): string {
  if (exporter.format === 'csv-summary') return 'summary.csv';
  if (exporter.format === 'csv-samples') return 'samples.csv';
  return `${exporter.format}.${exporter.extension}`;
}

/** Renders `formats` for `result` into `dir` (created when missing) and returns the paths written, in order. */
export async function writeExports(result: RunResult, dir: string, formats: readonly string[]): Promise<string[]> {
  const exporters = formats.map(exporterFor);
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const exporter of exporters) {
    const path = join(dir, exportFileName(exporter));
    await writeFile(path, exporter.render(result), 'utf8');
    paths.push(path);
  }
  return paths;
}
