import type { Command } from 'commander';
import { InputError } from '../errors.js';
import { loadRun } from '../report/baseline.js';
import { EXPORTERS, EXPORT_FORMATS, exporterFor, writeExports } from '../report/export/index.js';

interface ExportFlags {
  format: string[];
  out?: string;
  resultsDir: string;
}

/** `bench export RUN --format ...`: renders a saved run in other formats. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .argument('<run>', 'a run folder, its run.json, a baseline name or a run id')
    .description(`Write a run in other formats:\n${EXPORTERS.map((exporter) => `  ${exporter.format}: ${exporter.description}`).join('\n')}`)
    .requiredOption('--format <formats>', `comma-separated formats: ${EXPORT_FORMATS.join(', ')}`, (value: string, previous: string[] | undefined) => [...(previous ?? []), ...value.split(',').map((format) => format.trim()).filter(Boolean)])
    .option('--out <dir>', 'write one file per format into this folder and print their paths; without it, the one format goes to stdout')
    .option('--results-dir <dir>', 'folder holding runs and baselines', 'results')
    .action(async (runArgument: string, flags: ExportFlags) => {
      const exporters = flags.format.map(exporterFor);
      const result = await loadRun(runArgument, flags.resultsDir);
      if (flags.out) {
        for (const path of await writeExports(result, flags.out, flags.format)) process.stdout.write(`${path}\n`);
        return;
      }
      if (exporters.length > 1) throw new InputError(`--format: ${exporters.length} formats need --out DIR, because stdout takes one; pass --out or a single format`);
      process.stdout.write(exporters[0]!.render(result));
    });
}
