#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { BenchError } from '../errors.js';
import { COMMANDS } from './commands.js';
import { TOOL_VERSION } from '../version.js';

/**
 * Entry point: builds the command tree from one list of command modules and reports every error in
 * one place. Results go to stdout; progress, warnings and errors go to stderr.
 */
async function main(argv: string[]): Promise<number> {
  const program = new Command('bench')
    .description('Measure what mutual TLS costs compared with one-way TLS, on real HTTPS servers on loopback')
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  for (const register of COMMANDS) register(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message; help and version exit with 0.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof BenchError) {
    process.stderr.write(`Error: ${error.message}\n`);
    if (error.cause instanceof Error && process.env.MTLS_BENCH_DEBUG) process.stderr.write(`Caused by: ${error.cause.stack}\n`);
    return error.exitCode;
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`Error: ${text}\n`);
  return 1;
}

process.exitCode = await main(process.argv);
