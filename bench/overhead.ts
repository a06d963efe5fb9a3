import { Command, CommanderError, Option } from 'commander';
import { randomInt } from 'node:crypto';
import { parseChoice, parseInteger, parseSeconds } from '../src/cli/options.js';
import { BenchError, InputError } from '../src/errors.js';
import type { CpuLayout } from '../src/measure/trial.js';
import { PkiStore } from '../src/pki/store.js';
import { prepareCellPki, type PreparedPki } from '../src/runner/cell-pki.js';
import { captureEnvironment } from '../src/runner/environment.js';
import { planLayout } from '../src/runner/layout.js';
import { runTrial } from '../src/runner/trial.js';
import type { Settings } from '../src/scenario/schema.js';
import { cellId, MODES, type Cell, type KeyType, type Mode } from '../src/scenario/vocabulary.js';
import { createRandom, shuffled } from '../src/stats/random.js';
import { probeLoadWorkerMemory, type MemoryProbeResult } from './memory-probe.js';
import { renderMemory, renderOverview, renderRatios, renderSummaries, renderTrials } from './overhead-report.js';
import { BARE_SERVER_ENTRY, HARNESS_LOAD_ENTRY, PAIRINGS, type PairingTrial } from './pairings.js';

/**
 * `npm run bench:overhead`: measures what the harness's own code costs. Each round runs three
 * pairings in a fresh shuffled order, each as a normal trial in fresh pinned processes:
 * harness driver → bare server, bare client → bare server, harness driver → harness server.
 * The first two share the server, so their client CPU per handshake compares the driver with a
 * bare tls.connect loop. The first and third share the driver, so their server CPU per handshake
 * compares the harness's server with a bare https server. Then one harness load worker runs a long
 * window while its RSS is sampled. Exit status 1 when any trial's client and server counts differ.
 */

const BENCH_KEY_TYPES = ['ecdsa-p256', 'rsa-2048'] as const satisfies readonly KeyType[];
const HOST = '127.0.0.1';

/** Upper limits that keep one invocation within about an hour, whatever is passed. */
const MAX_TRIALS = 100;
const MAX_WINDOW_SECONDS = 60;
const MAX_WARMUP_SECONDS = 30;
const MAX_MEMORY_SECONDS = 600;
const MAX_CONCURRENCY = 1024;

interface BenchOptions {
  trials: number;
  durationSeconds: number;
  warmupSeconds: number;
  key: KeyType;
  mode: Mode;
  concurrency: number;
  memorySeconds: number;
  seed: number;
}

function atMost(option: string, value: number, maximum: number): number {
  if (value > maximum) throw new InputError(`${option}: invalid value ${value}; the maximum is ${maximum}`);
  return value;
}

function parseOptions(argv: string[]): BenchOptions {
  const program = new Command('bench:overhead')
    .description('Compare the harness driver and server with bare tls.connect and https.createServer, and check a load worker\'s memory')
    .addOption(new Option('--trials <n>', 'trials per pairing, one per round').default('5'))
    .addOption(new Option('--duration <seconds>', 'measured window of each trial, in seconds').default('3'))
    .addOption(new Option('--warmup <seconds>', 'warm-up before each window, in seconds').default('1'))
    .addOption(new Option('--key <type>', 'key type of server and client certificates').choices(BENCH_KEY_TYPES).default('ecdsa-p256'))
    .addOption(new Option('--mode <mode>', 'TLS authentication mode').choices(MODES).default('one-way'))
    .addOption(new Option('--concurrency <n>', 'connections in flight per load worker').default('8'))
    .addOption(new Option('--memory-seconds <seconds>', 'window of the load worker memory check, in seconds; 0 skips it').default('60'))
    .addOption(new Option('--seed <n>', 'seed of the per-round shuffle; random when absent'))
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  program.parse(argv);
  const raw = program.opts<Record<string, string>>();
  return {
    trials: atMost('--trials', parseInteger('--trials', raw.trials ?? '5', 1), MAX_TRIALS),
    durationSeconds: atMost('--duration', parseSeconds('--duration', raw.duration ?? '3'), MAX_WINDOW_SECONDS),
    warmupSeconds: atMost('--warmup', parseSeconds('--warmup', raw.warmup ?? '1'), MAX_WARMUP_SECONDS),
    key: parseChoice('--key', raw.key ?? 'ecdsa-p256', BENCH_KEY_TYPES),
    mode: parseChoice('--mode', raw.mode ?? 'one-way', MODES),
    concurrency: atMost('--concurrency', parseInteger('--concurrency', raw.concurrency ?? '8', 1), MAX_CONCURRENCY),
    memorySeconds: atMost('--memory-seconds', parseSeconds('--memory-seconds', raw.memorySeconds ?? '60'), MAX_MEMORY_SECONDS),
    seed: raw.seed === undefined ? randomInt(1, 2 ** 31 - 1) : parseInteger('--seed', raw.seed, 1),
  };
}

