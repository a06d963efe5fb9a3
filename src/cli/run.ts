import type { Command } from 'commander';

/** `bench run SCENARIO`: measures every cell of a scenario and writes the results. */
export function registerRun(program: Command): void {
  program
    .command('run')
    .argument('<scenario>', 'scenario name from `bench list`, or a path to a scenario JSON file')
    .description('Run a scenario');
}
