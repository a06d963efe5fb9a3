import type { Command } from 'commander';
import { basename } from 'node:path';
import { estimateSeconds, resolveSettings } from '../scenario/estimate.js';
import { listScenarioFiles, loadScenario } from '../scenario/load.js';
import { expandMatrix } from '../scenario/matrix.js';
import { formatDuration } from '../report/format.js';

/** `bench list`: every built-in scenario with its description, cell count and expected run time. */
export function registerList(program: Command): void {
  program
    .command('list')
    .description('List the built-in scenarios with a one-line description and expected run time')
    .action(async () => {
      const rows: string[][] = [['scenario', 'cells', 'full run', '--quick', 'description']];
      for (const file of await listScenarioFiles()) {
        const { scenario } = await loadScenario(file);
        const cells = expandMatrix(scenario).cells.length;
        const full = estimateSeconds(scenario, resolveSettings(scenario, false));
        const quick = estimateSeconds(scenario, resolveSettings(scenario, true));
        rows.push([basename(file, '.json'), String(cells), `~${formatDuration(full)}`, `~${formatDuration(quick)}`, scenario.description]);
      }
      // Measured on a 2-core machine: census, security matrix, cost model and two quick runs take about 70 s.
      rows.push(['paper-claims', '—', '~1m 15s', '—', 'Checks common textbook claims about one-way and mutual TLS (message counts, cipher, security, cost) on real connections']);
      const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
      for (const row of rows) process.stdout.write(row.map((text, column) => (column === row.length - 1 ? text : text.padEnd(widths[column]!))).join('  ') + '\n');
    });
}