function benchCell(options: BenchOptions): Cell {
  const parameters: Omit<Cell, 'id'> = {
    mode: options.mode,
    serverKey: options.key,
    clientKey: options.key,
    caKey: null,
    protocol: 'TLSv1.3',
    resumption: 'none',
    workload: 'handshake',
    ciphers: null,
    revocation: 'none',
    revokedCount: 0,
  };
  return { id: cellId(parameters), ...parameters };
}

interface BenchContext {
  options: BenchOptions;
  cell: Cell;
  layout: CpuLayout;
  pki: PreparedPki;
  settings: Settings & { loadWorkers: number };
}

/** Runs every round: the three pairings once each, in an order shuffled per round. */
async function runRounds(context: BenchContext): Promise<PairingTrial[]> {
  const { options, cell, layout, pki, settings } = context;
  const runId = `overhead-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const random = createRandom(options.seed);
  const trials: PairingTrial[] = [];
  for (let round = 0; round < options.trials; round++) {
    for (const pairing of shuffled(PAIRINGS, random)) {
      process.stderr.write(`round ${round + 1}/${options.trials}: ${pairing.label}\n`);
      const record = await runTrial({
        runId,
        cell,
        pki: pki.pki,
        crlPath: pki.crlPath,
        settings,
        loadWorkers: settings.loadWorkers,
        host: HOST,
        layout,
        round,
        sequence: trials.length,
        serverEntry: pairing.serverEntry,
        loadEntry: pairing.loadEntry,
      });
      trials.push({ pairing, record });
    }
  }
  return trials;
}

async function runMemoryCheck(context: BenchContext): Promise<MemoryProbeResult> {
  const { options } = context;
  process.stderr.write(`memory check: one harness load worker, ${options.memorySeconds} s window\n`);
  return probeLoadWorkerMemory({
    cell: context.cell,
    pki: context.pki.pki,
    host: HOST,
    layout: context.layout,
    concurrency: options.concurrency,
    warmupSeconds: options.warmupSeconds,
    windowSeconds: options.memorySeconds,
    serverEntry: BARE_SERVER_ENTRY,
    loadEntry: HARNESS_LOAD_ENTRY,
  });
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  const cell = benchCell(options);
  const layout = planLayout();
  // One load worker per load core, as `loadWorkers: auto` does in a normal run.
  const loadWorkers = Math.max(1, layout.loadCores.length);
  const settings = { trials: options.trials, warmupSeconds: options.warmupSeconds, durationSeconds: options.durationSeconds, concurrency: options.concurrency, loadWorkers, serverWorkers: 1 };
  const context: BenchContext = { options, cell, layout, pki: await prepareCellPki(new PkiStore(), cell), settings };

  const trials = await runRounds(context);
  const memory = options.memorySeconds > 0 ? await runMemoryCheck(context) : null;

  const sections = [
    renderOverview(captureEnvironment(), layout, cell, { ...settings, seed: options.seed }),
    renderTrials(trials),
    renderSummaries(trials),
    renderRatios(trials),
  ];
  if (memory) sections.push(renderMemory(memory, options.concurrency));
  process.stdout.write(`${sections.join('\n\n')}\n`);

  const mismatched = trials.filter(({ record }) => record.totals.clientCompleted !== record.totals.serverCompleted);
  if (mismatched.length > 0) {
    process.stderr.write(`Error: client and server counts differ in ${mismatched.length} of ${trials.length} trials (trials ${mismatched.map(({ record }) => record.sequence + 1).join(', ')})\n`);
    return 1;
  }
  return 0;
}

try {
  process.exitCode = await main(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof BenchError) {
    process.stderr.write(`Error: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`Error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}
